/* The minimal fixture whose execute crashes: input "segv" writes through NULL, "abort" aborts. */
#include <stdlib.h>
#include <string.h>
#define FIXTURE_VERSION "1.0.0-crash"
#define FIXTURE_EXECUTE_HOOK(input)                                              \
    do {                                                                         \
        if ((input).len == 4 && memcmp((input).data, "segv", 4) == 0)            \
            *(volatile int *)(uintptr_t)0 = 1;                                   \
        if ((input).len == 5 && memcmp((input).data, "abort", 5) == 0) abort();  \
    } while (0)
#include "../Minimal/minimal_engine.c"
