#!/usr/bin/env bash
# The Android app edge on the real Android framework, without Gradle or a device:
# Robolectric 4.17 runs the library's activities, browser choice and Parse module on
# android-all (SDK 35) on the JVM, offline, with jars fetched once from Maven Central
# (scripts/maven-fetch.sh, scripts/maven/android-framework.xml). Everything is compiled
# with kotlinc against android-all, the real framework's classes.
#   scripts/test-android-framework.sh          the browser, launch, redirect and manifest tests
#   scripts/test-android-framework.sh parse    the Parse Android SDK 1.17.3 against a real Parse
#                                              Server (PARSE_URL, SANDBOX_URL: scripts/test-parse.sh)
# Prints the JUnit summary and a "robolectric: N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
suite=${1:-framework}

# The Parse module's two flavors must differ only in which Task they import.
strip_task_imports() { grep -vE '^import (bolts|com\.parse\.boltsinternal)\.(Task|Continuation)$' "$1"; }
flavors=bindings/android-parse/src
if ! diff <(strip_task_imports "$flavors/parse1/kotlin/dev/instagramauth/parse/ParseUserTasks.kt") \
          <(strip_task_imports "$flavors/parse4/kotlin/dev/instagramauth/parse/ParseUserTasks.kt"); then
  echo "the parse1 and parse4 copies of ParseUserTasks.kt differ in more than their Task imports" >&2
  exit 1
fi

deps=$(scripts/maven-fetch.sh android-framework)
scripts/generate-bindings.sh debug build/bindings >/dev/null
cargo build -q -p igauth
tools=build/tools/node_modules/kotlin-compiler
[[ -x $tools/bin/kotlinc ]] || scripts/install-deps.sh
kotlin_libs="$tools/lib/kotlin-stdlib.jar:$tools/lib/kotlinx-coroutines-core-jvm.jar"

# android-all is the framework to compile against. Robolectric loads the instrumented one
# itself (robolectric.dependency.dir) into each test's sandbox; the plain one stays last on
# the class path, where JUnit reads annotations that name framework classes (@Config's
# Application), as the mockable android.jar does in a Gradle build.
android_all=$deps/android-all-15-robolectric-13954326.jar
runtime_cp="$(find "$deps" -name '*.jar' ! -name 'android-all-*' | sort | paste -sd:):$android_all"
compile_cp="$runtime_cp:$kotlin_libs"

# A copy of the generated Kotlin that changes only when its content does, so the compiled
# jar is reused (scripts/test-parse.sh runs this script again, and kotlinc takes minutes).
generated=build/android-framework/bindings
mkdir -p "$generated"
while IFS= read -r file; do
  copy=$generated/${file#build/bindings/kotlin/}
  mkdir -p "$(dirname "$copy")"
  cmp -s "$file" "$copy" || cp "$file" "$copy"
done < <(find build/bindings/kotlin -name '*.kt')

sources=(
  "$generated"/dev/instagramauth/*.kt
  "$generated"/dev/instagramauth/core/*.kt
  bindings/android/src/platform/kotlin/dev/instagramauth/*.kt
  bindings/android/src/android/kotlin/dev/instagramauth/android/*.kt
  bindings/android/src/test/kotlin/dev/instagramauth/android/*.kt
  bindings/android-parse/src/main/kotlin/dev/instagramauth/parse/*.kt
  bindings/android-parse/src/parse1/kotlin/dev/instagramauth/parse/*.kt
  bindings/android-parse/src/test/kotlin/dev/instagramauth/parse/*.kt
  ${SHIM:+"$SHIM"}
)
jar=build/android-framework/tests.jar
mkdir -p build/android-framework
if [[ ! -f $jar ]] || [[ -n $(find "${sources[@]}" -newer "$jar") ]]; then
  echo "kotlinc: compiling ${#sources[@]} files against android-all (SDK 35)"
  "$tools/bin/kotlinc" -nowarn -jvm-target 17 -cp "$compile_cp" -d "$jar" "${sources[@]}"
fi

case $suite in
  framework)
    classes=(BrowserChoiceTest SignInLaunchTest SignInRedirectTest LibraryManifestTest)
    classes=("${classes[@]/#/dev.instagramauth.android.}")
    if [[ -z ${SANDBOX_URL:-} ]]; then
      source scripts/sandbox.sh
      trap stop_sandboxes EXIT
      start_sandbox SANDBOX_URL
      export SANDBOX_URL
    fi
    ;;
  parse)
    : "${PARSE_URL:?PARSE_URL is not set: scripts/test-parse.sh runs this suite}" "${SANDBOX_URL:?}"
    classes=(dev.instagramauth.parse.ParseInstagramUtilsTest)
    ;;
  *) echo "usage: $0 [framework|parse]" >&2; exit 2 ;;
esac
selectors=()
for class in "${classes[@]}"; do selectors+=(--select-class "$class"); done

log=build/android-framework/junit-$suite.log
status=0
ANDROID_LIBRARY_MANIFEST=$root/bindings/android/src/main/AndroidManifest.xml \
java -Drobolectric.offline=true -Drobolectric.dependency.dir="$root/$deps" \
  -Djna.library.path="$root/target/debug" \
  -cp "$jar:$runtime_cp:$kotlin_libs" org.junit.platform.console.ConsoleLauncher execute \
  "${selectors[@]}" --disable-banner --details=tree --fail-if-no-tests > "$log" 2>&1 || status=$?
# Robolectric's notes on a manifest-less run are noise; the tree and the summary are not.
grep -vE '^(WARNING|\[Robolectric\]|.*No such manifest file)' "$log"
passed=$(sed -n 's/.*\[ *\([0-9]*\) tests successful *\].*/\1/p' "$log")
failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed *\].*/\1/p' "$log")
echo "robolectric: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
