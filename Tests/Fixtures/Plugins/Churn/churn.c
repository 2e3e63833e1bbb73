/* The minimal fixture that counts every buffer it hands across the boundary, so a test can
 * run many calls and check that the host freed each one with free_buffer (live count 0). */
#include <stdatomic.h>
#include <stdlib.h>
static atomic_long fixture_live_buffers;
static void *churn_alloc(size_t n) {
    atomic_fetch_add(&fixture_live_buffers, 1);
    return malloc(n);
}
static void churn_free(void *p) {
    atomic_fetch_sub(&fixture_live_buffers, 1);
    free(p);
}
/* Buffers handed to the host and not yet released with free_buffer. */
long fixture_churn_live_buffers(void) { return atomic_load(&fixture_live_buffers); }
#define FIXTURE_VERSION "1.0.0-churn"
#define FIXTURE_ALLOC(n) churn_alloc(n)
#define FIXTURE_FREE(p) churn_free(p)
#include "../Minimal/minimal_engine.c"
