// Median of private readings, proved with sprout's zkwasm engine.
// Inputs: private [n, reading 1, ..., reading n] (1 <= n <= 64), public [upper bound];
// every reading must be at most the bound (a failed `require` means no proof).
// Output (public): the median (the lower one for even n) and the number of distinct readings.
#include <stdint.h>

__attribute__((import_module("env"), import_name("wasm_input"))) uint64_t wasm_input(uint32_t is_public);
__attribute__((import_module("env"), import_name("wasm_output"))) void wasm_output(uint64_t value);
__attribute__((import_module("env"), import_name("require"))) void require(uint32_t condition);

static int64_t readings[64];

__attribute__((export_name("zkmain"))) void zkmain(void) {
    int64_t bound = (int64_t)wasm_input(1);
    uint32_t n = (uint32_t)wasm_input(0);
    require(n >= 1 && n <= 64);
    // Insertion sort as the readings arrive (signed comparisons, loads and stores).
    for (uint32_t i = 0; i < n; i++) {
        int64_t value = (int64_t)wasm_input(0);
        require(value <= bound);
        uint32_t j = i;
        while (j > 0 && readings[j - 1] > value) {
            readings[j] = readings[j - 1];
            j--;
        }
        readings[j] = value;
    }
    uint64_t distinct = 1;
    for (uint32_t i = 1; i < n; i++) distinct += readings[i] != readings[i - 1];
    wasm_output((uint64_t)readings[(n - 1) / 2]);
    wasm_output(distinct);
}
