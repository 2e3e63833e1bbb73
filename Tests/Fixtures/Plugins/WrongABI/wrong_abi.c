/* The minimal fixture claiming ABI major 2 and skipping its own version check. */
#define FIXTURE_VERSION "9.0.0"
#define FIXTURE_ABI_MAJOR 2u
#include "../Minimal/minimal_engine.c"
