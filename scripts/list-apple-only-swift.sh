#!/usr/bin/env bash
# Prints the Swift that only builds on Apple systems: the iOS demo's files importing SwiftUI
# or UIKit, and the package's files with a UIKit or AppKit branch (compiled on Linux without
# it). Everything else is compiled and tested on Linux by scripts/test-swift.sh
# (AuthenticationServices and the Parse iOS SDK's ParseCore have stand-ins there,
# bindings/swift/Tests/Stubs); these get the syntax gate, which reads every branch, so keep
# them thin.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -l -E '^import (SwiftUI|UIKit)$' ios-demo/InstagramSignInDemo/*.swift
grep -l -E '^#(else)?if canImport\((UIKit|AppKit)\)' bindings/swift/Sources/*/*.swift
