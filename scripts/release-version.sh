#!/usr/bin/env bash
# Prints the release version: the workspace's Cargo.toml `version`, which the Swift package
# and the Maven artifact share (docs/release.md; scripts/check_versions.py holds them equal).
set -euo pipefail
cd "$(dirname "$0")/.."
sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml
