/* Force-included into libsodium's randombytes.c for the wasm build: makes the
 * host import the default randombytes implementation. */
#ifndef MEDINS_WASM_RANDOMBYTES_HOST_H
#define MEDINS_WASM_RANDOMBYTES_HOST_H
#include "randombytes.h"
extern struct randombytes_implementation medins_host_randombytes;
#endif
