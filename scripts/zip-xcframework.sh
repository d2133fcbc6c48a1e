#!/usr/bin/env bash
# Zips an XCFramework for a SwiftPM binaryTarget(url:checksum:) and prints the zip's
# checksum, which is its SHA-256 (what `swift package compute-checksum` prints; where
# `swift` is installed, the script asks it too and fails if they differ).
#   scripts/zip-xcframework.sh <dir/Name.xcframework> <out.zip>
# The zip holds Name.xcframework at its root, as SwiftPM expects, and keeps symlinks as
# symlinks (-y): the macOS slice's versioned layout is made of them. -X leaves out
# extra attributes (owners); entries are in sorted order. CI zips the slices it
# assembles (scripts/test-apple-framework.sh); the release workflow zips the XCFramework.
set -euo pipefail
source=$1 out=$2
[[ -d $source ]] || { echo "no $source to zip" >&2; exit 1; }
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out"
(cd "$(dirname "$source")" && find "$(basename "$source")" -print | LC_ALL=C sort | TZ=UTC zip -qXy "$out" -@)
checksum=$(sha256sum "$out" 2>/dev/null || shasum -a 256 "$out")
checksum=${checksum%% *}
if command -v swift >/dev/null; then
  swift_checksum=$(swift package compute-checksum "$out")
  [[ $swift_checksum == "$checksum" ]] ||
    { echo "swift package compute-checksum says $swift_checksum, SHA-256 says $checksum" >&2; exit 1; }
fi
echo "$checksum"
