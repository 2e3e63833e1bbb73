#!/bin/sh
# Builds median.wasm from median.c with the clang and wasm-ld of the Swift toolchain (or
# $CLANG, any clang with the wasm32 target and wasm-ld): no libc, one 64 KiB page of memory,
# MVP integer instructions plus sign extension (no bulk memory, no floats).
set -e
cd "$(dirname "$0")"
# Default: the clang next to `swift` (the Swift toolchain ships clang and wasm-ld).
if [ -z "$CLANG" ]; then
  SWIFT=$(command -v swift || echo /opt/swift/usr/bin/swift)
  CLANG=$(dirname "$SWIFT")/clang
fi
"$CLANG" --target=wasm32 -O2 -nostdlib -mcpu=mvp -msign-ext -fno-builtin \
  -Wl,--no-entry -Wl,--initial-memory=65536 -Wl,-z,stack-size=4096 -Wl,--strip-all \
  -o median.wasm median.c
