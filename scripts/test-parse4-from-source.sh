#!/usr/bin/env bash
# Checks the Parse module's parse4 flavor against Parse Android 4.x, which is published on
# JitPack only (out of reach of CI here): compiles the SDK from a source checkout of
# parse-community/Parse-SDK-Android (javac; androidx.annotation, androidx.core and OkHttp
# from Maven Central), then the library, the module's main and parse4 sources and the
# Robolectric tests against it, and runs ParseInstagramUtilsTest on it. Not part of CI.
#   PARSE_URL=... SANDBOX_URL=... scripts/test-parse4-from-source.sh /path/to/Parse-SDK-Android
# (a work tree of it, e.g. `git archive HEAD parse bolts-tasks | tar -x -C DIR`;
# a Parse Server and sandbox as scripts/test-parse.sh starts them; run
# scripts/test-android-framework.sh once first for the jars and the generated Kotlin).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
checkout=$(cd "$1" && pwd)
: "${PARSE_URL:?}" "${SANDBOX_URL:?}"
out=build/parse4
rm -rf "$out" && mkdir -p "$out/classes" "$out/gen/com/parse" "$out/repository"
deps=build/maven/android-framework
okhttp=$(scripts/maven-fetch.sh okhttp)
tools=build/tools/node_modules/kotlin-compiler

# What Gradle generates for the SDK, and the two androidx libraries it compiles against.
version=$(git -C "$checkout" describe --tags 2>/dev/null || echo 4)
printf 'package com.parse;\npublic final class BuildConfig { public static final String PARSE_VERSION = "%s"; }\n' "$version" \
  > "$out/gen/com/parse/BuildConfig.java"
for artifact in androidx.annotation:annotation:1.4.0 androidx.core:core:1.8.0:aar; do
  mvn -B -q -Dmaven.repo.local="$root/$out/repository" dependency:get -Dartifact="$artifact" -Dtransitive=false >&2
done
annotation=$(find "$out/repository" -name 'annotation-1.4.0.jar')
unzip -p "$(find "$out/repository" -name 'core-1.8.0.aar')" classes.jar > "$out/androidx-core.jar"
android_all=$deps/android-all-15-robolectric-13954326.jar
sdk_cp="$annotation:$out/androidx-core.jar:$okhttp/okhttp-4.12.0.jar:$okhttp/okio-jvm-3.6.0.jar"
mapfile -t sdk_sources < <(find "$checkout/parse/src/main/java" "$checkout/bolts-tasks/src/main/java" "$out/gen" -name '*.java')
javac -nowarn -proc:none -d "$out/classes" -cp "$android_all:$sdk_cp:$tools/lib/kotlin-stdlib.jar" "${sdk_sources[@]}" 2>&1 | grep -v '^Note:' || true
test -f "$out/classes/com/parse/ParseUser.class"

# Robolectric and the rest, without Parse 1.x and its OkHttp 3.
others=$(find "$deps" -name '*.jar' ! -name 'android-all-*' ! -name 'parse-android-*' ! -name 'bolts-tasks-*' \
  ! -name 'okhttp-3*' ! -name 'okio-1*' | sort | paste -sd:)
cp="$others:$out/classes:$sdk_cp:$tools/lib/kotlinx-coroutines-core-jvm.jar:$tools/lib/kotlin-stdlib.jar:$android_all"
"$tools/bin/kotlinc" -nowarn -jvm-target 17 -cp "$cp" -d "$out/tests.jar" \
  build/android-framework/bindings/dev/instagramauth/*.kt build/android-framework/bindings/dev/instagramauth/core/*.kt \
  bindings/android/src/platform/kotlin/dev/instagramauth/*.kt bindings/android/src/android/kotlin/dev/instagramauth/android/*.kt \
  bindings/android/src/test/kotlin/dev/instagramauth/android/*.kt bindings/android-parse/src/main/kotlin/dev/instagramauth/parse/*.kt \
  bindings/android-parse/src/parse4/kotlin/dev/instagramauth/parse/*.kt bindings/android-parse/src/test/kotlin/dev/instagramauth/parse/*.kt
java -Drobolectric.offline=true -Drobolectric.dependency.dir="$root/$deps" -Djna.library.path="$root/target/debug" \
  -cp "$out/tests.jar:$cp" org.junit.platform.console.ConsoleLauncher execute \
  --select-class dev.instagramauth.parse.ParseInstagramUtilsTest --disable-banner --details=tree
