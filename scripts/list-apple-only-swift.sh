#!/usr/bin/env bash
# Prints the iOS demo's Swift files that only build on Apple systems: those importing
# SwiftUI, UIKit, AuthenticationServices or the Parse iOS SDK (ParseCore). Everything else
# in ios-demo/ is compiled and tested on Linux by scripts/test-swift.sh; these files get
# only the syntax gate, so keep them thin.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -l -E '^import (SwiftUI|UIKit|AuthenticationServices|ParseCore)$' ios-demo/InstagramSignInDemo/*.swift
