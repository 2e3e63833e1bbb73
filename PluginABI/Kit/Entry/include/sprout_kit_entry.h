/* The C half of SproutPluginKit: it exports sprout_plugin_entry from a Swift plugin. */
#ifndef SPROUT_KIT_ENTRY_H
#define SPROUT_KIT_ENTRY_H

#include "sprout_plugin.h"

/* Defined by the plugin's export module with `@_cdecl("sprout_kit_register")`: it calls
 * `SproutPluginKit.register(MyEngine.self)` and nothing else. Weak, so that a test binary
 * linking several engine modules (and no export module) still links. */
void sprout_kit_register(void) __attribute__((weak));

/* Defined by SproutPluginKit (Swift) with @_cdecl: builds the plugin table once the engine is
 * registered. */
int32_t sprout_kit_entry(const sprout_host_t *host, const sprout_plugin_t **out_plugin,
                         char *error_message, size_t error_capacity);

#endif
