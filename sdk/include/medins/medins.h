/* The C ABI of medins, one for every host: the exports of the wasm module
 * (medins.wasm) and of the native shared library (libmedins_c). A thin layer
 * over medins::call_raw: an op name and JSON bytes in, JSON bytes out.
 * Ownership: the core allocates each result; the caller copies it out and
 * releases it with medins_result_free (which wipes). medins_alloc/medins_free
 * give hosts that cannot reach the core's memory (wasm) blocks to pass inputs
 * in; native callers may pass their own buffers. In wasm32 every value is an
 * i32 (iOS WeChat has no BigInt).
 * Threads (native): calls from several threads are safe and run one at a time,
 * since the core keeps process-wide state (replay store, device sessions,
 * prepared policies); a result belongs to its caller and may be read and freed
 * on any thread. */
#ifndef MEDINS_MEDINS_H
#define MEDINS_MEDINS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One call's result: the output text and how the call ended. */
typedef struct medins_result medins_result;

/* Returns a block of `len` bytes (len may be 0), or null when memory is exhausted. */
void* medins_alloc(size_t len);

/* Zeroes `len` bytes at `ptr`, then releases the block. Null is ignored. */
void medins_free(void* ptr, size_t len);

/* Runs op `op[0..op_len)` on JSON `in[0..in_len)`. Returns the result, or
 * null when memory is exhausted. Never traps or aborts for any input bytes. */
medins_result* medins_call(const char* op, size_t op_len, const char* in, size_t in_len);

/* The result's UTF-8 JSON text (an output object or {"error": …}) and its
 * length; a NUL byte follows it. Valid until medins_result_free. */
const char* medins_result_ptr(const medins_result* result);
size_t medins_result_len(const medins_result* result);

/* 0 ok, 1 the op failed, 2 usage error (unknown op, bad or oversized input). */
int32_t medins_result_outcome(const medins_result* result);

/* Zeroes and releases a result. Null is ignored. */
void medins_result_free(medins_result* result);

#ifdef __cplusplus
}
#endif

#endif /* MEDINS_MEDINS_H */
