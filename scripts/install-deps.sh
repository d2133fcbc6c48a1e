#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine with Rust, Node, Java and Python
# (apt, pip, npm, rustup). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  libjna-java junit5                  # Kotlin bindings on the JVM
  maven                               # Robolectric, Parse Android SDK, OkHttp from Maven Central
  openjdk-17-jdk-headless             # javac and jar: the Gradle wrapper check's stand-in launcher
  shellcheck                          # the scripts
  postgresql                          # Parse Server end-to-end
  curl jq                             # docs/cli.md's walkthrough (scripts/check_docs.py)
)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "apt: installing ${missing[*]}"
  sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rustup component add rustfmt clippy >/dev/null 2>&1 || true
# Android's cargo check; iOS and macOS static libraries, measured with llvm-tools.
quietly() { local out; out=$("$@" 2>&1) || { echo "$out" >&2; return 1; }; }
quietly rustup target add aarch64-linux-android x86_64-linux-android aarch64-apple-ios aarch64-apple-darwin
quietly rustup component add llvm-tools

python3 -c 'import tree_sitter, tree_sitter_swift, tree_sitter_kotlin, yaml' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check \
    tree-sitter==0.26.1 tree-sitter-swift==0.7.4 tree-sitter-kotlin==1.1.0 pyyaml==6.0.2

if [[ ! -x build/tools/node_modules/kotlin-compiler/bin/kotlinc ]]; then
  mkdir -p build/tools
  (cd build/tools && npm install --silent --no-audit --no-fund kotlin-compiler@2)
fi
echo "dependencies ready"
