#!/usr/bin/env bash
# Fetches the jars a scripts/maven/*.xml file names, with their dependencies, from Maven
# Central into build/maven/<name>/, and prints that directory. Maven's own repository is
# a temporary one, removed afterwards: the jars are kept once, here.
# An Android archive (.aar) is replaced by its classes.jar, under the .aar's name.
# A second run with the same file uses what is there and reaches no network.
#   scripts/maven-fetch.sh android-framework
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
pom=scripts/maven/$name.xml
out=build/maven/$name
stamp=$out/.fetched
if [[ ! -f $stamp || $pom -nt $stamp ]]; then
  rm -rf "$out"
  mkdir -p "$out"
  repository=$(mktemp -d "$PWD/build/maven/.repository.XXXXXX")
  mvn -B -q -f "$pom" -Dmaven.repo.local="$repository" dependency:copy-dependencies \
    -DoutputDirectory="$PWD/$out" >&2
  rm -rf "$repository"
  for aar in "$out"/*.aar; do
    [[ -e $aar ]] || continue
    unzip -p "$aar" classes.jar > "${aar%.aar}.jar"
    rm "$aar"
  done
  touch "$stamp"
fi
echo "$out"
