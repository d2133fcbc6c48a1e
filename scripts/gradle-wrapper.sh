#!/usr/bin/env bash
# Generates the Gradle wrapper (gradle-wrapper.jar, gradlew, gradlew.bat) of both Gradle
# builds (bindings/android, android-demo) as Gradle itself writes it, at the version and
# distribution SHA-256 that their gradle-wrapper.properties pin, with any installed Gradle
# (8.x or newer): how to move both builds to another Gradle (docs/release.md). The wrapper is
# committed; scripts/check-gradle-wrapper.sh checks it in CI. Needs Gradle's distribution
# server and Google's Maven (the builds are configured to write the wrapper), which this
# repository's CI cannot reach.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gradle >/dev/null ||
  { echo "gradle-wrapper.sh needs an installed Gradle (any 8.x) to write the wrapper" >&2; exit 1; }
for build in bindings/android android-demo; do
  properties=$build/gradle/wrapper/gradle-wrapper.properties
  version=$(sed -n 's/^distributionUrl=.*gradle-\(.*\)-bin\.zip$/\1/p' "$properties")
  sha=$(sed -n 's/^distributionSha256Sum=//p' "$properties")
  [[ -n $version && -n $sha ]] || { echo "$properties pins no version or SHA-256" >&2; exit 1; }
  (cd "$build" && gradle --no-daemon wrapper --gradle-version "$version" --distribution-type bin \
    --gradle-distribution-sha256-sum "$sha")
  echo "$build: Gradle $version wrapper written (gradlew, gradlew.bat, gradle/wrapper/gradle-wrapper.jar)"
done
