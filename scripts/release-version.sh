#!/usr/bin/env bash
# Prints the release version: the workspace's Cargo.toml `version`, which the Swift package
# and the Maven artifact share (docs/release.md; scripts/check_versions.py holds them equal).
#   scripts/release-version.sh [--unreleased]
# --unreleased: fail if origin already has that version's tag (the release workflow's first step).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)
[[ -n $version ]] || { echo "Cargo.toml: no [workspace.package] version" >&2; exit 1; }
if [[ ${1:-} == --unreleased ]] && git ls-remote --exit-code --tags origin "refs/tags/$version" >/dev/null 2>&1; then
  echo "$version is already released: raise the version in Cargo.toml and CHANGELOG.md first (docs/release.md)" >&2
  exit 1
fi
echo "$version"
