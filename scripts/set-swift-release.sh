#!/usr/bin/env bash
# Points Package.swift's binaryTarget at a released XCFramework zip: writes its URL and
# checksum into the `releasedFFI` line (the release workflow does this in the release
# commit that it tags; scripts/test-release-manifest.sh checks the result with Swift).
#   scripts/set-swift-release.sh <url> <checksum> [Package.swift]
set -euo pipefail
url=$1 checksum=$2 manifest=${3:-"$(dirname "$0")/../Package.swift"}
[[ $url == https://*.zip ]] || { echo "the URL must be an https URL of a .zip, not $url" >&2; exit 1; }
[[ $checksum =~ ^[0-9a-f]{64}$ ]] || { echo "the checksum must be 64 hex digits (a SHA-256), not $checksum" >&2; exit 1; }
grep -q '^let releasedFFI: (url: String, checksum: String)? = ' "$manifest" ||
  { echo "$manifest has no releasedFFI line to set" >&2; exit 1; }
sed -i.bak "s|^let releasedFFI: (url: String, checksum: String)? = .*$|let releasedFFI: (url: String, checksum: String)? = (url: \"$url\", checksum: \"$checksum\")|" "$manifest"
rm -f "$manifest.bak"
