#!/usr/bin/env bash
# The mobile library's size budget: the FFI crate's release cdylib as `cargo build
# --release` links it (no relocation packing), stripped, at most 1.0 MiB. x86_64 here
# stands in for arm64. Prints the size in bytes; fails over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
budget_bytes=$((1024 * 1024))
mkdir -p build/size
cargo build -q --release -p instagram-auth-ffi
strip -o build/size/libinstagram_auth_ffi.so target/release/libinstagram_auth_ffi.so
size=$(stat -c %s build/size/libinstagram_auth_ffi.so)
echo "$size"
if ((size > budget_bytes)); then
  echo "size budget exceeded: the stripped library is $size bytes, the budget $budget_bytes" >&2
  exit 1
fi
