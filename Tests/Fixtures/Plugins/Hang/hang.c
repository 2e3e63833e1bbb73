/* The minimal fixture whose execute never returns on input "hang" and never polls
 * cancellation: only killing its worker process ends the call. */
#include <string.h>
#include <unistd.h>
#define FIXTURE_VERSION "1.0.0-hang"
#define FIXTURE_EXECUTE_HOOK(input)                                   \
    do {                                                              \
        if ((input).len == 4 && memcmp((input).data, "hang", 4) == 0) \
            for (;;) pause();                                         \
    } while (0)
#include "../Minimal/minimal_engine.c"
