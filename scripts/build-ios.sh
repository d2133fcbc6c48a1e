#!/usr/bin/env bash
# Builds InstagramAuthFFI.xcframework and the Swift bindings for Package.swift.
# Runs on macOS with Xcode and rustup. It was written and reviewed, but not run, in this
# repository's CI, which has no Xcode (see docs/verified.md).
#
# Output:
#   build/ios/InstagramAuthFFI.xcframework   static libraries for device, simulator and macOS
#   bindings/swift/Sources/InstagramAuthKit/InstagramAuthKit.swift and InstagramAuthCore.swift
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "$(uname -s)" == Darwin ]] || { echo "build-ios.sh needs macOS with Xcode" >&2; exit 1; }

device=aarch64-apple-ios
simulators=(aarch64-apple-ios-sim x86_64-apple-ios)
macs=(aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "$device" "${simulators[@]}" "${macs[@]}"

export IPHONEOS_DEPLOYMENT_TARGET=15.0 MACOSX_DEPLOYMENT_TARGET=12.0
for target in "$device" "${simulators[@]}" "${macs[@]}"; do
  cargo build --release -p instagram-auth-ffi --target "$target"
done

lib=libinstagram_auth_ffi.a
out=build/ios
rm -rf "$out" && mkdir -p "$out/simulator" "$out/macos"
# One library per platform: the simulator and macOS slices are fat (arm64 + x86_64).
lipo -create target/aarch64-apple-ios-sim/release/$lib target/x86_64-apple-ios/release/$lib -output "$out/simulator/$lib"
lipo -create target/aarch64-apple-darwin/release/$lib target/x86_64-apple-darwin/release/$lib -output "$out/macos/$lib"

# Bindings come from the host build (same Rust code, same metadata).
scripts/generate-bindings.sh release build/bindings
# Headers/ holds the header and module.modulemap at its root, without UniFFI's
# `use "_Builtin_…"` lines: Xcode 26's explicit-module scanner needs both (see the script;
# CI checks its output with scripts/check_ffi_headers.py).
scripts/package-ffi-headers.sh build/bindings/swift "$out/headers"
python3 scripts/check_ffi_headers.py "$out/headers"

xcodebuild -create-xcframework \
  -library "target/$device/release/$lib" -headers "$out/headers" \
  -library "$out/simulator/$lib" -headers "$out/headers" \
  -library "$out/macos/$lib" -headers "$out/headers" \
  -output "$out/InstagramAuthFFI.xcframework"

cp build/bindings/swift/InstagramAuthKit.swift build/bindings/swift/InstagramAuthCore.swift bindings/swift/Sources/InstagramAuthKit/
echo "built $out/InstagramAuthFFI.xcframework; add $(pwd) to your app as a local Swift package"
