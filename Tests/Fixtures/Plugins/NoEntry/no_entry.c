/* A shared library that exports no sprout_plugin_entry. */
int fixture_not_a_plugin(void) { return 42; }
