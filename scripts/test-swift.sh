#!/usr/bin/env bash
# Compiles the Swift side on Linux and runs its XCTests against the host library and a
# local sandbox: the generated bindings, bindings/swift/Sources (hand-written), the
# bindings' XCTest suite, the web sign-in and the Parse product against stand-ins for
# AuthenticationServices and the Parse iOS SDK (bindings/swift/Tests/Stubs), and the iOS
# demo (every ios-demo file but the SwiftUI ones, scripts/list-apple-only-swift.sh) with
# its tests. Warnings as errors; Swift 6
# language mode with complete concurrency checking, except the bindings' module (Swift 5
# mode, see Package.swift) (bindings/swift/linux/Package.swift).
#   scripts/test-swift.sh [swift-test-filter]
# Swift 6.0.3 runs in a Debian trixie root outside the repository (scripts/swift-root.sh);
# the package is assembled there from the repository's files, and only changed files are
# copied, so SwiftPM's incremental build stays warm. Needs root (or sudo).
# Uses the sandbox at $SANDBOX_URL if set, else starts one.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

root=$(scripts/swift-root.sh)
scripts/generate-bindings.sh debug build/bindings
cargo build -q -p igauth

# 1. The package, assembled in build/swift-linux, then copied into the root where changed.
staged=build/swift-linux
rm -rf "$staged" && mkdir -p "$staged"
cp bindings/swift/linux/Package.swift "$staged/"
scripts/package-ffi-headers.sh build/bindings/swift "$staged/Sources/InstagramAuthFFI"
python3 scripts/check_ffi_headers.py "$staged/Sources/InstagramAuthFFI"
# Linux has no Darwin module: the one line an Apple build keeps and this one cannot.
sed -i '/^[[:space:]]*use "Darwin"[[:space:]]*$/d' "$staged/Sources/InstagramAuthFFI/module.modulemap"
mkdir -p "$staged/Sources/InstagramAuthKit" "$staged/Sources/InstagramAuthParse" "$staged/Sources/InstagramSignInDemo" \
  "$staged/Sources/ObservationShim" "$staged/Sources/AuthenticationServices" "$staged/Sources/ParseCore" \
  "$staged/Tests/InstagramAuthKitTests" "$staged/Tests/SystemWebAuthenticationBrowserTests" \
  "$staged/Tests/InstagramAuthParseTests" "$staged/Tests/InstagramSignInDemoTests"
cp build/bindings/swift/InstagramAuthKit.swift build/bindings/swift/InstagramAuthCore.swift "$staged/Sources/InstagramAuthKit/"
find bindings/swift/Sources/InstagramAuthKit -name '*.swift' ! -name InstagramAuthKit.swift ! -name InstagramAuthCore.swift \
  -exec cp {} "$staged/Sources/InstagramAuthKit/" \;
cp bindings/swift/Sources/InstagramAuthParse/*.swift "$staged/Sources/InstagramAuthParse/"
# Stand-ins for Apple's AuthenticationServices and the Parse iOS SDK (see their README).
cp bindings/swift/Tests/Stubs/AuthenticationServices/*.swift "$staged/Sources/AuthenticationServices/"
cp bindings/swift/Tests/Stubs/ParseCore/*.swift "$staged/Sources/ParseCore/"
cp -r bindings/swift/linux/ObservationShim/. "$staged/Sources/ObservationShim/"
cp bindings/swift/Tests/InstagramAuthKitTests/*.swift "$staged/Tests/InstagramAuthKitTests/"
cp bindings/swift/Tests/SystemWebAuthenticationBrowserTests/*.swift "$staged/Tests/SystemWebAuthenticationBrowserTests/"
# The sandbox helpers of the bindings' suite serve the Parse and demo suites too.
cp bindings/swift/Tests/InstagramAuthParseTests/*.swift bindings/swift/Tests/InstagramAuthKitTests/Sandbox.swift \
  bindings/swift/Tests/InstagramAuthKitTests/SandboxBrowser.swift "$staged/Tests/InstagramAuthParseTests/"
mkdir -p "$staged/testdata" && cp testdata/transport-faults.tsv "$staged/testdata/"
mapfile -t apple_only < <(scripts/list-apple-only-swift.sh)
for file in ios-demo/InstagramSignInDemo/*.swift; do
  [[ " ${apple_only[*]} " == *" $file "* ]] || cp "$file" "$staged/Sources/InstagramSignInDemo/"
done
cp ios-demo/InstagramSignInDemoTests/*.swift bindings/swift/Tests/InstagramAuthKitTests/SandboxBrowser.swift \
  bindings/swift/Tests/InstagramAuthKitTests/Sandbox.swift bindings/swift/Tests/InstagramAuthParseTests/SandboxParse.swift \
  "$staged/Tests/InstagramSignInDemoTests/"

package=/work/instagram-auth-$(pwd | md5sum | cut -c1-8) # inside the root; one per checkout
sync_tree() { # copies changed files only and removes stale ones (keeps .build)
  local from=$1 to=$2 rel
  while IFS= read -r -d '' rel; do
    as_root mkdir -p "$to/$(dirname "$rel")"
    cmp -s "$from/$rel" "$to/$rel" || as_root cp "$from/$rel" "$to/$rel"
  done < <(cd "$from" && find . -type f -print0)
  while IFS= read -r -d '' rel; do
    [[ -f $from/$rel ]] || as_root rm -f "$to/$rel"
  done < <(cd "$to" && find . \( -path ./.build -o -name Package.resolved \) -prune -o -type f -print0)
}

# 2. One run at a time per root: /proc is mounted for it and unmounted after.
exec 9>"/tmp/instagram-auth-swift-root-$(echo "$root" | md5sum | cut -c1-8).lock"
flock 9
as_root mkdir -p "$root$package"
sync_tree "$staged" "$root$package"
as_root install -m 0755 target/debug/libinstagram_auth_ffi.so "$root/usr/local/lib/"
source scripts/sandbox.sh
cleanup() {
  as_root umount "$root/proc" 2>/dev/null || true
  stop_sandboxes
}
trap cleanup EXIT
mountpoint -q "$root/proc" || as_root mount -t proc proc "$root/proc"
as_root chroot "$root" ldconfig

# The sandbox, and two with a fault on their token and Graph endpoints (Timeout, InvalidReply).
[[ -n ${SANDBOX_URL:-} ]] || start_sandbox SANDBOX_URL
start_sandbox SANDBOX_SLOW_URL --fault delay:2000
start_sandbox SANDBOX_HTML_URL --fault html
# One per fault of testdata/transport-faults.tsv, for the URLSession client: `fault url;...`.
fault_urls="" fault_url=""
while IFS=$'\t' read -r fault _; do
  [[ -z $fault || $fault == '#'* ]] && continue
  start_sandbox fault_url --fault "$fault"
  fault_urls+="$fault $fault_url;"
done < testdata/transport-faults.tsv

# 3. The root Package.swift (what apps get), evaluated by Swift; the demo's Xcode settings
# (and the check's own tests: each broken setting refused).
as_root mkdir -p "$root$package-manifest"
as_root cp Package.swift "$root$package-manifest/"
as_root chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root sh -c "cd $package-manifest && swift package dump-package" \
  > build/package-dump.json
python3 scripts/check_package_manifest.py build/package-dump.json
python3 scripts/check_ios_project.py ios-demo/project.yml
(cd scripts && python3 test_check_ios_project.py)

# 4. Build (errors, and warnings as errors, stop here), then test.
in_root() {
  as_root chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root SANDBOX_URL="$SANDBOX_URL" \
    SANDBOX_SLOW_URL="$SANDBOX_SLOW_URL" SANDBOX_HTML_URL="$SANDBOX_HTML_URL" \
    SANDBOX_FAULT_URLS="$fault_urls" IGAUTH_TESTDATA="$package/testdata" sh -c "cd $package && $*"
}
in_root swift build --build-tests -j 2
log=build/swift-test.log
filter=()
(($#)) && filter=(--filter "$1")
status=0
in_root swift test --skip-build "${filter[@]}" > "$log" 2>&1 || status=$?
# Failures, then XCTest's own summary lines for each suite and for the whole run.
grep -E "error: |: failed|Fatal error|Executed [0-9]+ tests?|Test Suite '.*' (passed|failed)" "$log" |
  grep -v -E "Test Suite '.*' (started)" || true
if ((status)); then
  echo "swift test failed (exit $status); the full log is in $log" >&2
  exit "$status"
fi
# The bindings' module is built in Swift 5 mode because Swift 6.0.3 crashes on UniFFI's
# async foreign-trait helper (Package.swift). Its hand-written files that use only the
# bindings' public API (the browser sheet sign-in, the URLSession client) are type-checked
# in Swift 6 mode here, as a module that imports the built one: errors fail the run.
swift6_files=()
for file in bindings/swift/Sources/InstagramAuthKit/*.swift; do
  # The conformance file declares a conformance of the module's own type: in another module
  # it would be a retroactive one.
  [[ $file == */InstagramAuthError+Description.swift ]] || swift6_files+=("Sources/InstagramAuthKit/$(basename "$file")")
done
in_root swiftc -swift-version 6 -typecheck -warnings-as-errors -parse-as-library -module-name InstagramAuthKitSwift6 \
  -Xfrontend -import-module -Xfrontend InstagramAuthKit \
  -I .build/debug/Modules -I .build/debug -I Sources/InstagramAuthFFI "${swift6_files[*]}"
echo "Swift 6 mode: ${#swift6_files[@]} hand-written InstagramAuthKit files type-check"
# Say whether the generated Swift still crashes Swift 6 mode; not a failure.
if in_root swiftc -swift-version 6 -wmo -parse-as-library -module-name InstagramAuthKit \
  -I Sources/InstagramAuthFFI -I .build/debug/Modules -emit-sil -o /dev/null Sources/InstagramAuthKit/*.swift > build/swift6-canary.log 2>&1; then
  echo "note: the generated Swift now compiles in Swift 6 mode: InstagramAuthKit can leave Swift 5 mode"
else
  echo "note: the generated Swift still fails in Swift 6 mode (swiftlang/swift #78439 when an assertion is below); InstagramAuthKit stays in Swift 5 mode"
  grep -m1 -E 'Assertion|error:' build/swift6-canary.log | cut -c1-160 || echo "see build/swift6-canary.log"
fi
count=$(grep -E "Test Suite '(All|Selected) tests' passed" -A1 "$log" | grep -o -E 'Executed [0-9]+ tests?' | grep -o -E '[0-9]+')
echo "Swift: $count XCTests passed"
