# Entry point of a sprout/RISC Zero 0.20 guest: the executor starts at the ELF entry with
# every register zero (risc0-guest-abi.md §1), so the stack pointer must be set before any
# C code runs. STACK_TOP is 0x0020_0400; the stack grows down towards 0x400.
    .section .text._start, "ax"
    .globl _start
_start:
    li      sp, 0x00200400
    call    main
    # main's return value (a0) is the exit code; guest_exit never returns.
    call    guest_exit
