# Programs that embed nacre-compiled modules, for this machine or for
# another target in NACRE_TARGETS.  The one recipe for the other targets:
# C compiled by clang against the target's C library (Debian's cross
# packages under NACRE_CROSS_PREFIX), linked by ld.lld as a PIE with the
# target's dynamic loader and lib/nacre/<arch>/libnacre_embed.a,
# and run under qemu-user with -L <the C library's root>.

# nacre_module_object(<obj> <wasm> [ARCH <arch>] [OPTIONS <nacre build options>...]):
# a custom command making <obj> (nacre build --emit=obj) and the header
# beside it (<obj> with .h for .o); the module is named after <obj>'s base
# name unless OPTIONS say otherwise.  Without ARCH, for this machine.
function(nacre_module_object obj wasm)
  cmake_parse_arguments(A "" "ARCH" "OPTIONS" ${ARGN})
  get_filename_component(dir ${obj} DIRECTORY)
  get_filename_component(base ${obj} NAME_WE)
  set(target)
  if(A_ARCH)
    set(target --target=${A_ARCH})
  endif()
  file(RELATIVE_PATH rel ${CMAKE_BINARY_DIR} ${obj})
  add_custom_command(OUTPUT ${obj} ${dir}/${base}.h
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND $<TARGET_FILE:nacre> build ${wasm} --emit=obj ${target} -o ${obj} ${A_OPTIONS}
    DEPENDS ${wasm} nacre COMMENT "nacre build ${rel}" VERBATIM)
endfunction()

# nacre_cross_cflags(<arch> <out var>): clang's flags for C of <arch>
# against its C library: the target, the C library's headers, the flags
# of sys/<arch>/target.cmake; sets its NACRE_ARCH_* variables here too.
function(nacre_cross_cflags arch var)
  nacre_arch_flags(${arch} flags)
  foreach(v NACRE_ARCH_LLD_EMULATION NACRE_ARCH_DYNAMIC_LINKER)
    set(${v} ${${v}} PARENT_SCOPE)
  endforeach()
  set(${var} --target=${arch}-linux-gnu -nostdlibinc -isystem ${NACRE_CROSS_PREFIX}/${arch}-linux-gnu/include
      ${NACRE_ARCH_CFLAGS} PARENT_SCOPE)
endfunction()

# nacre_cross_executable(<target> OUTPUT <path> ARCH <arch> SOURCES <c>...
#   [OBJECTS <obj>...] [INCLUDES <dir>...] [CFLAGS <flag>...] [DEPENDS <file>...]
#   [EXPORT_RUNTIME]):
# builds <path> for <arch> (not this machine) as part of ALL, by <target>:
# each source compiled with nacre_cross_cflags, the project's warnings and
# the runtime's public headers, then linked with OBJECTS, the libc
# runtime for <arch>, libm and libc.  DEPENDS: generated headers.
# EXPORT_RUNTIME exports the nacre_rt_* entries, for a program that opens
# nacre's shared objects (nacre_module_open), as
# nacre_runtime_export_symbols does for this machine.
function(nacre_cross_executable target)
  cmake_parse_arguments(A "EXPORT_RUNTIME" "OUTPUT;ARCH" "SOURCES;OBJECTS;INCLUDES;CFLAGS;DEPENDS" ${ARGN})
  nacre_cross_cflags(${A_ARCH} cflags)
  set(root ${NACRE_CROSS_PREFIX}/${A_ARCH}-linux-gnu)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target}.dir)
  list(TRANSFORM A_INCLUDES PREPEND -I)
  set(objs)
  foreach(src ${A_SOURCES})
    get_filename_component(src ${src} ABSOLUTE)
    get_filename_component(base ${src} NAME_WE)
    set(obj ${dir}/${base}.o)
    add_custom_command(OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${NACRE_CLANG} ${cflags} -fPIC -O2 -g ${NACRE_TARGET_WARNINGS} -I${CMAKE_SOURCE_DIR}/runtime-lib/include
              ${A_CFLAGS} ${A_INCLUDES} -MD -MF ${obj}.d -c ${src} -o ${obj}
      DEPENDS ${src} ${A_DEPENDS} DEPFILE ${obj}.d
      COMMENT "clang (${A_ARCH}) ${base}.c" VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  set(rt ${NACRE_RUNTIME_DIR}/${A_ARCH}/libnacre_embed.a)
  set(export)
  if(A_EXPORT_RUNTIME)
    set(export --export-dynamic-symbol=nacre_rt_*)
  endif()
  get_filename_component(outdir ${A_OUTPUT} DIRECTORY)
  add_custom_command(OUTPUT ${A_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND ${NACRE_LLD} -m ${NACRE_ARCH_LLD_EMULATION} -pie -dynamic-linker ${NACRE_ARCH_DYNAMIC_LINKER}
            -z noexecstack ${export} ${root}/lib/Scrt1.o ${root}/lib/crti.o ${objs} ${A_OBJECTS} ${rt}
            -L${root}/lib -lm -lc ${root}/lib/crtn.o -o ${A_OUTPUT}
    DEPENDS ${objs} ${A_OBJECTS} ${rt} nacre_embed_${A_ARCH}
    COMMENT "ld.lld (${A_ARCH}) ${target}" VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${A_OUTPUT})
endfunction()

# nacre_cross_run(<arch> <out var>): the command prefix that runs a
# program made by nacre_cross_executable: qemu-<arch> -L <C library root>.
function(nacre_cross_run arch var)
  nacre_require_program(NACRE_QEMU_${arch} qemu-${arch} qemu-user)
  set(${var} ${NACRE_QEMU_${arch}} -L ${NACRE_CROSS_PREFIX}/${arch}-linux-gnu PARENT_SCOPE)
endfunction()
