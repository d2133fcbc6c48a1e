#!/usr/bin/env bash
# Runs the XCTest suite (bindings/swift/Tests) against a local sandbox. macOS only;
# not run in CI, which has no Swift toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-ios.sh
cargo build -q -p igauth
out=$(mktemp)
target/debug/igauth sandbox --port 0 > "$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do [[ -s $out ]] && break; sleep 0.1; done
SANDBOX_URL=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["base_url"])' "$out") swift test
