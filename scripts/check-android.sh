#!/usr/bin/env bash
# `cargo check` of the FFI crate for Android's arm64 and x86_64 ABIs, without an NDK.
# ring compiles C, so clang stands in for the NDK's compiler, with the Debian cross
# headers for libc (apt: clang lld libc6-dev-arm64-cross). This proves the Rust side
# (and ring's C) compiles for Android; linking a real .so still needs the NDK
# (scripts/build-android.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add aarch64-linux-android x86_64-linux-android >/dev/null

export CC_aarch64_linux_android=clang AR_aarch64_linux_android=llvm-ar
export CFLAGS_aarch64_linux_android="--target=aarch64-linux-android21 -nostdlibinc -isystem /usr/aarch64-linux-gnu/include"
cargo check -q -p instagram-auth-ffi --target aarch64-linux-android

export CC_x86_64_linux_android=clang AR_x86_64_linux_android=llvm-ar
export CFLAGS_x86_64_linux_android="--target=x86_64-linux-android21 -nostdlibinc -isystem /usr/include/x86_64-linux-gnu -isystem /usr/include"
cargo check -q -p instagram-auth-ffi --target x86_64-linux-android
echo "android: cargo check passed for aarch64-linux-android and x86_64-linux-android"
