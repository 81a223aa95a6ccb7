# Finds every external dependency explicitly; a missing one stops the build
# with the Debian package that provides it (scripts/setup installs them all).

function(nacre_require_program var name package)
  find_program(${var} NAMES ${name})
  if(NOT ${var})
    message(FATAL_ERROR "nacre needs '${name}': install the Debian package '${package}' (or run scripts/setup)")
  endif()
endfunction()

function(nacre_require_file var file hint package)
  find_path(${var} NAMES ${file} HINTS ${hint})
  if(NOT ${var})
    message(FATAL_ERROR "nacre needs ${file}: install the Debian package '${package}' (or run scripts/setup)")
  endif()
endfunction()

# LLVM 19, C API only.
find_program(NACRE_LLVM_CONFIG NAMES llvm-config-19 HINTS /usr/lib/llvm-19/bin)
if(NOT NACRE_LLVM_CONFIG)
  message(FATAL_ERROR "nacre needs LLVM 19: install the Debian package 'llvm-19-dev' (or run scripts/setup)")
endif()
execute_process(COMMAND ${NACRE_LLVM_CONFIG} --version OUTPUT_VARIABLE NACRE_LLVM_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT NACRE_LLVM_VERSION MATCHES "^19\\.")
  message(FATAL_ERROR "nacre needs LLVM 19, found ${NACRE_LLVM_VERSION}: install 'llvm-19-dev'")
endif()
execute_process(COMMAND ${NACRE_LLVM_CONFIG} --includedir OUTPUT_VARIABLE NACRE_LLVM_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${NACRE_LLVM_CONFIG} --libdir OUTPUT_VARIABLE NACRE_LLVM_LIBDIR OUTPUT_STRIP_TRAILING_WHITESPACE)
nacre_require_file(NACRE_LLVM_C_CORE llvm-c/Core.h ${NACRE_LLVM_INCLUDE} llvm-19-dev)

# Toolchain for runtimes, examples and test programs.
nacre_require_program(NACRE_CLANG clang-19 clang-19)
nacre_require_program(NACRE_LLD ld.lld-19 lld-19)

# binaryen: wasm-level optimisation, text input, fuzz modules.
nacre_require_program(NACRE_WASM_OPT wasm-opt binaryen)

# wabt: wast2json for the spec runner, wat2wasm for the examples.
nacre_require_program(NACRE_WAST2JSON wast2json wabt)
nacre_require_program(NACRE_WAT2WASM wat2wasm wabt)

# libelf: object audit and inspect.
nacre_require_file(NACRE_LIBELF_INCLUDE libelf.h "" libelf-dev)
find_library(NACRE_LIBELF NAMES elf)
if(NOT NACRE_LIBELF)
  message(FATAL_ERROR "nacre needs libelf: install the Debian package 'libelf-dev' (or run scripts/setup)")
endif()

# Criterion: unit tests.  jansson: reading wast2json's JSON in the spec runner.
nacre_require_file(NACRE_CRITERION_INCLUDE criterion/criterion.h "" libcriterion-dev)
find_library(NACRE_CRITERION NAMES criterion)
if(NOT NACRE_CRITERION)
  message(FATAL_ERROR "nacre needs Criterion: install the Debian package 'libcriterion-dev' (or run scripts/setup)")
endif()
nacre_require_file(NACRE_JANSSON_INCLUDE jansson.h "" libjansson-dev)
find_library(NACRE_JANSSON NAMES jansson)
if(NOT NACRE_JANSSON)
  message(FATAL_ERROR "nacre needs jansson: install the Debian package 'libjansson-dev' (or run scripts/setup)")
endif()
