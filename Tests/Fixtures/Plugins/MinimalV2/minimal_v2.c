/* The minimal fixture as version 2.0.0, for hot-reload tests. */
#define FIXTURE_VERSION "2.0.0"
#include "../Minimal/minimal_engine.c"
