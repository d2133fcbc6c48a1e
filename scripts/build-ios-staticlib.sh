#!/usr/bin/env bash
# Builds the FFI crate's static library for iOS and macOS on arm64 without Xcode: pure
# Rust needs no Apple toolchain for a `.a` (rustup here serves aarch64-apple-ios and
# aarch64-apple-darwin, not the simulator targets). scripts/build-ios.sh still makes the
# full XCFramework on a Mac.
#   scripts/build-ios-staticlib.sh [debug|release]   (default release)
# Prints each library's size as built, after `strip -S` (debug symbols removed), and what
# an app takes of it: rust-lld, as Apple's ld64, links the archive into a dylib with
# dead stripping and only the UniFFI entry points exported, then `strip -x` as Xcode's
# release builds do. BENCHMARKS.md gives these figures.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
targets=(aarch64-apple-ios aarch64-apple-darwin)
rustup target add "${targets[@]}" >/dev/null 2>&1
rustup component add llvm-tools >/dev/null 2>&1
tools=$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin

flags=()
[[ $profile == release ]] && flags+=(--release)
mkdir -p build/ios
for target in "${targets[@]}"; do
  cargo rustc -q "${flags[@]}" -p instagram-auth-ffi --lib --target "$target" --crate-type staticlib
  lib=target/$target/$profile/libinstagram_auth_ffi.a
  "$tools/llvm-strip" -S -o "build/ios/$target.a" "$lib"
  # The arm64 Mach-O objects hold the UniFFI entry points the Swift bindings call.
  symbols=$("$tools/llvm-nm" -g --defined-only "build/ios/$target.a" 2>/dev/null |
    grep -c ' T _uniffi_instagram_auth_ffi_fn_' || true)
  ((symbols > 0)) || { echo "$lib exports no UniFFI functions" >&2; exit 1; }
  # The deployment targets of Package.swift.
  platform=ios min_os=15.0
  [[ $target == *darwin ]] && platform=macos min_os=12.0
  "$tools/rust-lld" -flavor ld64 -arch arm64 -platform_version "$platform" "$min_os" "$min_os" -dylib \
    -undefined dynamic_lookup -dead_strip -all_load \
    -exported_symbols_list <(printf '%s\n' '_uniffi_*' '_ffi_instagram_auth_ffi_*') \
    -o "build/ios/$target.dylib" "build/ios/$target.a"
  "$tools/llvm-strip" -x "build/ios/$target.dylib"
  echo "$target ($profile): $(stat -c %s "$lib") bytes, $(stat -c %s "build/ios/$target.a") after strip -S;" \
    "linked and stripped: $(stat -c %s "build/ios/$target.dylib") bytes; $symbols UniFFI functions"
done
