#include "sprout_plugin.h"

const char *sprout_status_name(int32_t status) {
    switch (status) {
    case SPROUT_OK: return "ok";
    case SPROUT_ERR_ABI_MISMATCH: return "abi-mismatch";
    case SPROUT_ERR_INVALID_ARGUMENT: return "invalid-argument";
    case SPROUT_ERR_INVALID_PROGRAM: return "invalid-program";
    case SPROUT_ERR_INVALID_INPUT: return "invalid-input";
    case SPROUT_ERR_EXECUTION_FAILED: return "execution-failed";
    case SPROUT_ERR_RESOURCE_LIMIT: return "resource-limit";
    case SPROUT_ERR_CANCELLED: return "cancelled";
    case SPROUT_ERR_VERIFICATION_FAILED: return "verification-failed";
    case SPROUT_ERR_UNSUPPORTED: return "unsupported";
    case SPROUT_ERR_INTERNAL: return "internal";
    default: return "unknown-status";
    }
}
