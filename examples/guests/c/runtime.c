/* Implementation of sprout_guest.h over the RISC Zero 0.20 ecalls (risc0-guest-abi.md §4–§11). */
#include "sprout_guest.h"

enum { ECALL_HALT = 0, ECALL_SOFTWARE = 2, ECALL_SHA = 3 };
enum { FD_STDIN = 0, FD_JOURNAL = 3 };
#define JOURNAL_MAX 1024

/* Syscall names are read by the host from guest memory, NUL-terminated. Word alignment keeps
 * the name window the prover reads simple. */
static const char SYS_READ[] __attribute__((aligned(4))) = "risc0_zkvm_platform::syscall::nr::SYS_READ";
static const char SYS_WRITE[] __attribute__((aligned(4))) = "risc0_zkvm_platform::syscall::nr::SYS_WRITE";

/* Word buffers: SOFTWARE reply buffers and SHA blocks must be word aligned to be provable. */
static uint32_t input_words[GUEST_INPUT_MAX / 4 + 1];
static uint8_t journal[JOURNAL_MAX] __attribute__((aligned(4)));
static uint32_t journal_length;

/* The compiler may lower struct copies and zeroing loops to these calls; no libc is linked. */
void *memcpy(void *dst, const void *src, unsigned long n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int value, unsigned long n) {
    uint8_t *d = dst;
    while (n--) *d++ = (uint8_t)value;
    return dst;
}

/* SOFTWARE ecall: a0 = reply buffer, a1 = its length in words, a2 = syscall name,
 * a3..a5 = arguments; the host answers in a0 (and a1, unused here). */
static uint32_t software(uint32_t *reply, uint32_t reply_words, const char *name,
                         uint32_t arg3, uint32_t arg4, uint32_t arg5) {
    register uint32_t t0 __asm__("t0") = ECALL_SOFTWARE;
    register uint32_t a0 __asm__("a0") = (uint32_t)reply;
    register uint32_t a1 __asm__("a1") = reply_words;
    register uint32_t a2 __asm__("a2") = (uint32_t)name;
    register uint32_t a3 __asm__("a3") = arg3;
    register uint32_t a4 __asm__("a4") = arg4;
    register uint32_t a5 __asm__("a5") = arg5;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1)
                     : "r"(t0), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
                     : "memory");
    return a0;
}

/* Reads exactly `words` words of stdin. A short read would be unprovable (and means the
 * host sent less than the length word announced), so it ends the run with code 2. */
static void read_words(uint32_t *buffer, uint32_t words) {
    while (words > 0) {
        uint32_t chunk = words > 1024 ? 1024 : words;  /* MAX_BUF_BYTES = 4096 per call */
        if (software(buffer, chunk, SYS_READ, FD_STDIN, 4 * chunk, 0) != 4 * chunk) guest_exit(2);
        buffer += chunk;
        words -= chunk;
    }
}

const char *guest_input(uint32_t *length) {
    uint32_t text_length;
    read_words(&text_length, 1);  /* risc0-serde String: LE32 length, bytes, zero padding */
    if (text_length > GUEST_INPUT_MAX) guest_exit(2);
    read_words(input_words, (text_length + 3) / 4);
    *length = text_length;
    return (const char *)input_words;
}

void guest_commit(const void *bytes, uint32_t length) {
    if (journal_length + length > JOURNAL_MAX) guest_exit(3);
    software(0, 0, SYS_WRITE, FD_JOURNAL, (uint32_t)bytes, length);
    memcpy(journal + journal_length, bytes, length);
    journal_length += length;
}

void guest_commit_u32(uint32_t value) {
    uint32_t word = value;  /* RV32 is little-endian, as risc0-serde wants */
    guest_commit(&word, 4);
}

/* One SHA ecall over a single 64-byte block. The state is kept in digest byte order; input
 * and output states are separate buffers so that the ecall touches no word twice. */
static void sha_compress(uint8_t out[32], const uint8_t in[32], const uint32_t block[16]) {
    register uint32_t t0 __asm__("t0") = ECALL_SHA;
    register uint32_t a0 __asm__("a0") = (uint32_t)out;
    register uint32_t a1 __asm__("a1") = (uint32_t)in;
    register uint32_t a2 __asm__("a2") = (uint32_t)block;
    register uint32_t a3 __asm__("a3") = (uint32_t)(block + 8);
    register uint32_t a4 __asm__("a4") = 1;
    __asm__ volatile("ecall" : : "r"(t0), "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4) : "memory");
}

void guest_sha256(const void *bytes, uint32_t length, uint8_t digest[32]) {
    static const uint8_t iv[32] = {
        0x6a, 0x09, 0xe6, 0x67, 0xbb, 0x67, 0xae, 0x85, 0x3c, 0x6e, 0xf3, 0x72, 0xa5, 0x4f, 0xf5, 0x3a,
        0x51, 0x0e, 0x52, 0x7f, 0x9b, 0x05, 0x68, 0x8c, 0x1f, 0x83, 0xd9, 0xab, 0x5b, 0xe0, 0xcd, 0x19};
    uint32_t states[2][8];
    uint32_t block[16];
    uint8_t *block_bytes = (uint8_t *)block;
    const uint8_t *data = bytes;
    uint32_t current = 0;
    memcpy(states[0], iv, 32);
    /* Full blocks, then the padded tail: 0x80, zeros, the bit length big-endian (FIPS 180-4). */
    uint32_t total = (length + 9 + 63) / 64 * 64;
    for (uint32_t offset = 0; offset < total; offset += 64) {
        for (uint32_t i = 0; i < 64; i++) {
            uint32_t at = offset + i;
            uint8_t byte = 0;
            if (at < length) byte = data[at];
            else if (at == length) byte = 0x80;
            else if (at >= total - 4) byte = (uint8_t)(((uint64_t)length * 8) >> (8 * (total - 1 - at)));
            block_bytes[i] = byte;
        }
        sha_compress((uint8_t *)states[current ^ 1], (const uint8_t *)states[current], block);
        current ^= 1;
    }
    memcpy(digest, states[current], 32);
}

_Noreturn void guest_exit(uint32_t code) {
    uint32_t output_digest[8] = {0};
    if (code == 0) {
        /* tagged_struct("risc0.Output", [SHA256(journal), assumptions = 0^32], []) =
         * SHA256(SHA256(tag) || journal digest || 0^32 || LE16(2)) (risc0-guest-abi.md §11). */
        static const char tag[] = "risc0.Output";
        uint8_t preimage[98];
        memset(preimage, 0, sizeof preimage);
        guest_sha256(tag, sizeof tag - 1, preimage);
        guest_sha256(journal, journal_length, preimage + 32);
        preimage[96] = 2;
        guest_sha256(preimage, sizeof preimage, (uint8_t *)output_digest);
    }
    register uint32_t t0 __asm__("t0") = ECALL_HALT;
    register uint32_t a0 __asm__("a0") = (code & 0xff) << 8;  /* halt type 0 = TERMINATE */
    register uint32_t a1 __asm__("a1") = (uint32_t)output_digest;
    __asm__ volatile("ecall" : : "r"(t0), "r"(a0), "r"(a1) : "memory");
    __builtin_unreachable();
}
