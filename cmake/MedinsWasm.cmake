# WebAssembly build: libsodium 1.0.18 compiled from Debian's source package by
# this file (no autotools), the core, and the wasm/ boundary, linked into one
# standalone module with no Emscripten-generated JS.

# --- libsodium from source --------------------------------------------------
if(NOT MEDINS_LIBSODIUM_SOURCE)
  set(path_file "$ENV{HOME}/.cache/medins/libsodium.path")
  if(DEFINED ENV{MEDINS_CACHE})
    set(path_file "$ENV{MEDINS_CACHE}/libsodium.path")
  endif()
  if(EXISTS ${path_file})
    file(READ ${path_file} MEDINS_LIBSODIUM_SOURCE)
    string(STRIP "${MEDINS_LIBSODIUM_SOURCE}" MEDINS_LIBSODIUM_SOURCE)
  endif()
endif()
set(sodium_root ${MEDINS_LIBSODIUM_SOURCE}/src/libsodium)
if(NOT EXISTS ${sodium_root}/include/sodium.h)
  message(FATAL_ERROR "libsodium source not found (${MEDINS_LIBSODIUM_SOURCE}): run scripts/setup.sh")
endif()

# version.h from its template, as configure would write it.
set(VERSION 1.0.18)
set(SODIUM_LIBRARY_VERSION_MAJOR 10)
set(SODIUM_LIBRARY_VERSION_MINOR 3)
set(SODIUM_LIBRARY_MINIMAL_DEF "")
set(sodium_generated ${CMAKE_BINARY_DIR}/sodium-generated)
configure_file(${sodium_root}/include/sodium/version.h.in ${sodium_generated}/sodium/version.h @ONLY)

file(GLOB_RECURSE sodium_sources ${sodium_root}/*.c)
# x86-only code, and the OS random sources: randomness comes from the host.
list(FILTER sodium_sources EXCLUDE REGEX "/sandy2x/|salsa20_xmm6\\.c$|randombytes_sysrandom\\.c$|randombytes_internal_random\\.c$")
add_library(sodium_wasm STATIC ${sodium_sources} ${PROJECT_SOURCE_DIR}/wasm/randombytes_host.c)
target_include_directories(sodium_wasm
  PUBLIC ${sodium_generated} ${sodium_generated}/sodium ${sodium_root}/include ${sodium_root}/include/sodium)
# The defines `configure --disable-asm --without-pthreads --disable-ssp` would
# produce for Emscripten (measured when the wasm build was set up). No
# HAVE_TI_MODE: 64-bit limbs are 2-3x slower in wasm.
target_compile_definitions(sodium_wasm PRIVATE
  CONFIGURED=1 SODIUM_STATIC=1 NATIVE_LITTLE_ENDIAN=1 HAVE_SYS_MMAN_H=1
  HAVE_POSIX_MEMALIGN=1 HAVE_EXPLICIT_BZERO=1 HAVE_C_VARARRAYS=1 HAVE_ALLOCA_H=1
  HAVE_ALLOCA=1 HAVE_INLINE_ASM=1 HAVE_ATOMIC_OPS=1 HAVE_NANOSLEEP=1 _GNU_SOURCE=1)
target_compile_options(sodium_wasm PRIVATE
  -O3                       # crypto is the hot path: -Oz costs 3-7x on symmetric primitives
  -fno-strict-aliasing -fno-strict-overflow  # what libsodium's configure adds
  -Wno-unused-function -Wno-unknown-pragmas -Wno-deprecated-declarations)
target_compile_definitions(sodium_wasm PUBLIC SODIUM_STATIC=1)
# randombytes.c's __EMSCRIPTEN__ branch calls EM_ASM (Emscripten's JS glue,
# which we do not ship); without it, and with the host import as its default.
set_source_files_properties(${sodium_root}/randombytes/randombytes.c PROPERTIES
  COMPILE_OPTIONS "-U__EMSCRIPTEN__;-include;${PROJECT_SOURCE_DIR}/wasm/randombytes_host.h"
  COMPILE_DEFINITIONS "RANDOMBYTES_CUSTOM_IMPLEMENTATION=1;RANDOMBYTES_DEFAULT_IMPLEMENTATION=&medins_host_randombytes")
target_link_libraries(medins_deps INTERFACE sodium_wasm)

# --- core and module ----------------------------------------------------------
set(MEDINS_WASM_CXX_FLAGS
  -fno-exceptions           # no exceptions cross the boundary; nlohmann aborts instead, so the core uses only non-throwing calls
  -fno-rtti                 # nothing uses RTTI; saves size
  -Oz                       # cold code (JSON, validation) is small rather than fast; crypto is -O3 above
)
# LTO: -11.6 KB brotli (-6.2%) on the full SDK, every vector and glue test
# passing (docs/performance.md). OFF only to compare.
option(MEDINS_WASM_LTO "Link-time optimization of the core in the wasm build" ON)
if(MEDINS_WASM_LTO)
  list(APPEND MEDINS_WASM_CXX_FLAGS -flto)  # whole-core inlining and dead-code removal across files
endif()
# wasm/wiping_free.cpp zeroes every freed block, operator delete's included,
# so the core's own wiping operator delete would only wipe twice.
list(REMOVE_ITEM MEDINS_CORE_SOURCES sdk/src/internal/wiping_allocator.cpp)
medins_core_library(medins_core_wasm ${PROJECT_SOURCE_DIR}/wasm/host_env.cpp)
target_compile_options(medins_core_wasm PRIVATE ${MEDINS_WASM_CXX_FLAGS})

# wasm/fast_memory.cpp: word-at-a-time memset/memcpy/memmove in place of the
# byte loops Emscripten links at -Oz (docs/performance.md). OFF only to compare.
option(MEDINS_WASM_FAST_MEMORY "Word-at-a-time memset/memcpy/memmove in the wasm build" ON)
add_executable(medins_wasm ${PROJECT_SOURCE_DIR}/sdk/src/call/c_abi.cpp ${PROJECT_SOURCE_DIR}/wasm/abi.cpp
               ${PROJECT_SOURCE_DIR}/wasm/wiping_free.cpp
               $<$<BOOL:${MEDINS_WASM_FAST_MEMORY}>:${PROJECT_SOURCE_DIR}/wasm/fast_memory.cpp>)
# free/realloc replace dlmalloc's weak ones, memset/memcpy/memmove libc's
# byte loops; kept out of LTO so the linker resolves libsodium's and libc's
# calls to them like any other object's.
set_source_files_properties(${PROJECT_SOURCE_DIR}/wasm/wiping_free.cpp PROPERTIES COMPILE_OPTIONS -fno-lto)
set_source_files_properties(${PROJECT_SOURCE_DIR}/wasm/fast_memory.cpp PROPERTIES COMPILE_OPTIONS "-fno-lto;-fno-builtin;-Os")
target_include_directories(medins_wasm PRIVATE ${PROJECT_SOURCE_DIR}/sdk/src ${PROJECT_SOURCE_DIR}/wasm)
target_compile_options(medins_wasm PRIVATE ${MEDINS_WASM_CXX_FLAGS})
target_link_libraries(medins_wasm PRIVATE medins_core_wasm)
set_target_properties(medins_wasm PROPERTIES OUTPUT_NAME medins SUFFIX .wasm)

# wasm/exports.txt is the one list of exports; emcc wants a JSON list.
file(STRINGS ${PROJECT_SOURCE_DIR}/wasm/exports.txt export_lines REGEX "^medins_")
set(export_json "")
foreach(name ${export_lines})
    list(APPEND export_json "\"_${name}\"")
endforeach()
list(JOIN export_json "," export_json)
file(WRITE ${CMAKE_BINARY_DIR}/exports.json "[${export_json}]")
set_property(TARGET medins_wasm APPEND PROPERTY LINK_DEPENDS ${PROJECT_SOURCE_DIR}/wasm/exports.txt)

target_link_options(medins_wasm PRIVATE
  -sSTANDALONE_WASM=1       # a module any host can instantiate: no Emscripten JS (it fails on Node 20 and in WeChat)
  --no-entry                # a library (WASI reactor: the host calls _initialize once), not a program
  -sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/exports.json  # exactly wasm/exports.txt, nothing else
  -sALLOW_MEMORY_GROWTH=1   # Argon2id and 16 MiB inputs need more than the initial memory
  -sINITIAL_MEMORY=2MB      # small start: memory grows on demand, cold start stays short
  # The stack is wiped after every call (wasm/abi.cpp), so its size is a cost
  # per call: at 256 KiB, 0.3 ms of the 1 ms a call costs at least in
  # JavaScriptCore without JIT (the per-call floor, docs/performance.md).
  # The deepest call of every vector, JSON nested to the depth limit and
  # Argon2id takes 11.4 KiB (docs/performance.md); 64 KiB leaves 5.6x that.
  -sTOTAL_STACK=64KB
  # The stack below the static data, from address 0 up: an overflow wraps
  # below 0 and traps (the glue then retires the instance) instead of
  # silently overwriting the data section, as a stack after the data would.
  -Wl,--stack-first
  -sFILESYSTEM=0            # no files: storage is the glue's job
  -sSUPPORT_LONGJMP=0       # nothing longjmps
  -sASSERTIONS=0            # release build
  -sERROR_ON_UNDEFINED_SYMBOLS=1
  --js-library=${PROJECT_SOURCE_DIR}/wasm/imports.js  # declares the host imports so emcc links them as imports
  -Oz
  $<$<BOOL:${MEDINS_WASM_LTO}>:-flto>  # the link step must also be LTO to optimize across the core's files
)

# A second wasm-opt round after emcc's -Oz one, repeated until it stops
# changing. At -O3 with flexible inlining capped at 8 bytes of body it is both
# smaller and faster than a second -Oz round: -Oz never inlines the many tiny
# accessors (nlohmann's, libc++'s, libsodium's load/store helpers) that LTO at
# minsize left as calls, and an interpreter pays for every call (JavaScriptCore
# without JIT: token.verify v4.local 0.47x the time, estimate 0.77x; module
# 182.5 KB brotli against 183.3; the sweep is in docs/performance.md). Features
# pinned so the pass can never introduce any beyond what iOS WeChat accepts.
find_program(MEDINS_WASM_OPT wasm-opt REQUIRED)
add_custom_command(TARGET medins_wasm POST_BUILD
  COMMAND ${MEDINS_WASM_OPT}
    -O3                     # speed passes over emcc's size-oriented output
    --flexible-inline-max-function-size=8  # inline only the tiniest functions: the default 20 costs +2.1 KB brotli for no measured gain
    --converge              # rerun until the binary stops changing
    --strip-producers       # the producers section names the toolchain; nobody reads it
    --mvp-features --enable-mutable-globals  # exactly MVP + mutable-globals (tests/glue/boundary.test.mjs)
    $<TARGET_FILE:medins_wasm> -o $<TARGET_FILE:medins_wasm>
  VERBATIM)
