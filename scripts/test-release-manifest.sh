#!/usr/bin/env bash
# The Swift side of a release, as far as Linux goes: zips the framework slices that
# scripts/test-apple-framework.sh assembled (scripts/zip-xcframework.sh), checks that
# `swift package compute-checksum` (Swift 6.0.3, in the root of scripts/swift-root.sh) gives
# the checksum the script printed and that the zip keeps the macOS slice's symlinks; then
# points a copy of Package.swift at that zip (scripts/set-swift-release.sh) and has Swift
# evaluate it twice: as an app gets it (the binaryTarget by URL and checksum) and with
# INSTAGRAM_AUTH_LOCAL_FFI=1 (the local build), each checked by check_package_manifest.py.
# Run after scripts/test-apple-framework.sh (scripts/test.sh does). Needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

out=build/release-manifest
rm -rf "$out" && mkdir -p "$out/unzipped"
frameworks=build/apple-framework/InstagramAuthFFI-slices.xcframework
rm -rf "$frameworks" && mkdir -p "$frameworks"
cp -a build/apple-framework/ios-arm64 build/apple-framework/macos-arm64 "$frameworks/"
checksum=$(scripts/zip-xcframework.sh "$frameworks" "$out/InstagramAuthFFI.xcframework.zip")
(cd "$out/unzipped" && unzip -q ../InstagramAuthFFI.xcframework.zip)
python3 scripts/check_apple_framework.py macos "$out/unzipped/InstagramAuthFFI-slices.xcframework/macos-arm64/InstagramAuthFFI.framework"

root=$(scripts/swift-root.sh)
exec 9>"/tmp/instagram-auth-swift-root-$(echo "$root" | md5sum | cut -c1-8).lock"
flock 9
work=/work/instagram-auth-release-$(pwd | md5sum | cut -c1-8)
cleanup() { as_root umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
mountpoint -q "$root/proc" || as_root mount -t proc proc "$root/proc"
as_root rm -rf "$root$work" && as_root mkdir -p "$root$work"
as_root cp "$out/InstagramAuthFFI.xcframework.zip" "$root$work/"
in_root() { as_root chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root "$@"; }
swift_checksum=$(in_root sh -c "cd $work && swift package compute-checksum InstagramAuthFFI.xcframework.zip")
[[ $swift_checksum == "$checksum" ]] ||
  { echo "swift package compute-checksum: $swift_checksum; zip-xcframework.sh: $checksum" >&2; exit 1; }
echo "zip checksum $checksum (swift package compute-checksum agrees)"

url="https://example.invalid/releases/download/$(scripts/release-version.sh)/InstagramAuthFFI.xcframework.zip"
cp Package.swift "$out/Package.swift"
scripts/set-swift-release.sh "$url" "$checksum" "$out/Package.swift"
as_root cp "$out/Package.swift" "$root$work/"
in_root sh -c "cd $work && swift package dump-package" > "$out/released.json"
python3 scripts/check_package_manifest.py "$out/released.json" "$url" "$checksum"
in_root INSTAGRAM_AUTH_LOCAL_FFI=1 sh -c "cd $work && swift package dump-package" > "$out/local.json"
python3 scripts/check_package_manifest.py "$out/local.json"
# The setter refuses what SwiftPM would fail on later.
if scripts/set-swift-release.sh "http://example.invalid/x.zip" "$checksum" "$out/Package.swift" 2>/dev/null ||
  scripts/set-swift-release.sh "$url" "not-a-checksum" "$out/Package.swift" 2>/dev/null; then
  echo "set-swift-release.sh accepted a plain-http URL or a malformed checksum" >&2
  exit 1
fi
echo "released manifest: binaryTarget by URL and checksum; INSTAGRAM_AUTH_LOCAL_FFI=1: the local build"
