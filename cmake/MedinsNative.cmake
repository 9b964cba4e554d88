# Native build: the core against Debian's libsodium, the CLI, the tests.
option(MEDINS_BENCH "Build bench/medins_bench, the native contestant of scripts/bench.sh" OFF)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
target_link_libraries(medins_deps INTERFACE PkgConfig::SODIUM)

# MEDINS_FUZZ makes this build the checking build of scripts/test.sh: one core,
# compiled once, serves the doctest suite under ASan+UBSan, the CLI and every
# libFuzzer target. Without exceptions, as in wasm, so that a would-be throw
# inside nlohmann/json aborts and is found instead of being answered as
# internal.error by call()'s safety net.
if(MEDINS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MEDINS_FUZZ needs clang (CC=clang CXX=clang++)")
  endif()
  set(MEDINS_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link -fno-exceptions)
endif()
if(MEDINS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

medins_core_library(medins_core sdk/src/internal/platform_native.cpp)
if(MEDINS_FUZZ)
  # The core is what the fuzzers and the slow doctest cases execute: -O1, as
  # libFuzzer's documentation advises; the tests and fuzz drivers stay at the
  # build type's level (-O0 in Debug), which compiles faster.
  target_compile_options(medins_core PRIVATE -O1)
endif()

add_executable(medins_cli sdk/cli/main.cpp)
set_target_properties(medins_cli PROPERTIES OUTPUT_NAME medins)
target_link_libraries(medins_cli PRIVATE medins_core)
medins_target_settings(medins_cli)

if(MEDINS_BUILD_TESTS)
  enable_testing()
  add_subdirectory(tests)
endif()

if(MEDINS_FUZZ)
  add_subdirectory(tests/fuzz)
endif()
