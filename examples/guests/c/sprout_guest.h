/* A minimal runtime for RISC Zero 0.20 guests written in C, as sprout's risc0 engine runs and
 * proves them. It speaks the guest ABI of risc0-guest-abi.md directly (ECALL with t0 = 0 HALT,
 * 2 SOFTWARE, 3 SHA) and uses only the ecalls the engine can prove: SYS_READ and SYS_WRITE
 * through SOFTWARE, the SHA ecall, and HALT. */
#ifndef SPROUT_GUEST_H
#define SPROUT_GUEST_H

#include <stdint.h>

/* The task's input as sprout's risc0 runtime writes it: the compact JSON array of the
 * message data strings, e.g. ["12","30"]. Reads all of stdin (the proof requires the guest
 * to consume its whole input); *length receives the text's byte count. The text is not
 * NUL-terminated. Exits with code 2 if the input exceeds GUEST_INPUT_MAX bytes. */
#define GUEST_INPUT_MAX 4096
const char *guest_input(uint32_t *length);

/* Appends bytes to the journal (fd 3), the public output the receipt carries. */
void guest_commit(const void *bytes, uint32_t length);

/* Appends a 32-bit word as risc0-serde does for a u32 (4 bytes, little-endian). */
void guest_commit_u32(uint32_t value);

/* SHA-256 of `length` bytes, computed with the SHA ecall. */
void guest_sha256(const void *bytes, uint32_t length, uint8_t digest[32]);

/* Ends the run. Code 0 binds the journal: the output digest handed to HALT is
 * tagged_struct("risc0.Output", [SHA256(journal), 0^32]). Any other code halts with a zero
 * output digest, and sprout reports the task as failed with that exit code. */
_Noreturn void guest_exit(uint32_t code);

#endif
