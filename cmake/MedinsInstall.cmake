# `cmake --install`: the public headers, the static core (medins::medins, C++),
# the C ABI's shared library (medins::medins_c), the CLI, a CMake package
# (find_package(medins)) and pkg-config files (medins, medins_c). Checked by
# tests/install/ (docs/integration.md, "From C++ and C").
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(medins_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/medins)

# What users of the installed static library link instead of the build's
# medins_deps: nlohmann/json is in the public API (docs/decisions/0006), and
# libsodium is linked with the core.
target_link_libraries(medins_core INTERFACE
  $<INSTALL_INTERFACE:nlohmann_json::nlohmann_json> $<INSTALL_INTERFACE:PkgConfig::medins_sodium>)
foreach(target medins_core medins_c)
  target_include_directories(${target} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()

if(MEDINS_TEST_KNOBS)
  # A test build (the default of a top-level configure) accepts chosen nonces
  # and seeds; fine for tests/install/, never for a package that ships.
  install(CODE [[message(WARNING "medins: this build accepts the test-only inputs (MEDINS_TEST_KNOBS=ON); configure with -DMEDINS_BUILD_TESTS=OFF for a package that ships (docs/integration.md)")]])
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS medins_core medins_c EXPORT medinsTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS medins_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT medinsTargets NAMESPACE medins:: DESTINATION ${medins_cmake_dir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/medinsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/medinsConfig.cmake INSTALL_DESTINATION ${medins_cmake_dir})
# 0.x: a minor version may change the API, so only the same minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/medinsConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/medinsConfig.cmake ${PROJECT_BINARY_DIR}/medinsConfigVersion.cmake
        DESTINATION ${medins_cmake_dir})

# The .pc files find the prefix from their own place, so that a package
# installed with `cmake --install --prefix DIR` is right wherever DIR is.
file(RELATIVE_PATH medins_pc_prefix /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" medins_pc_prefix "${medins_pc_prefix}")
foreach(pc medins medins_c)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
