#!/usr/bin/env bash
# Wraps one platform's static library and the packed headers into a static
# InstagramAuthFFI.framework, the slice `xcodebuild -create-xcframework -framework` takes.
# Plain file work: CI runs it for the device slice (scripts/test-apple-framework.sh) and
# scripts/build-ios.sh for all three on a Mac.
#   scripts/assemble-apple-framework.sh <libinstagram_auth_ffi.a> <headers-dir> <ios|ios-simulator|macos> <out-dir>
# <headers-dir> is what scripts/package-ffi-headers.sh writes. Writes <out-dir>/InstagramAuthFFI.framework.
#
# Why frameworks rather than `-library … -headers`: an XCFramework of bare libraries puts
# module.modulemap at the root of Headers/, which Xcode copies to one shared include/
# folder; two such XCFrameworks in one app (any other Rust/UniFFI SDK) fail with
# "Multiple commands produce …/include/module.modulemap" (bdk-ffi #621, boltffi #705,
# swift-build #1746). A framework keeps its module map in its own Modules/ folder, and
# its headers in its own Headers/, so nothing is shared.
# - iOS and the simulator take the shallow layout (everything at the framework's root);
#   macOS takes the versioned one (Versions/A, Current, and symlinks to them), which
#   codesign and Xcode require there.
# - The module is a `framework module` (the form Clang looks for in Modules/), over the
#   same two headers, core's first, without UniFFI's `use "_Builtin_…"` lines (as
#   scripts/package-ffi-headers.sh explains).
set -euo pipefail

library=$1 headers=$2 platform=$3 out=$4
name=InstagramAuthFFI
[[ -f $library ]] || { echo "no static library at $library" >&2; exit 1; }
[[ -f $headers/module.modulemap ]] || { echo "no packed headers in $headers (scripts/package-ffi-headers.sh)" >&2; exit 1; }
# The deployment targets of Package.swift and scripts/build-ios.sh.
case $platform in
  ios) supported=iPhoneOS min_os=15.0 ;;
  ios-simulator) supported=iPhoneSimulator min_os=15.0 ;;
  macos) supported=MacOSX min_os=12.0 ;;
  *) echo "platform must be ios, ios-simulator or macos, not $platform" >&2; exit 1 ;;
esac
version=$("$(dirname "$0")/release-version.sh")

framework=$out/$name.framework
rm -rf "$framework"
if [[ $platform == macos ]]; then
  content=$framework/Versions/A
  mkdir -p "$content/Headers" "$content/Modules" "$content/Resources"
  plist=$content/Resources/Info.plist
else
  content=$framework
  mkdir -p "$content/Headers" "$content/Modules"
  plist=$content/Info.plist
fi

cp "$library" "$content/$name"
cp "$headers/InstagramAuthCoreFFI.h" "$headers/$name.h" "$content/Headers/"
sed "s/^module $name {/framework module $name {/" "$headers/module.modulemap" > "$content/Modules/module.modulemap"

min_os_key=MinimumOSVersion
[[ $platform == macos ]] && min_os_key=LSMinimumSystemVersion
cat > "$plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>en</string>
	<key>CFBundleExecutable</key>
	<string>$name</string>
	<key>CFBundleIdentifier</key>
	<string>dev.instagramauth.$name</string>
	<key>CFBundleInfoDictionaryVersion</key>
	<string>6.0</string>
	<key>CFBundleName</key>
	<string>$name</string>
	<key>CFBundlePackageType</key>
	<string>FMWK</string>
	<key>CFBundleShortVersionString</key>
	<string>$version</string>
	<key>CFBundleVersion</key>
	<string>$version</string>
	<key>CFBundleSupportedPlatforms</key>
	<array>
		<string>$supported</string>
	</array>
	<key>$min_os_key</key>
	<string>$min_os</string>
</dict>
</plist>
PLIST

if [[ $platform == macos ]]; then
  ln -s A "$framework/Versions/Current"
  for entry in "$name" Headers Modules Resources; do
    ln -s "Versions/Current/$entry" "$framework/$entry"
  done
fi
echo "$framework"
