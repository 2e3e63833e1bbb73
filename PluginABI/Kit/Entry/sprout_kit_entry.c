#include "sprout_kit_entry.h"

/* The exported entry of every Swift plugin. It lives in C so that the engine module only has
 * to name its engine type (sprout_kit_register), never a pointer. */
sprout_status_t sprout_plugin_entry(const sprout_host_t *host, const sprout_plugin_t **out_plugin,
                                    char *error_message, size_t error_capacity) {
    if (sprout_kit_register) sprout_kit_register();
    return (sprout_status_t)sprout_kit_entry(host, out_plugin, error_message, error_capacity);
}
