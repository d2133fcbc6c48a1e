#!/usr/bin/env bash
# Runs the XCTest suite (bindings/swift/Tests) against a local sandbox. macOS only;
# not run in CI, which has no Swift toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-ios.sh
cargo build -q -p igauth
source scripts/sandbox.sh
trap stop_sandboxes EXIT
sandbox_url=""
start_sandbox sandbox_url
SANDBOX_URL=$sandbox_url swift test
