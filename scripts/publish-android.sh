#!/usr/bin/env bash
# Publishes the Android library (dev.instagramauth:instagram-auth) and its modules
# (instagram-auth-parse, instagram-auth-parse1, instagram-auth-okhttp) to a Maven repository:
# builds them (scripts/build-android.sh), publishes all to bindings/android/build/maven-staging,
# checks each POM, Gradle module metadata and AAR there
# (scripts/check_maven_publication.py), then, if MAVEN_REPOSITORY_URL is set, publishes the
# same to it (with MAVEN_USERNAME / MAVEN_PASSWORD). The release workflow's NDK job runs it.
# Needs what scripts/build-android.sh needs; not run in this repository's CI (no SDK, NDK or
# Gradle distribution there), which runs scripts/check_android_settings.py on the settings.
#   scripts/publish-android.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(scripts/release-version.sh)

scripts/build-android.sh
rm -rf bindings/android/build/maven-staging
(cd bindings/android && ./gradlew --no-daemon publishAllPublicationsToStagingRepository)
python3 scripts/check_maven_publication.py bindings/android/build/maven-staging "$version"
if [[ -n ${MAVEN_REPOSITORY_URL:-} ]]; then
  (cd bindings/android && ./gradlew --no-daemon publishAllPublicationsToReleaseRepository)
  echo "published dev.instagramauth:instagram-auth:$version and its modules to $MAVEN_REPOSITORY_URL"
else
  echo "staged dev.instagramauth:instagram-auth:$version and its modules in bindings/android/build/maven-staging (MAVEN_REPOSITORY_URL unset)"
fi
