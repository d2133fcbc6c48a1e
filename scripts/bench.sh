#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: URL build and callback parse next to the oauth2 crate
# (criterion), exchange overhead against a bare reqwest POST and 1,000 concurrent
# exchanges (loopback sandbox), per-call cost through the Kotlin bindings on the JVM (the
# platform HttpURLConnection client next to the reqwest client of a benchmark-only build),
# the stripped release size of the FFI library, which must stay within 1.0 MiB as
# `cargo build --release` links it (x86_64 here standing in for arm64), and the arm64 iOS
# static library. Not a CI test (timings depend on the machine); the size budget fails
# the script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(rustc --version)"

cargo bench -q -p instagram-auth --bench url_and_callback -- --warm-up-time 1 --measurement-time 3 >/dev/null
median_ns() { python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["median"]["point_estimate"])' "target/criterion/$1/new/estimates.json"; }

cargo run -q --release -p igauth --example exchange_overhead > "$out/exchange.txt"
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# The release library with the reqwest client compiled in, for the JVM figures only (the
# size is measured last, on the library apps get).
lib=target/release/libinstagram_auth_ffi.so
scripts/generate-bindings.sh release "$out/bindings" --features builtin-http >/dev/null
tools=build/tools/node_modules/kotlin-compiler
[[ -x $tools/bin/kotlinc ]] || scripts/install-deps.sh
okhttp_deps=$(scripts/maven-fetch.sh okhttp)
okhttp_cp="$okhttp_deps/okhttp-4.12.0.jar:$okhttp_deps/okio-jvm-3.6.0.jar"
"$tools/bin/kotlinc" -nowarn -cp "$okhttp_cp:/usr/share/java/jna.jar:$tools/lib/kotlinx-coroutines-core-jvm.jar" \
  -d "$out/bench.jar" "$out"/bindings/kotlin/dev/instagramauth/*.kt "$out"/bindings/kotlin/dev/instagramauth/core/*.kt \
  bindings/android/src/platform/kotlin/dev/instagramauth/*.kt bindings/android-okhttp/src/main/kotlin/dev/instagramauth/okhttp/*.kt \
  bindings/jvm-bench/BindingsBench.kt
cargo build -q --release -p igauth
source scripts/sandbox.sh
trap stop_sandboxes EXIT
sandbox_url=""
IGAUTH_BIN=target/release/igauth start_sandbox sandbox_url
SANDBOX_URL=$sandbox_url java -Djna.library.path="$PWD/target/release" \
  -cp "$out/bench.jar:$okhttp_cp:$tools/lib/kotlin-stdlib.jar:$tools/lib/kotlinx-coroutines-core-jvm.jar:/usr/share/java/jna.jar" \
  dev.instagramauth.bench.BindingsBenchKt > "$out/jvm.txt"

# The size of the library apps get (no builtin-http), linked three ways: as cargo links
# it, which the budget applies to; with the relocation packing glibc loads (RELR, which
# the NDK applies from API 28 on); and with Android's own packing as
# scripts/build-android.sh links it for minSdk 24.
stripped_size() {
  cargo rustc -q --release -p instagram-auth-ffi --lib -- "$@"
  strip -o "$out/libinstagram_auth_ffi.stripped.so" "$lib"
  stat -c %s "$out/libinstagram_auth_ffi.stripped.so"
}
size_plain=$(scripts/check-size.sh)
size_relr=$(stripped_size -C link-arg=-Wl,-z,pack-relative-relocs)
size=$(stripped_size -C link-arg=-Wl,--pack-dyn-relocs=android)
# The Android-packed library does not load on glibc: link the plain one back.
cargo build -q --release -p instagram-auth-ffi
scripts/build-ios-staticlib.sh release > "$out/ios.txt"
ios_archive=$(stat -c %s build/ios/aarch64-apple-ios.a)
ios_linked=$(stat -c %s build/ios/aarch64-apple-ios.dylib)

cat <<TABLE | tee "$out/results.md"
| measurement | instagram-auth | comparison |
| --- | ---: | ---: |
| authorize URL, given state (median) | $(median_ns "authorize_url/instagram-auth") ns | oauth2 5: $(median_ns "authorize_url/oauth2") ns |
| authorize URL, random state (median) | $(median_ns "authorize_url/instagram-auth (generated state)") ns | oauth2 5: $(median_ns "authorize_url/oauth2 (new_random state)") ns |
| callback parse + state check (median) | $(median_ns "callback_parse/instagram-auth") ns | url crate by hand: $(median_ns "callback_parse/url crate (oauth2 users)") ns |
| code exchange, loopback (median of 5,000, interleaved, one thread) | $(value exchange_median_instagram_auth_us "$out/exchange.txt") µs | bare reqwest + serde: $(value exchange_median_bare_reqwest_us "$out/exchange.txt") µs (overhead $(value exchange_overhead_percent "$out/exchange.txt") %) |
| 1,000 concurrent exchanges | $(value concurrent_throughput_per_s "$out/exchange.txt")/s, p50 $(value concurrent_p50_ms "$out/exchange.txt") ms, p99 $(value concurrent_p99_ms "$out/exchange.txt") ms | errors: $(value concurrent_errors "$out/exchange.txt") |
| JVM via JNA: startAuthorization (median) | $(value jvm_start_authorization_us "$out/jvm.txt") µs | |
| JVM via JNA: handleCallback (median) | $(value jvm_handle_callback_us "$out/jvm.txt") µs | |
| JVM via JNA: exchange, loopback, reqwest client of a benchmark build (median / p99 of 1,000) | $(value jvm_exchange_us "$out/jvm.txt") / $(value jvm_exchange_p99_us "$out/jvm.txt") µs | |
| JVM via JNA: exchange, loopback, HttpURLConnection client (median / p99 of 1,000, interleaved) | $(value jvm_exchange_platform_us "$out/jvm.txt") / $(value jvm_exchange_platform_p99_us "$out/jvm.txt") µs | |
| JVM via JNA: exchange, loopback, OkHttp 4.12 client (median / p99 of 1,000, interleaved) | $(value jvm_exchange_okhttp_us "$out/jvm.txt") / $(value jvm_exchange_okhttp_p99_us "$out/jvm.txt") µs | |
| stripped release cdylib (x86_64), as cargo links it | $((size_plain / 1024)) KiB | budget 1024 KiB (scripts/check-size.sh) |
| the same, RELR-packed relocations | $((size_relr / 1024)) KiB | |
| the same, Android-packed relocations (as shipped) | $((size / 1024)) KiB | |
| iOS arm64 static library, after strip -S | $((ios_archive / 1024)) KiB | |
| the same, dead-stripped into a dylib and strip -x (what an app links) | $((ios_linked / 1024)) KiB | |
TABLE

# What each dependency costs in the library (cargo-bloat attributes code to crates).
if command -v cargo-bloat >/dev/null; then
  cargo bloat -q --release -p instagram-auth-ffi --lib --crates -n 12 > "$out/bloat.txt" 2>/dev/null || true
  echo "largest crates in the library (cargo bloat --crates):"
  cat "$out/bloat.txt"
fi

