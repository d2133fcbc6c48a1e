#!/usr/bin/env bash
# Compiles the generated Kotlin bindings and the Kotlin tests with kotlinc and runs them
# with JUnit 5 on the JVM against the host library and a local sandbox.
# Needs: Debian libjna-java and junit5, and npm (kotlin-compiler is installed here).
#   scripts/test-kotlin.sh [TestClass...]
# Default: the bindings suite and the HTTP clients (HttpURLConnection, OkHttp). The Android
# activities and the Parse module run on Robolectric: scripts/test-android-framework.sh.
# Uses the sandbox at $SANDBOX_URL if set, else starts one.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/generate-bindings.sh debug build/bindings
cargo build -q -p igauth

tools=build/tools/node_modules/kotlin-compiler
if [[ ! -x $tools/bin/kotlinc ]]; then
  mkdir -p build/tools
  (cd build/tools && npm install --silent --no-audit --no-fund kotlin-compiler@2)
fi
lib=$tools/lib
java_libs=/usr/share/java
# OkHttp from Maven Central, for bindings/android-okhttp (its own kotlin stdlib is not used).
okhttp_deps=$(scripts/maven-fetch.sh okhttp)
okhttp_cp="$okhttp_deps/okhttp-4.12.0.jar:$okhttp_deps/okio-jvm-3.6.0.jar"
compile_cp="$okhttp_cp:$java_libs/jna.jar:$lib/kotlinx-coroutines-core-jvm.jar:$lib/kotlin-test.jar:$java_libs/junit-jupiter-api.jar:$java_libs/apiguardian-api.jar:$java_libs/opentest4j.jar"

jar=build/kotlin/instagram-auth-tests.jar
mkdir -p build/kotlin
sources=(
  build/bindings/kotlin/dev/instagramauth/*.kt
  build/bindings/kotlin/dev/instagramauth/core/*.kt
  bindings/android/src/platform/kotlin/dev/instagramauth/*.kt
  bindings/android/src/test/kotlin/dev/instagramauth/*.kt
  bindings/android-okhttp/src/main/kotlin/dev/instagramauth/okhttp/*.kt
  bindings/android-okhttp/src/test/kotlin/dev/instagramauth/okhttp/*.kt
)
if [[ ! -f $jar ]] || [[ -n $(find "${sources[@]}" -newer "$jar") ]]; then
  echo "kotlinc: compiling ${#sources[@]} files"
  "$tools/bin/kotlinc" -nowarn -cp "$compile_cp" -d "$jar" "${sources[@]}"
fi

if (($#)); then test_classes=("$@"); else test_classes=(dev.instagramauth.InstagramAuthTest dev.instagramauth.RefusalsTest dev.instagramauth.HttpUrlConnectionClientTest dev.instagramauth.okhttp.OkHttpHttpClientTest dev.instagramauth.CodeExchangerTest); fi
selectors=()
for class in "${test_classes[@]}"; do
  [[ $class == *.* ]] || class=dev.instagramauth.$class
  selectors+=(--select-class "$class")
done
if [[ -z ${SANDBOX_URL:-} ]]; then
  source scripts/sandbox.sh
  trap stop_sandboxes EXIT
  start_sandbox SANDBOX_URL
  export SANDBOX_URL
fi
# The platform-transport tests start sandboxes of their own, one per fault mode.
export IGAUTH="$root/target/debug/igauth" IGAUTH_TESTDATA="$root/testdata"

java -Djna.library.path="$root/target/debug" \
  -jar "$java_libs/junit-platform-console-standalone.jar" \
  --class-path "$jar:$okhttp_cp:$lib/kotlin-stdlib.jar:$lib/kotlin-test.jar:$lib/kotlinx-coroutines-core-jvm.jar:$java_libs/jna.jar" \
  "${selectors[@]}" --disable-banner --details=tree --fail-if-no-tests
