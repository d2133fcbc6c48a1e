#!/usr/bin/env bash
# The XCFramework's slices as far as this machine goes (no Xcode): assembles the iOS device
# slice and the macOS arm64 slice as static frameworks from the libraries that
# scripts/build-ios-staticlib.sh built, checks their layout (scripts/check_apple_framework.py),
# and shows that the check fails on the layouts that break an app: the module map at the
# root of Headers/ (the collision between Rust XCFrameworks), a plain `module`, a macOS
# slice without the versioned layout, a slice built for another platform.
# Run after scripts/build-ios-staticlib.sh and scripts/generate-bindings.sh (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/apple-framework
rm -rf "$out" && mkdir -p "$out"
scripts/package-ffi-headers.sh build/bindings/swift "$out/headers"
ios=$(scripts/assemble-apple-framework.sh build/ios/aarch64-apple-ios.a "$out/headers" ios "$out/ios-arm64")
macos=$(scripts/assemble-apple-framework.sh build/ios/aarch64-apple-darwin.a "$out/headers" macos "$out/macos-arm64")
python3 scripts/check_apple_framework.py ios "$ios"
python3 scripts/check_apple_framework.py macos "$macos"

# Each broken copy must be refused, with the reason that names the break.
expect_refused() { # <why> <platform> <framework> <expected message part>
  local why=$1 platform=$2 framework=$3 expected=$4 log
  if log=$(python3 scripts/check_apple_framework.py "$platform" "$framework" 2>&1); then
    echo "check_apple_framework.py accepted a framework with $why" >&2
    exit 1
  fi
  grep -qF -- "$expected" <<<"$log" || { echo "refused $why, but not for that reason: $log" >&2; exit 1; }
}
broken=$out/broken
cp -a "$ios" "$broken-root-modulemap.framework"
cp "$out/headers/module.modulemap" "$broken-root-modulemap.framework/Headers/"
expect_refused "module.modulemap in Headers/" ios "$broken-root-modulemap.framework" "a module map there is what collides"
cp -a "$ios" "$broken-plain-module.framework"
sed -i 's/^framework module/module/' "$broken-plain-module.framework/Modules/module.modulemap"
expect_refused "a plain module" ios "$broken-plain-module.framework" "does not declare \`framework module InstagramAuthFFI\`"
cp -a "$macos" "$broken-shallow-macos.framework"
rm "$broken-shallow-macos.framework/Versions/Current" && cp -a "$broken-shallow-macos.framework/Versions/A" "$broken-shallow-macos.framework/Versions/Current"
expect_refused "Versions/Current copied, not linked" macos "$broken-shallow-macos.framework" "Versions/Current is not a symlink"
expect_refused "the iOS layout for macOS" macos "$ios" "Versions/Current is not a symlink"
cp -a "$ios" "$broken-macos-binary.framework"
cp build/ios/aarch64-apple-darwin.a "$broken-macos-binary.framework/InstagramAuthFFI"
expect_refused "macOS objects in the iOS slice" ios "$broken-macos-binary.framework" "expected 2 (ios)"
expect_refused "device objects in the simulator slice" ios-simulator "$ios" "expected 7 (ios-simulator)"
echo "check_apple_framework.py refuses all 6 broken layouts"
