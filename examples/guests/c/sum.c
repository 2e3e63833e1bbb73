/* Example guest: sums sensor readings and proves each one is at most 1000.
 *
 * Input: the task's message data, each a list of decimal readings such as "12,30".
 * Journal (public output): two little-endian u32 words, the number of readings and their sum.
 * A reading above 1000 halts with exit code 1, so no proof can be made for that task. */
#include "sprout_guest.h"

#define READING_MAX 1000

int main(void) {
    uint32_t length;
    const char *text = guest_input(&length);
    uint32_t count = 0, sum = 0, value = 0;
    int in_number = 0;
    /* The JSON text is ["12,30","7"]: every run of decimal digits is one reading. */
    for (uint32_t i = 0; i <= length; i++) {
        char c = i < length ? text[i] : 0;
        if (c >= '0' && c <= '9') {
            value = value * 10 + (uint32_t)(c - '0');
            if (value > READING_MAX) return 1;
            in_number = 1;
        } else if (in_number) {
            count += 1;
            sum += value;
            value = 0;
            in_number = 0;
        }
    }
    guest_commit_u32(count);
    guest_commit_u32(sum);
    return 0;
}
