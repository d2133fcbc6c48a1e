#!/usr/bin/env bash
# Prints the iOS demo's Swift files that only build on Apple systems: those importing
# SwiftUI or UIKit. Everything else in ios-demo/ is compiled and tested on Linux by
# scripts/test-swift.sh (AuthenticationServices and the Parse iOS SDK's ParseCore have
# stand-ins there, bindings/swift/Tests/Stubs); these files get only the syntax gate, so
# keep them thin.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -l -E '^import (SwiftUI|UIKit)$' ios-demo/InstagramSignInDemo/*.swift
