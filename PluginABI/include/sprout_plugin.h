/*
 * sprout_plugin.h — the Sprout engine plugin ABI, version 1.0.
 *
 * This header is the whole contract between the Sprout node (the host) and an engine plugin
 * (a shared library in plugins.d). Nothing else is shared: a plugin may be written in C, in
 * Swift with SproutPluginKit, or in anything that can export a C function.
 *
 * ---------------------------------------------------------------------------------------------
 * 1. Loading and version negotiation
 * ---------------------------------------------------------------------------------------------
 * A plugin exports exactly one symbol, SPROUT_PLUGIN_ENTRY_SYMBOL ("sprout_plugin_entry"), of
 * type sprout_plugin_entry_fn. The host copies the file to a private content-addressed path,
 * dlopen()s it with RTLD_NOW | RTLD_LOCAL, looks the symbol up and calls it once with its own
 * ABI version and its services table (sprout_host_t).
 *
 *   - The plugin compares host->abi.major with the major it was built for. On a mismatch it
 *     returns SPROUT_ERR_ABI_MISMATCH and writes a message naming both versions into the
 *     host-provided error buffer. A plugin built for a newer MINOR than the host's must not
 *     rely on host functions the host's minor does not have (check struct_size).
 *   - On success it stores a pointer to its sprout_plugin_t in *out_plugin. The host checks
 *     plugin->abi.major again and refuses the plugin, naming both versions, when it differs.
 *   - Every struct starts with struct_size (sizeof the struct as its author compiled it) and
 *     the ABI version it was written against. A reader never touches a field that lies beyond
 *     struct_size. Within a major version, fields are only ever appended.
 *   - Released function tables are frozen. New functions arrive as extensions: a table found
 *     with get_extension("sprout.<name>/<revision>"), NULL meaning absent.
 *   - The host table passed to the entry stays valid until shutdown() returns; the plugin may
 *     keep the pointer.
 *   - The entry may be called more than once (for example after a hot reload of the same
 *     file content); it returns the same plugin table each time.
 *
 * ---------------------------------------------------------------------------------------------
 * 2. Ownership
 * ---------------------------------------------------------------------------------------------
 *   - sprout_bytes_t is borrowed: the caller owns the memory and keeps it valid for the call.
 *   - sprout_buffer_t is owned by whoever allocated it. Buffers a plugin hands out (results,
 *     receipts, identities, error messages) are released by the host with the plugin's own
 *     free_buffer, never with the host's free().
 *   - The descriptor and every string it points to live as long as the plugin is loaded.
 *   - A program handle (sprout_program_t *) belongs to the plugin; the host releases it with
 *     destroy_program exactly once and never uses it afterwards.
 *
 * ---------------------------------------------------------------------------------------------
 * 3. Errors
 * ---------------------------------------------------------------------------------------------
 * Every fallible function returns a sprout_status_t. On anything but SPROUT_OK it may fill
 * *out_error with a UTF-8 message (not NUL-terminated; data may be NULL when there is no
 * message) that says what was wrong and what to do. A plugin never lets a C++ exception, a
 * Swift error or a longjmp cross this boundary, and never aborts on bad input.
 *
 * ---------------------------------------------------------------------------------------------
 * 4. Threads
 * ---------------------------------------------------------------------------------------------
 * Thread tags on each function:
 *   [any-thread]   may be called from any thread, concurrently with other calls.
 *   [serialized]   the host never calls two [serialized] functions of the same plugin at once
 *                  unless the descriptor has SPROUT_CAP_THREAD_SAFE.
 * Calls block until they are done. Long calls poll sprout_call_t.is_cancelled and report
 * progress through sprout_call_t.progress.
 */
#ifndef SPROUT_PLUGIN_H
#define SPROUT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPROUT_ABI_VERSION_MAJOR 1u
#define SPROUT_ABI_VERSION_MINOR 0u
#define SPROUT_PLUGIN_ENTRY_SYMBOL "sprout_plugin_entry"

/* The version of the ABI a struct or a party was written against. */
typedef struct sprout_abi_version {
    uint32_t major; /* incompatible changes */
    uint32_t minor; /* appended fields and new extensions */
} sprout_abi_version_t;

typedef enum sprout_status {
    SPROUT_OK = 0,
    /* The host or plugin speaks another ABI major version. */
    SPROUT_ERR_ABI_MISMATCH = 1,
    /* An argument broke this header's rules (NULL where a pointer is required, bad struct). */
    SPROUT_ERR_INVALID_ARGUMENT = 2,
    /* The program bytes or expParam are not a program this engine can run (corrupt wasm/ELF,
     * unsupported feature, unknown format). */
    SPROUT_ERR_INVALID_PROGRAM = 3,
    /* The message data are not input this program accepts. */
    SPROUT_ERR_INVALID_INPUT = 4,
    /* The guest ran and failed: trap, non-zero exit code, failed require. */
    SPROUT_ERR_EXECUTION_FAILED = 5,
    /* The guest exceeded a limit: instructions/fuel, cycles, memory, stack. */
    SPROUT_ERR_RESOURCE_LIMIT = 6,
    /* The host asked to cancel through sprout_call_t.is_cancelled. */
    SPROUT_ERR_CANCELLED = 7,
    /* verify: the receipt does not prove what it claims. */
    SPROUT_ERR_VERIFICATION_FAILED = 8,
    /* The plugin does not have this capability (see sprout_capability_t). */
    SPROUT_ERR_UNSUPPORTED = 9,
    /* A bug or an environment failure inside the plugin. */
    SPROUT_ERR_INTERNAL = 10
} sprout_status_t;

/* A short stable name for a status ("ok", "abi-mismatch", ...); never NULL. [any-thread] */
const char *sprout_status_name(int32_t status);

/* Capability bits of sprout_descriptor_t.capabilities. */
typedef enum sprout_capability {
    SPROUT_CAP_EXECUTE = 1u << 0,     /* execute() runs a program without a proof */
    SPROUT_CAP_PROVE = 1u << 1,       /* prove() makes a receipt */
    SPROUT_CAP_VERIFY = 1u << 2,      /* verify() checks a receipt */
    SPROUT_CAP_UNLOADABLE = 1u << 3,  /* the library may be dlclose()d once retired */
    SPROUT_CAP_THREAD_SAFE = 1u << 4  /* [serialized] functions may run concurrently */
} sprout_capability_t;

typedef enum sprout_log_level {
    SPROUT_LOG_TRACE = 0,
    SPROUT_LOG_DEBUG = 1,
    SPROUT_LOG_INFO = 2,
    SPROUT_LOG_WARNING = 3,
    SPROUT_LOG_ERROR = 4
} sprout_log_level_t;

/* Borrowed bytes: valid for the duration of the call they are passed to. */
typedef struct sprout_bytes {
    const uint8_t *data;
    size_t len;
} sprout_bytes_t;

/* Owned bytes allocated by the plugin; release with sprout_plugin_t.free_buffer. */
typedef struct sprout_buffer {
    uint8_t *data;
    size_t len;
} sprout_buffer_t;

/* Services the host offers a plugin for its whole loaded life. */
typedef struct sprout_host {
    uint32_t struct_size;
    sprout_abi_version_t abi;
    /* Opaque; passed back to every function of this table. */
    void *host_data;
    /* Writes one log line attributed to the plugin. message is UTF-8, not NUL-terminated.
     * [any-thread], does not block on I/O. */
    void (*log)(void *host_data, int32_t level, const char *message, size_t message_len);
    /* Returns a host extension table, or NULL when the host does not have it. The table lives
     * as long as the plugin is loaded. [any-thread] */
    const void *(*get_extension)(void *host_data, const char *extension_id);
} sprout_host_t;

/* Per-call services: progress and cancellation of one execute/prove/verify call. */
typedef struct sprout_call {
    uint32_t struct_size;
    sprout_abi_version_t abi;
    void *call_data;
    /* Reports that the call is in `phase` (UTF-8, not NUL-terminated, e.g. "execute",
     * "commit", "fri") and `fraction` (0...1) of the whole call is done. Cheap; call it as
     * often as every few milliseconds. [the calling thread] */
    void (*progress)(void *call_data, const char *phase, size_t phase_len, double fraction);
    /* Returns non-zero once the host wants the call abandoned; the plugin then returns
     * SPROUT_ERR_CANCELLED as soon as it can. Cheap (an atomic load). [the calling thread] */
    int32_t (*is_cancelled)(void *call_data);
} sprout_call_t;

/* What a plugin is. All strings are NUL-terminated UTF-8 owned by the plugin. */
typedef struct sprout_descriptor {
    uint32_t struct_size;
    sprout_abi_version_t abi;
    const char *name;        /* e.g. "sprout-wasm" */
    const char *version;     /* semantic version of the plugin, e.g. "1.2.0" */
    const char *description; /* one line for `sprout plugins list` */
    const char *const *vm_types; /* project vmTypes served, e.g. {"wasm"} */
    size_t vm_type_count;
    /* Program formats create_program accepts, e.g. {"wasm-applet"} or {"elf-rv32im",
     * "sprout-methods-rs"}. */
    const char *const *program_formats;
    size_t program_format_count;
    uint64_t capabilities; /* sprout_capability_t bits */
} sprout_descriptor_t;

/* A program created from code; owned by the plugin. */
typedef struct sprout_program sprout_program_t;

typedef struct sprout_plugin sprout_plugin_t;

struct sprout_plugin {
    uint32_t struct_size;
    sprout_abi_version_t abi;
    const sprout_descriptor_t *descriptor;

    /* Parses and checks a program: `code` is the raw artifact (already hex-decoded and
     * inflated by the host), `exp_param` the project's codeExpParam (UTF-8 JSON, len 0 when
     * absent). On success *out_program holds a handle for execute/prove/verify.
     * Errors: SPROUT_ERR_INVALID_PROGRAM with a reason. [serialized] */
    sprout_status_t (*create_program)(sprout_bytes_t code, sprout_bytes_t exp_param,
                                      sprout_program_t **out_program, sprout_buffer_t *out_error);

    /* The program's identity (image ID, module commitment, verifying key digest): the bytes
     * a receipt is bound to. [serialized] */
    sprout_status_t (*program_identity)(sprout_program_t *program, sprout_buffer_t *out_identity,
                                        sprout_buffer_t *out_error);

    /* Runs the program once over a task's message data (inputs[0..input_count), in order)
     * without a proof; *out_result holds the engine's result bytes.
     * Errors: INVALID_INPUT, EXECUTION_FAILED, RESOURCE_LIMIT, CANCELLED, UNSUPPORTED.
     * Blocks; polls call->is_cancelled. [serialized] */
    sprout_status_t (*execute)(sprout_program_t *program, const sprout_bytes_t *inputs,
                               size_t input_count, const sprout_call_t *call,
                               sprout_buffer_t *out_result, sprout_buffer_t *out_error);

    /* Like execute, and proves it: *out_receipt holds the engine's receipt bytes.
     * Blocks; polls call->is_cancelled. [serialized] */
    sprout_status_t (*prove)(sprout_program_t *program, const sprout_bytes_t *inputs,
                             size_t input_count, const sprout_call_t *call,
                             sprout_buffer_t *out_receipt, sprout_buffer_t *out_error);

    /* Checks that `receipt` proves a run of this program; on success *out_output holds the
     * public output it commits to. Errors: VERIFICATION_FAILED with the reason.
     * Blocks; polls call->is_cancelled. [serialized] */
    sprout_status_t (*verify)(sprout_program_t *program, sprout_bytes_t receipt,
                              const sprout_call_t *call, sprout_buffer_t *out_output,
                              sprout_buffer_t *out_error);

    /* Releases a program handle. [serialized] */
    void (*destroy_program)(sprout_program_t *program);

    /* Releases a buffer this plugin allocated; {NULL, 0} is allowed. [any-thread] */
    void (*free_buffer)(sprout_buffer_t buffer);

    /* Returns a plugin extension table or NULL when absent. [any-thread] */
    const void *(*get_extension)(const char *extension_id);

    /* Called once when the host retires the plugin: no call is in flight and none will
     * follow. A plugin with SPROUT_CAP_UNLOADABLE must have released everything after it.
     * May be NULL. [serialized] */
    void (*shutdown)(void);
};

/* The one exported symbol. error_message is a host-owned buffer of error_capacity bytes
 * where a refusing plugin writes a NUL-terminated reason. [main-thread] */
typedef sprout_status_t (*sprout_plugin_entry_fn)(const sprout_host_t *host,
                                                  const sprout_plugin_t **out_plugin,
                                                  char *error_message, size_t error_capacity);

sprout_status_t sprout_plugin_entry(const sprout_host_t *host, const sprout_plugin_t **out_plugin,
                                    char *error_message, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif /* SPROUT_PLUGIN_H */
