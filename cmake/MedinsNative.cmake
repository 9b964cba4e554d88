# Native build: the core against Debian's libsodium, the CLI, the tests.
option(MEDINS_BENCH "Build bench/medins_bench, the native contestant of scripts/bench.sh" OFF)
find_package(PkgConfig REQUIRED)
# The prefix names the imported target, which the installed package's config
# creates again in its users' projects (cmake/medinsConfig.cmake.in).
pkg_check_modules(medins_sodium REQUIRED IMPORTED_TARGET libsodium)
target_link_libraries(medins_deps INTERFACE PkgConfig::medins_sodium)

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
  # Line tables are all a sanitizer report or a crash needs; full debug
  # information cost about 2 s of each file's 16 s here.
  add_compile_options(-fsanitize=fuzzer-no-link -fno-exceptions -gline-tables-only)
endif()
# What a program using the installed package is compiled with here too
# (tests/install/): an instrumented library needs an instrumented program.
set(MEDINS_CONSUMER_FLAGS "")
if(MEDINS_FUZZ)
  list(APPEND MEDINS_CONSUMER_FLAGS -fno-exceptions)
endif()
if(MEDINS_SANITIZE)
  set(sanitize_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_compile_options(${sanitize_flags})
  add_link_options(-fsanitize=address,undefined)
  list(APPEND MEDINS_CONSUMER_FLAGS ${sanitize_flags})
endif()

medins_core_library(medins_core sdk/src/internal/platform_native.cpp)
# PIC: the same objects serve the static library and libmedins_c.so.
set_target_properties(medins_core PROPERTIES OUTPUT_NAME medins EXPORT_NAME medins
                                             POSITION_INDEPENDENT_CODE ON)
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

# The C ABI (sdk/include/medins/medins.h) as a shared library, for hosts in
# C, Java, Go... Only the medins_* functions are exported: the core inside,
# its wiping operator new/delete included, stays private to the library.
set(MEDINS_C_ABI_SOURCES ${PROJECT_SOURCE_DIR}/sdk/src/call/c_abi.cpp
                         ${PROJECT_SOURCE_DIR}/sdk/src/call/c_abi_native.cpp)
add_library(medins_c SHARED ${MEDINS_C_ABI_SOURCES})
target_include_directories(medins_c PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/sdk/include>
                                    PRIVATE ${PROJECT_SOURCE_DIR}/sdk/src)
target_link_libraries(medins_c PRIVATE medins_core)
set(medins_c_map ${PROJECT_SOURCE_DIR}/sdk/src/call/medins_c.map)
target_link_options(medins_c PRIVATE -Wl,--version-script=${medins_c_map})
if(NOT MEDINS_SANITIZE)
  # The sanitizers' runtime comes with the executable, so only without them.
  target_link_options(medins_c PRIVATE -Wl,--no-undefined)
endif()
set_target_properties(medins_c PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
                                          LINK_DEPENDS ${medins_c_map})
medins_target_settings(medins_c)

include(MedinsInstall)

if(MEDINS_BUILD_TESTS)
  enable_testing()
  add_subdirectory(tests)
endif()

if(MEDINS_FUZZ)
  add_subdirectory(tests/fuzz)
endif()
