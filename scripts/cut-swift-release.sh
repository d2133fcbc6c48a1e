#!/usr/bin/env bash
# The release's last step (.github/workflows/release.yml, after the AAR is published): a
# release commit that holds the generated Swift (ignored on branches) and a Package.swift
# whose binaryTarget names the zip by URL and checksum, tagged with the bare version (what
# SwiftPM's `from: "x.y.z"` resolves), then a GitHub release with the zip at that URL.
#   scripts/cut-swift-release.sh <InstagramAuthFFI.xcframework.zip> <checksum>
# Needs push rights and `gh` (GH_TOKEN); GITHUB_SERVER_URL and GITHUB_REPOSITORY name the
# repository. Not run in this repository's CI (no GitHub); CI runs its parts:
# scripts/set-swift-release.sh and scripts/check_versions.py (scripts/test-release-manifest.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
zip=$1 checksum=$2
version=$(scripts/release-version.sh --unreleased)
url="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/releases/download/$version/$(basename "$zip")"
generated=(bindings/swift/Sources/InstagramAuthKit/InstagramAuthKit.swift bindings/swift/Sources/InstagramAuthKit/InstagramAuthCore.swift)
for file in "${generated[@]}"; do
  [[ -f $file ]] || { echo "no generated $file (scripts/build-ios.sh writes it)" >&2; exit 1; }
done

scripts/set-swift-release.sh "$url" "$checksum"
python3 scripts/check_versions.py
git add Package.swift
git add -f "${generated[@]}"
git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit -q -m "Release $version"
git tag -a "$version" -m "Release $version"
git push origin "refs/tags/$version"
gh release create "$version" "$zip" --title "$version" \
  --notes "Changes: CHANGELOG.md. Swift Package Manager checksum of $(basename "$zip"): $checksum"
echo "released $version: $url"
