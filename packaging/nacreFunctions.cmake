# nacreFunctions.cmake: the functions find_package(nacre) gives a project
# (included by nacreConfig.cmake, which defines nacre::nacre and
# NACRE_RUNTIME_DIR).  Each compiles a .wasm with `nacre build` as a
# custom command that re-runs when the module or nacre changes.

# nacre_target_of(<processor> <out var>): nacre's name for a CMake
# processor (CMAKE_SYSTEM_PROCESSOR), or empty if nacre has none for it.
function(nacre_target_of processor var)
  string(TOLOWER "${processor}" p)
  if(p MATCHES "^(amd64|x64)$")
    set(p x86_64)
  elseif(p STREQUAL "arm64")
    set(p aarch64)
  endif()
  if(NOT p IN_LIST NACRE_TARGETS)
    set(p "")
  endif()
  set(${var} "${p}" PARENT_SCOPE)
endfunction()

# The `nacre build` arguments the functions share, from their parsed
# A_TARGET, A_BOUNDS and A_OPTIONS; the target defaults to the project's
# processor (so that a cross-compiling toolchain gets code it can link).
macro(_nacre_build_args out)
  set(_target "${A_TARGET}")
  if(NOT _target)
    nacre_target_of("${CMAKE_SYSTEM_PROCESSOR}" _target)
  endif()
  set(${out})
  if(_target)
    list(APPEND ${out} --target=${_target})
  endif()
  if(A_BOUNDS)
    list(APPEND ${out} --bounds=${A_BOUNDS})
  endif()
  list(APPEND ${out} ${A_OPTIONS})
  if(NOT A_SOURCE)
    message(FATAL_ERROR "nacre: ${name} needs SOURCE <file.wasm>")
  endif()
  get_filename_component(_src "${A_SOURCE}" ABSOLUTE)
endmacro()

# nacre_add_executable(<name> SOURCE <wasm> [TARGET <target>]
#   [BOUNDS guard|explicit] [OUTPUT <path>] [DIRS <HOST::GUEST|DIR>...]
#   [DIRS_RO <HOST::GUEST|DIR>...] [ENV <NAME=VALUE|NAME>...]
#   [OPTIONS <nacre build options>...]):
# a static executable of the WASI command <wasm>, built by the target
# <name> as part of ALL, at OUTPUT (default <current binary
# dir>/<name>.nacre/<name>: a file named as the target would clash with
# it in Ninja), also the target's NACRE_OUTPUT property: add_test(COMMAND
# $<TARGET_PROPERTY:<name>,NACRE_OUTPUT>).  DIRS, DIRS_RO and ENV are
# nacre build's --dir, --dir-ro and --env grants.
function(nacre_add_executable name)
  cmake_parse_arguments(A "" "SOURCE;TARGET;BOUNDS;OUTPUT" "DIRS;DIRS_RO;ENV;OPTIONS" ${ARGN})
  _nacre_build_args(args)
  foreach(kind DIRS:--dir DIRS_RO:--dir-ro ENV:--env)
    string(REPLACE ":" ";" kind ${kind})
    list(GET kind 0 var)
    list(GET kind 1 flag)
    foreach(v ${A_${var}})
      list(APPEND args ${flag}=${v})
    endforeach()
  endforeach()
  set(out "${A_OUTPUT}")
  if(NOT out)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.nacre/${name})
  endif()
  get_filename_component(out "${out}" ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  # This package's own runtime, whatever NACRE_RUNTIME_DIR says.
  set(archives)
  if(_target)
    set(archives ${NACRE_RUNTIME_DIR}/${_target}/libnacre_runtime.a ${NACRE_RUNTIME_DIR}/${_target}/libnacre_wasi.a)
  endif()
  get_filename_component(dir "${out}" DIRECTORY)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND nacre::nacre build ${_src} -o ${out} --runtime-dir=${NACRE_RUNTIME_DIR} ${args}
    DEPENDS ${_src} $<TARGET_FILE:nacre::nacre> ${archives}
    COMMENT "nacre build ${name}" VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
  set_target_properties(${name} PROPERTIES NACRE_OUTPUT ${out})
endfunction()

# nacre_add_object(<name> SOURCE <wasm> [MODULE_NAME <module>]
#   [TARGET <target>] [BOUNDS guard|explicit] [OPTIONS <options>...]):
# the static library <name> holding <wasm> compiled to an object
# (nacre build --emit=obj --module-name=<module>, default <name>), whose
# header <module>.h is on the library's include path; linking <name>
# brings nacre::runtime along.  A host includes <module>.h and
# instantiates <module>_module (see nacre.h).
function(nacre_add_object name)
  cmake_parse_arguments(A "" "SOURCE;MODULE_NAME;TARGET;BOUNDS" "OPTIONS" ${ARGN})
  _nacre_build_args(args)
  set(module "${A_MODULE_NAME}")
  if(NOT module)
    set(module ${name})
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${name}.nacre)
  add_custom_command(OUTPUT ${dir}/${module}.o ${dir}/${module}.h
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND nacre::nacre build ${_src} --emit=obj --module-name=${module} -o ${dir}/${module}.o ${args}
    DEPENDS ${_src} $<TARGET_FILE:nacre::nacre>
    COMMENT "nacre build ${name} (module ${module})" VERBATIM)
  set_source_files_properties(${dir}/${module}.o PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  add_library(${name} STATIC ${dir}/${module}.o ${dir}/${module}.h)
  set_target_properties(${name} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${name} PUBLIC ${dir})
  if(TARGET nacre::runtime)
    target_link_libraries(${name} INTERFACE nacre::runtime)
  endif()
endfunction()
