/* The whole C ABI of the medins wasm module: a thin layer over medins::call_raw.
 * Ownership: the caller allocates inputs with medins_alloc and releases them
 * with medins_free (which wipes); the core allocates each result, the caller
 * copies it out and releases it with medins_result_free (which wipes). Only
 * i32 values cross the boundary (iOS WeChat has no BigInt). */
#ifndef MEDINS_WASM_MEDINS_ABI_H
#define MEDINS_WASM_MEDINS_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns a block of `len` bytes (len may be 0), or 0 when memory is exhausted. */
void* medins_alloc(uint32_t len);

/* Zeroes `len` bytes at `ptr`, then releases the block. Null is ignored. */
void medins_free(void* ptr, uint32_t len);

/* Runs op `op[0..op_len)` on JSON `in[0..in_len)`. Returns a result handle, or
 * 0 when memory is exhausted. Never traps for any input bytes. */
uint32_t medins_call(const char* op, uint32_t op_len, const char* in, uint32_t in_len);

/* The result's UTF-8 JSON text (an output object or {"error": …}). */
const char* medins_result_ptr(uint32_t handle);
uint32_t medins_result_len(uint32_t handle);

/* 0 ok, 1 the op failed, 2 usage error (unknown op, bad or oversized input). */
int32_t medins_result_outcome(uint32_t handle);

/* Zeroes and releases a result. */
void medins_result_free(uint32_t handle);

#ifdef __cplusplus
}
#endif

#endif /* MEDINS_WASM_MEDINS_ABI_H */
