/* A minimal but correct engine in C: vmType "fixture"; a program is any bytes; execute returns
 * "<version>:<code>|<input>|..."; prove returns "receipt:" + that; verify accepts only a receipt
 * of the same program. Inputs "fail" and "slow" exercise errors, progress and cancellation. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include "sprout_plugin.h"

#ifndef FIXTURE_VERSION
#define FIXTURE_VERSION "1.0.0"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR SPROUT_ABI_VERSION_MAJOR
#endif

/* Variants of this fixture (crash, hang, churn) define these hooks before including it. */
#ifndef FIXTURE_ALLOC
#define FIXTURE_ALLOC(n) malloc(n)
#define FIXTURE_FREE(p) free(p)
#endif
#ifndef FIXTURE_EXECUTE_HOOK
#define FIXTURE_EXECUTE_HOOK(input) ((void)0)
#endif

struct sprout_program {
    uint8_t *code;
    size_t len;
};

static const sprout_host_t *host_table;

static void set_error(sprout_buffer_t *out, const char *message) {
    if (!out) return;
    out->len = strlen(message);
    out->data = FIXTURE_ALLOC(out->len);
    memcpy(out->data, message, out->len);
}

static sprout_status_t create_program(sprout_bytes_t code, sprout_bytes_t exp_param,
                                      sprout_program_t **out_program, sprout_buffer_t *out_error) {
    (void)exp_param;
    if (code.len == 0) {
        set_error(out_error, "empty program: the fixture engine needs at least one byte of code");
        return SPROUT_ERR_INVALID_PROGRAM;
    }
    sprout_program_t *program = malloc(sizeof *program);
    program->code = malloc(code.len);
    memcpy(program->code, code.data, code.len);
    program->len = code.len;
    *out_program = program;
    return SPROUT_OK;
}

static sprout_status_t program_identity(sprout_program_t *program, sprout_buffer_t *out_identity,
                                        sprout_buffer_t *out_error) {
    (void)out_error;
    out_identity->data = FIXTURE_ALLOC(program->len);
    memcpy(out_identity->data, program->code, program->len);
    out_identity->len = program->len;
    return SPROUT_OK;
}

/* version + ':' + code + ('|' + input)* */
static sprout_status_t execute(sprout_program_t *program, const sprout_bytes_t *inputs, size_t input_count,
                               const sprout_call_t *call, sprout_buffer_t *out_result, sprout_buffer_t *out_error) {
    size_t len = strlen(FIXTURE_VERSION) + 1 + program->len;
    for (size_t i = 0; i < input_count; i++) len += 1 + inputs[i].len;
    uint8_t *out = FIXTURE_ALLOC(len ? len : 1);
    size_t at = 0;
    memcpy(out + at, FIXTURE_VERSION, strlen(FIXTURE_VERSION));
    at += strlen(FIXTURE_VERSION);
    out[at++] = ':';
    memcpy(out + at, program->code, program->len);
    at += program->len;
    for (size_t i = 0; i < input_count; i++) {
        FIXTURE_EXECUTE_HOOK(inputs[i]);
        if (inputs[i].len == 4 && memcmp(inputs[i].data, "fail", 4) == 0) {
            FIXTURE_FREE(out);
            set_error(out_error, "input \"fail\" makes the fixture fail");
            return SPROUT_ERR_EXECUTION_FAILED;
        }
        if (inputs[i].len == 4 && memcmp(inputs[i].data, "slow", 4) == 0) {
            /* Sleeps in 1 ms steps for up to 200 ms, polling cancellation like a long proof. */
            for (int step = 0; step < 200; step++) {
                if (call && call->is_cancelled && call->is_cancelled(call->call_data)) {
                    FIXTURE_FREE(out);
                    set_error(out_error, "cancelled");
                    return SPROUT_ERR_CANCELLED;
                }
                if (call && call->progress) call->progress(call->call_data, "sleep", 5, step / 200.0);
                struct timespec ts = {0, 1000000};
                nanosleep(&ts, NULL);
            }
        }
        out[at++] = '|';
        memcpy(out + at, inputs[i].data, inputs[i].len);
        at += inputs[i].len;
    }
    if (host_table && host_table->log) host_table->log(host_table->host_data, SPROUT_LOG_DEBUG, "executed", 8);
    out_result->data = out;
    out_result->len = at;
    return SPROUT_OK;
}

static sprout_status_t prove(sprout_program_t *program, const sprout_bytes_t *inputs, size_t input_count,
                             const sprout_call_t *call, sprout_buffer_t *out_receipt, sprout_buffer_t *out_error) {
    sprout_buffer_t output = {0};
    sprout_status_t status = execute(program, inputs, input_count, call, &output, out_error);
    if (status != SPROUT_OK) return status;
    out_receipt->len = 8 + output.len;
    out_receipt->data = FIXTURE_ALLOC(out_receipt->len);
    memcpy(out_receipt->data, "receipt:", 8);
    memcpy(out_receipt->data + 8, output.data, output.len);
    FIXTURE_FREE(output.data);
    return SPROUT_OK;
}

static sprout_status_t verify(sprout_program_t *program, sprout_bytes_t receipt, const sprout_call_t *call,
                              sprout_buffer_t *out_output, sprout_buffer_t *out_error) {
    (void)call;
    size_t prefix = strlen(FIXTURE_VERSION) + 1;
    if (receipt.len < 8 + prefix + program->len || memcmp(receipt.data, "receipt:", 8) != 0 ||
        memcmp(receipt.data + 8 + prefix, program->code, program->len) != 0) {
        set_error(out_error, "receipt is not a fixture receipt of this program");
        return SPROUT_ERR_VERIFICATION_FAILED;
    }
    out_output->len = receipt.len - 8;
    out_output->data = FIXTURE_ALLOC(out_output->len);
    memcpy(out_output->data, receipt.data + 8, out_output->len);
    return SPROUT_OK;
}

static void destroy_program(sprout_program_t *program) {
    free(program->code);
    free(program);
}

static void free_buffer(sprout_buffer_t buffer) {
    if (buffer.data) FIXTURE_FREE(buffer.data);
}

static const void *get_extension(const char *id) {
    (void)id;
    return NULL;
}

static const char *const vm_types[] = {"fixture"};
static const char *const formats[] = {"fixture-bytes"};

static const sprout_descriptor_t descriptor = {
    sizeof(sprout_descriptor_t), {FIXTURE_ABI_MAJOR, SPROUT_ABI_VERSION_MINOR},
    "fixture-minimal", FIXTURE_VERSION, "C fixture engine for the plugin manager's tests",
    vm_types, 1, formats, 1,
    SPROUT_CAP_EXECUTE | SPROUT_CAP_PROVE | SPROUT_CAP_VERIFY | SPROUT_CAP_UNLOADABLE | SPROUT_CAP_THREAD_SAFE,
};

static const sprout_plugin_t plugin = {
    sizeof(sprout_plugin_t), {FIXTURE_ABI_MAJOR, SPROUT_ABI_VERSION_MINOR}, &descriptor,
    create_program, program_identity, execute, prove, verify, destroy_program, free_buffer, get_extension, NULL,
};

sprout_status_t sprout_plugin_entry(const sprout_host_t *host, const sprout_plugin_t **out_plugin,
                                    char *error_message, size_t error_capacity) {
    /* The wrong-ABI fixture skips this check on purpose: the host must refuse it on its own. */
#if FIXTURE_ABI_MAJOR == SPROUT_ABI_VERSION_MAJOR
    if (host->abi.major != SPROUT_ABI_VERSION_MAJOR) {
        snprintf(error_message, error_capacity, "fixture speaks ABI %u, host speaks %u",
                 SPROUT_ABI_VERSION_MAJOR, host->abi.major);
        return SPROUT_ERR_ABI_MISMATCH;
    }
#else
    (void)error_message;
    (void)error_capacity;
#endif
    host_table = host;
    *out_plugin = &plugin;
    return SPROUT_OK;
}
