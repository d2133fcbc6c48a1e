#!/usr/bin/env bash
# Packs the generated C headers (the bindings' and the core's records') and one module map
# over both as an XCFramework's Headers/ folder wants them. Plain file work, so CI runs it (scripts/check_ffi_headers.py checks the layout and
# scripts/test-swift.sh compiles the Linux build against the result).
#   scripts/package-ffi-headers.sh <generated-swift-dir> <headers-dir>
# Writes exactly <headers-dir>/InstagramAuthFFI.h, InstagramAuthCoreFFI.h and module.modulemap:
# - one C module over both headers: both crates' Swift imports InstagramAuthFFI, and the
#   headers declare UniFFI's shared types once between them (UNIFFI_SHARED_H);
# - module.modulemap at the root of Headers/: Xcode 26 builds explicit modules by default
#   and its dependency scanner does not look in Headers/ subfolders; the generated Swift's
#   `#if canImport(InstagramAuthFFI)` would hide that until "cannot find type 'RustBuffer'".
# - without UniFFI's `use "_Builtin_stdbool"` / `use "_Builtin_stdint"` lines, which make
#   canImport false on Xcode 26 (uniffi-rs #2917). The header includes <stdbool.h> and
#   <stdint.h> itself; `use` only declares intent and adds nothing to the build.
set -euo pipefail

generated=$1
out=$2
header=$generated/InstagramAuthFFI.h
core_header=$generated/InstagramAuthCoreFFI.h
modulemap=$generated/InstagramAuthFFI.modulemap
[[ -f $header && -f $core_header && -f $modulemap ]] ||
  { echo "no generated headers or module map in $generated" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
cp "$header" "$core_header" "$out/"
grep -v -E '^[[:space:]]*use "_Builtin_(stdbool|stdint)"[[:space:]]*$' "$modulemap" |
  sed 's/^\([[:space:]]*\)header "InstagramAuthFFI.h"/\1header "InstagramAuthCoreFFI.h"\n\1header "InstagramAuthFFI.h"/' \
  > "$out/module.modulemap"
