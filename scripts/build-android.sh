#!/usr/bin/env bash
# Builds the Android library (bindings/android): the Rust library for arm64-v8a,
# armeabi-v7a and x86_64 with cargo-ndk, the generated Kotlin, then the AAR with Gradle.
# Needs ANDROID_NDK_HOME (NDK r26+), the Android SDK, `cargo install cargo-ndk` and the
# Gradle wrapper's jar (bindings/android/README.md). Written and reviewed, but not run, in
# this repository's CI, which has no NDK; CI runs `cargo check` for the Android targets.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to an Android NDK (r26 or newer)}"

module=bindings/android
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
