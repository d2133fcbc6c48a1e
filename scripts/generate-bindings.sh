#!/usr/bin/env bash
# Generates the Swift and Kotlin bindings from the built FFI library.
#   scripts/generate-bindings.sh [debug|release] [out-dir] [cargo build options...]
# (scripts/bench.sh passes `--features builtin-http`; apps' bindings take none.)
# Output: <out-dir>/kotlin/dev/instagramauth/instagram_auth_ffi.kt (the bindings) and
#         <out-dir>/kotlin/dev/instagramauth/core/instagram_auth.kt (the core's records);
#         <out-dir>/swift/{InstagramAuthKit.swift, InstagramAuthCore.swift, InstagramAuthFFI.h,
#         InstagramAuthCoreFFI.h, InstagramAuthFFI.modulemap} (one Swift module, one C module)
# Generated code is a build product: it is not committed.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-debug}"
out="${2:-build/bindings}"
build_options=("${@:3}")
[[ "$profile" == release ]] && build_options+=(--release)

cargo build "${build_options[@]}" -p instagram-auth-ffi
case "$(uname -s)" in
  Darwin) lib="target/$profile/libinstagram_auth_ffi.dylib" ;;
  *)      lib="target/$profile/libinstagram_auth_ffi.so" ;;
esac

# Generated next to the last output, which is replaced only if it changed: unchanged files
# keep their times, so what is compiled from them (scripts/test-kotlin.sh's jar) is reused.
next="$out/.next"
rm -rf "$next"
for language in kotlin swift; do
  cargo run --quiet -p uniffi-bindgen -- generate "$lib" \
    --language "$language" --out-dir "$next/$language" --config uniffi.toml --no-format
  if ! diff -rq "$next/$language" "$out/$language" >/dev/null 2>&1; then
    rm -rf "${out:?}/$language"
    mv "$next/$language" "$out/$language"
  fi
done
rm -rf "$next"

# A flat uniffi.toml would be ignored silently; make sure ours took effect.
grep -q '^package dev.instagramauth' "$out/kotlin/dev/instagramauth/instagram_auth_ffi.kt"
grep -q '^package dev.instagramauth.core' "$out/kotlin/dev/instagramauth/core/instagram_auth.kt"
test -f "$out/swift/InstagramAuthKit.swift" && test -f "$out/swift/InstagramAuthCore.swift"
echo "bindings in $out/kotlin and $out/swift"
