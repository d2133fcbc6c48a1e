#!/usr/bin/env bash
# `cargo check` of the FFI crate for Android's arm64 and x86_64 ABIs, without an NDK: the
# library is pure Rust (the app's HttpClient does TLS), so no C compiler or sysroot is
# involved. Linking a real .so still needs the NDK (scripts/build-android.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(aarch64-linux-android x86_64-linux-android)
rustup target add "${targets[@]}" >/dev/null
for target in "${targets[@]}"; do
  cargo check -q -p instagram-auth-ffi --target "$target"
done
echo "android: cargo check passed for ${targets[*]}"
