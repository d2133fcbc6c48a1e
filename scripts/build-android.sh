#!/usr/bin/env bash
# Builds the Android library (bindings/android): the Rust library for arm64-v8a,
# armeabi-v7a and x86_64 with cargo-ndk, the generated Kotlin, then the AAR with Gradle.
# Needs the Android SDK (ANDROID_HOME, or sdk.dir in bindings/android/local.properties),
# an NDK r26+ (ANDROID_NDK_HOME, else the newest under $ANDROID_HOME/ndk), `cargo install
# cargo-ndk`; Gradle comes through the committed wrapper (docs/release.md). Written and reviewed, but not run, in
# this repository's CI, which has no NDK; CI runs `cargo check` for the Android targets.
set -euo pipefail
cd "$(dirname "$0")/.."
module=bindings/android

# Gradle finds the SDK through local.properties (sdk.dir) or ANDROID_HOME; cargo-ndk finds
# the NDK through ANDROID_NDK_HOME. Write local.properties for both builds from ANDROID_HOME
# when they have none (it is machine-specific: git ignores it), and refuse to start without
# an SDK rather than fail in Gradle's configuration.
sdk=${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}
if [[ -z $sdk && -f $module/local.properties ]]; then
  sdk=$(sed -n 's/^sdk\.dir=//p' "$module/local.properties")
fi
[[ -n $sdk && -d $sdk ]] ||
  { echo "no Android SDK: set ANDROID_HOME, or sdk.dir in $module/local.properties" >&2; exit 1; }
for build in "$module" android-demo; do
  [[ -f $build/local.properties ]] || printf 'sdk.dir=%s\n' "$sdk" > "$build/local.properties"
done
if [[ -z ${ANDROID_NDK_HOME:-} ]]; then
  ANDROID_NDK_HOME=$(find "$sdk/ndk" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -V | tail -n1 || true)
fi
[[ -n $ANDROID_NDK_HOME && -d $ANDROID_NDK_HOME ]] ||
  { echo "no Android NDK: set ANDROID_NDK_HOME (r26 or newer) or install one under $sdk/ndk" >&2; exit 1; }
export ANDROID_HOME=$sdk ANDROID_NDK_HOME
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# Packed relocations (Android's own format, read by the loader since API 23; the minSdk
# is 24) take ~230 KiB off each library; older NDKs only pack by themselves from API 28.
# 16 KiB pages: Google Play requires 64-bit libraries to load on 16 KiB-page devices.
packed="-C link-arg=-Wl,--pack-dyn-relocs=android"
pages="-C link-arg=-Wl,-z,max-page-size=16384"
export CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="$packed $pages"
export CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS="$packed $pages"
export CARGO_TARGET_ARMV7_LINUX_ANDROIDEABI_RUSTFLAGS="$packed"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 --platform 24 \
  -o "$module/src/main/jniLibs" build --release -p instagram-auth-ffi

scripts/generate-bindings.sh release build/bindings
rm -rf "$module/src/main/kotlin" && mkdir -p "$module/src/main/kotlin"
cp -R build/bindings/kotlin/. "$module/src/main/kotlin/"

(cd "$module" && ./gradlew --no-daemon assembleRelease)
echo "built $module/build/outputs/aar/instagram-auth-release.aar"
