#!/usr/bin/env python3
"""Checks what the root Package.swift gives an app, from `swift package dump-package`
(run by scripts/test-swift.sh in the Swift root, where the manifest is evaluated by Swift
6.0.3): the product InstagramAuthKit, built from the generated Swift and the hand-written
files in bindings/swift/Sources/InstagramAuthKit over the XCFramework binaryTarget
InstagramAuthFFI at build/ios/InstagramAuthFFI.xcframework (scripts/build-ios.sh), the
XCTest target, and Swift 6 language mode for every target but InstagramAuthKit, which is
in Swift 5 mode until Swift stops crashing on UniFFI's async foreign-trait helper
(swiftlang/swift #78439; see Package.swift).

usage: check_package_manifest.py DUMP.json
"""
import json
import sys

from check_report import report

EXPECTED_TARGETS = {
    "InstagramAuthFFI": ("binary", "build/ios/InstagramAuthFFI.xcframework"),
    "InstagramAuthKit": ("regular", "bindings/swift/Sources/InstagramAuthKit"),
    "InstagramAuthKitTests": ("test", "bindings/swift/Tests/InstagramAuthKitTests"),
}

# Targets that override the package's Swift 6 mode, and with what.
EXPECTED_TARGET_MODES = {"InstagramAuthKit": ["5"]}


def problems(manifest):
    found = []
    products = {p["name"]: p["targets"] for p in manifest["products"]}
    if products != {"InstagramAuthKit": ["InstagramAuthKit"]}:
        found.append(f"products {products}, expected InstagramAuthKit from the target InstagramAuthKit")
    targets = {t["name"]: t for t in manifest["targets"]}
    for name, (kind, path) in EXPECTED_TARGETS.items():
        target = targets.get(name)
        if target is None:
            found.append(f"no target {name}")
        elif (target["type"], target.get("path")) != (kind, path):
            found.append(f"{name}: {target['type']} at {target.get('path')}, expected {kind} at {path}")
    kit = targets.get("InstagramAuthKit", {})
    if [d.get("byName", [None])[0] for d in kit.get("dependencies", [])] != ["InstagramAuthFFI"]:
        found.append(f"InstagramAuthKit depends on {kit.get('dependencies')}, expected the binaryTarget InstagramAuthFFI")
    if manifest.get("swiftLanguageVersions") != ["6"]:
        found.append(f"Swift language modes {manifest.get('swiftLanguageVersions')}, expected [6]")
    for name, target in targets.items():
        modes = [setting["kind"]["swiftLanguageMode"]["_0"] for setting in target.get("settings") or []
                 if "swiftLanguageMode" in setting.get("kind", {})]
        expected = EXPECTED_TARGET_MODES.get(name, [])
        if modes != expected:
            found.append(f"{name}: language mode settings {modes}, expected {expected}")
    platforms = {p["platformName"] for p in manifest.get("platforms", [])}
    if "ios" not in platforms:
        found.append("no iOS platform")
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = problems(json.load(open(sys.argv[1], encoding="utf-8")))
    report("Package.swift", found, "the iOS package an app gets is as expected")


if __name__ == "__main__":
    main()
