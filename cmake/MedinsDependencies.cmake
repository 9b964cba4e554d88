# Header-only dependencies (nlohmann/json, doctest) come from Debian's packages.
# emcc must never see -I/usr/include (it would shadow the wasm sysroot), so the
# two header trees are mirrored into a build folder that holds only them.
set(MEDINS_HEADER_ONLY_DIR ${CMAKE_BINARY_DIR}/header-only)
foreach(dep nlohmann doctest)
  if(NOT EXISTS ${MEDINS_HEADER_ONLY_DIR}/${dep})
    if(NOT EXISTS /usr/include/${dep})
      message(FATAL_ERROR "/usr/include/${dep} missing: run scripts/setup.sh")
    endif()
    file(MAKE_DIRECTORY ${MEDINS_HEADER_ONLY_DIR})
    file(CREATE_LINK /usr/include/${dep} ${MEDINS_HEADER_ONLY_DIR}/${dep} SYMBOLIC)
  endif()
endforeach()

add_library(medins_deps INTERFACE)
# SYSTEM: warnings inside third-party headers are not ours to fix.
target_include_directories(medins_deps SYSTEM INTERFACE ${MEDINS_HEADER_ONLY_DIR})
