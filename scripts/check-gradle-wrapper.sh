#!/usr/bin/env bash
# The Gradle wrapper of both Gradle builds (bindings/android, android-demo), checked and run as
# far as this machine allows (Gradle's distribution server is out of reach here):
# - gradle-wrapper.jar is Gradle 8.14.3's, by the SHA-256 Gradle publishes for it
#   (https://gradle.org/release-checksums/); gradlew and gradlew.bat are the same in both builds.
# - ./gradlew, with the build's own jar and properties but the distribution served from
#   127.0.0.1, downloads it, refuses one whose SHA-256 differs from distributionSha256Sum,
#   and starts one that matches, passing the arguments on: a stand-in distribution whose
#   launcher prints them. Only the real Gradle behind it is not run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Gradle's published checksum of the 8.14.3 wrapper jar.
wrapper_jar_sha256=7d3a4ac4de1c32b59bc6a4eb8ecb8e612ccd0cf1ae1e99f66902da64df296172
builds=(bindings/android android-demo)

for build in "${builds[@]}"; do
  actual=$(sha256sum "$build/gradle/wrapper/gradle-wrapper.jar" | cut -d' ' -f1)
  [[ $actual == "$wrapper_jar_sha256" ]] ||
    { echo "$build/gradle/wrapper/gradle-wrapper.jar is not Gradle 8.14.3's wrapper jar (SHA-256 $actual)" >&2; exit 1; }
  for launcher in gradlew gradlew.bat; do
    cmp -s "$build/$launcher" "${builds[0]}/$launcher" ||
      { echo "$build/$launcher differs from ${builds[0]}/$launcher: regenerate both with scripts/gradle-wrapper.sh" >&2; exit 1; }
  done
  [[ $(git ls-files -s "$build/gradlew" | cut -c1-6) == 100755 ]] ||
    { echo "$build/gradlew is not committed as executable (git update-index --chmod=+x)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/gradle-wrapper-check.XXXXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A distribution laid out as Gradle's (gradle-<version>/lib/gradle-launcher-<version>.jar),
# whose launcher says it ran and with which arguments.
version=$(sed -n 's/^distributionUrl=.*gradle-\(.*\)-bin\.zip$/\1/p' "${builds[0]}/gradle/wrapper/gradle-wrapper.properties")
mkdir -p "$work/launcher/org/gradle/launcher" "$work/served"
cat > "$work/launcher/org/gradle/launcher/GradleMain.java" <<'JAVA'
package org.gradle.launcher;

public class GradleMain {
    public static void main(String[] args) {
        System.out.println("stand-in Gradle launched with: " + String.join(" ", args));
    }
}
JAVA
javac -d "$work/launcher/classes" "$work/launcher/org/gradle/launcher/GradleMain.java"
jar cf "$work/launcher/gradle-launcher-$version.jar" -C "$work/launcher/classes" .
python3 - "$work/served/gradle-$version-bin.zip" "$version" "$work/launcher/gradle-launcher-$version.jar" <<'PY'
import sys, zipfile
archive, version, launcher = sys.argv[1:]
with zipfile.ZipFile(archive, "w") as z:
    for directory in ("", "bin/", "lib/"):
        z.writestr(f"gradle-{version}/{directory}", "")
    z.writestr(zipfile.ZipInfo(f"gradle-{version}/bin/gradle"), "#!/bin/sh\n")
    z.write(launcher, f"gradle-{version}/lib/gradle-launcher-{version}.jar")
PY
stand_in_sha256=$(sha256sum "$work/served/gradle-$version-bin.zip" | cut -d' ' -f1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/served" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done

# run_wrapper build sha256 -> output in $work/out, status returned
run_wrapper() {
  local copy=$work/copy
  rm -rf "$copy" "${work:?}/home"
  mkdir -p "$copy/gradle"
  cp -p "$root/$1/gradlew" "$copy/"
  cp -rp "$root/$1/gradle/wrapper" "$copy/gradle/"
  sed -i -e "s#^distributionUrl=.*#distributionUrl=http\\\\://127.0.0.1\\\\:$port/gradle-$version-bin.zip#" \
    -e "s#^distributionSha256Sum=.*#distributionSha256Sum=$2#" "$copy/gradle/wrapper/gradle-wrapper.properties"
  (cd "$copy" && GRADLE_USER_HOME=$work/home ./gradlew --offline assembleRelease) > "$work/out" 2>&1
}

for build in "${builds[@]}"; do
  pinned=$(sed -n 's/^distributionSha256Sum=//p' "$build/gradle/wrapper/gradle-wrapper.properties")
  if run_wrapper "$build" "$pinned"; then
    echo "$build: ./gradlew ran a distribution whose SHA-256 is not the pinned one" >&2; cat "$work/out" >&2; exit 1
  fi
  if ! grep -q "Verification of Gradle distribution failed" "$work/out" || ! grep -q "Expected checksum: '$pinned'" "$work/out"; then
    echo "$build: ./gradlew did not refuse the distribution for its checksum:" >&2; cat "$work/out" >&2; exit 1
  fi
  run_wrapper "$build" "$stand_in_sha256" ||
    { echo "$build: ./gradlew did not start a distribution that matches its SHA-256:" >&2; cat "$work/out" >&2; exit 1; }
  grep -qx "stand-in Gradle launched with: --offline assembleRelease" "$work/out" ||
    { echo "$build: ./gradlew did not pass its arguments to Gradle:" >&2; cat "$work/out" >&2; exit 1; }
  echo "$build: wrapper jar is Gradle $version's; ./gradlew refuses a distribution off its SHA-256 and starts a matching one"
done
