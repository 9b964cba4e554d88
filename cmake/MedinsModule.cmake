# Shared compile settings of every medins target.
function(medins_target_settings target)
  # A shared library's interface is the C ABI: its users need no C++20.
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "SHARED_LIBRARY")
    target_compile_features(${target} PRIVATE cxx_std_20)
  else()
    target_compile_features(${target} PUBLIC cxx_std_20)
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wno-unused-parameter)
    if(MEDINS_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
  target_compile_definitions(${target} PRIVATE MEDINS_VERSION="${PROJECT_VERSION}")
endfunction()

# Build time: every translation unit parses nlohmann/json and the standard
# headers (about 5 s a file under the sanitizers) and instantiates the same
# basic_json members. A precompiled header does both once per target
# (with clang, CMake adds -fpch-instantiate-templates: the header's templates
# are instantiated in the PCH instead of in every file). The list is only what nearly every file
# includes anyway, so a missing include is still found by a build with
# MEDINS_PCH=OFF. docs/performance.md ("Build and test time") has the measured effect.
option(MEDINS_PCH "Precompile the headers every core and test file includes" ON)
set(MEDINS_PCH_HEADERS <algorithm> <array> <cstdint> <optional> <span> <string> <string_view> <vector>
                       <nlohmann/json.hpp>)
# medins_precompile(TARGET [REUSE_FROM OTHER] [HEADERS ...]): the precompiled
# header for TARGET, or OTHER's when the flags are the same.
function(medins_precompile target)
  if(NOT MEDINS_PCH)
    return()
  endif()
  cmake_parse_arguments(arg "" "REUSE_FROM" "HEADERS" ${ARGN})
  if(arg_REUSE_FROM)
    target_precompile_headers(${target} REUSE_FROM ${arg_REUSE_FROM})
    return()
  endif()
  # CMake adds -fpch-instantiate-templates for clang (PCH_INSTANTIATE_TEMPLATES).
  target_precompile_headers(${target} PRIVATE ${MEDINS_PCH_HEADERS} ${arg_HEADERS})
endfunction()

# medins_core_library(NAME [EXTRA_OPTIONS ...]): the core compiled into a static
# library; the native, sanitizer, fuzz and wasm builds differ only in options.
function(medins_core_library name)
  set(sources "")
  foreach(source ${MEDINS_CORE_SOURCES} ${ARGN})
    if(NOT IS_ABSOLUTE ${source})
      set(source ${PROJECT_SOURCE_DIR}/${source})
    endif()
    list(APPEND sources ${source})
  endforeach()
  add_library(${name} STATIC ${sources})
  # BUILD_INTERFACE: what an installed package's users get instead is set by
  # cmake/MedinsInstall.cmake.
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/sdk/include>
                                     PRIVATE ${PROJECT_SOURCE_DIR}/sdk/src)
  target_link_libraries(${name} PUBLIC $<BUILD_INTERFACE:medins_deps>)
  if(MEDINS_TEST_KNOBS)
    # PUBLIC: every target linking the core (CLI, tests) sees the same knobs.
    # No public header reads them, so an installed package does not carry them.
    target_compile_definitions(${name} PUBLIC $<BUILD_INTERFACE:MEDINS_TEST_KNOBS=1>)
  endif()
  medins_target_settings(${name})
  medins_precompile(${name})
endfunction()
