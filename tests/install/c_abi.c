/* Calls the installed C ABI (medins/medins.h, libmedins_c) from C: an op that
 * succeeds, an op error, a usage error, and calls from several threads at
 * once (the ABI serializes them). Exits 0 when every check holds. */
#include <medins/medins.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "c_abi: FAILED %s\n", what);
    failures++;
  }
}

/* Runs `op` on `in`; returns the outcome, and whether the text holds `needle`. */
static int run(const char* op, const char* in, const char* needle, int* found) {
  medins_result* result = medins_call(op, strlen(op), in, strlen(in));
  if (result == NULL) return -1;
  const char* text = medins_result_ptr(result);
  *found = text[medins_result_len(result)] == '\0' && strstr(text, needle) != NULL;
  int outcome = medins_result_outcome(result);
  medins_result_free(result);
  return outcome;
}

static void* generate_keys(void* arg) {
  (void)arg;
  for (int i = 0; i < 20; i++) {
    int found;
    if (run("keys.generate", "{\"type\":\"local\"}", "\"local\":\"k4.local.", &found) != 0 || !found)
      return (void*)1;
  }
  return NULL;
}

int main(void) {
  int found;
  expect(run("version", "{}", "\"ops\":[", &found) == 0 && found, "version is ok");
  expect(run("keys.generate", "{\"type\":\"public\"}", "\"public\":\"k4.public.", &found) == 0 && found,
         "keys.generate makes a public key");
  expect(run("keys.generate", "{\"type\":\"secret\"}", "keys.bad_input", &found) == 1 && found,
         "an op's refusal is outcome 1 with its code");
  expect(run("no.such.op", "{}", "call.unknown_op", &found) == 2 && found, "an unknown op is outcome 2");
  expect(run("version", "{\"a\":", "call.bad_input", &found) == 2 && found, "bad JSON is outcome 2");

  void* block = medins_alloc(0);
  expect(block != NULL, "medins_alloc(0) gives a block");
  medins_free(block, 0);
  medins_free(NULL, 5);
  medins_result_free(NULL);

  pthread_t threads[4];
  for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, generate_keys, NULL);
  for (int i = 0; i < 4; i++) {
    void* failed;
    pthread_join(threads[i], &failed);
    expect(failed == NULL, "keys.generate from four threads at once");
  }
  if (failures == 0) printf("c_abi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
