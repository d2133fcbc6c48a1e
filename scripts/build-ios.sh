#!/usr/bin/env bash
# Builds InstagramAuthFFI.xcframework and the Swift bindings for Package.swift.
# Runs on macOS with Xcode and rustup. It was written and reviewed, but not run, in this
# repository's CI, which has no Xcode (see docs/verified.md).
#
# Output:
#   build/ios/InstagramAuthFFI.xcframework   static frameworks for device, simulator and macOS
#     (headers and Modules/module.modulemap inside each: scripts/assemble-apple-framework.sh
#     says why; CI assembles and checks the device slice, scripts/test-apple-framework.sh)
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
# The header and module map as scripts/package-ffi-headers.sh packs them (without UniFFI's
# `use "_Builtin_…"` lines, which Xcode 26 rejects), then one static framework per
# platform, each with its own Headers/ and Modules/: an XCFramework of bare libraries puts
# module.modulemap where another Rust XCFramework's collides with it.
scripts/package-ffi-headers.sh build/bindings/swift "$out/headers"
python3 scripts/check_ffi_headers.py "$out/headers"
frameworks=()
for slice in "ios target/$device/release/$lib" "ios-simulator $out/simulator/$lib" "macos $out/macos/$lib"; do
  read -r platform library <<<"$slice"
  framework=$(scripts/assemble-apple-framework.sh "$library" "$out/headers" "$platform" "$out/frameworks/$platform")
  python3 scripts/check_apple_framework.py "$platform" "$framework"
  frameworks+=(-framework "$framework")
done

xcodebuild -create-xcframework "${frameworks[@]}" -output "$out/InstagramAuthFFI.xcframework"
python3 scripts/check_apple_framework.py xcframework "$out/InstagramAuthFFI.xcframework"

cp build/bindings/swift/InstagramAuthKit.swift build/bindings/swift/InstagramAuthCore.swift bindings/swift/Sources/InstagramAuthKit/
echo "built $out/InstagramAuthFFI.xcframework; add $(pwd) to your app as a local Swift package"
