#!/bin/sh
# Builds median.wasm from median.c with the clang and wasm-ld of the Swift toolchain
# (or any clang with the wasm32 target): no libc, one 64 KiB page of memory, MVP integer
# instructions plus sign extension (no bulk memory, no floats).
set -e
cd "$(dirname "$0")"
CLANG=${CLANG:-/opt/swift/usr/bin/clang}
"$CLANG" --target=wasm32 -O2 -nostdlib -mcpu=mvp -msign-ext -fno-builtin \
  -Wl,--no-entry -Wl,--initial-memory=65536 -Wl,-z,stack-size=4096 -Wl,--strip-all \
  -o median.wasm median.c
