# Native build: the core against Debian's libsodium, the CLI, the tests.
option(MEDINS_BENCH "Build bench/medins_bench, the native contestant of scripts/bench.sh" OFF)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
target_link_libraries(medins_deps INTERFACE PkgConfig::SODIUM)

if(MEDINS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

medins_core_library(medins_core sdk/src/internal/platform_native.cpp)

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
