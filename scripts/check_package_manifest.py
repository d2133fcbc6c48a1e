#!/usr/bin/env python3
"""Checks what the root Package.swift gives an app, from `swift package dump-package`
(run by scripts/test-swift.sh in the Swift root, where the manifest is evaluated by Swift
6.0.3): the product InstagramAuthKit, built from the generated Swift and the hand-written
files in bindings/swift/Sources/InstagramAuthKit over the XCFramework binaryTarget
InstagramAuthFFI at build/ios/InstagramAuthFFI.xcframework (scripts/build-ios.sh), the
XCTest target, and Swift 6 language mode for every target but InstagramAuthKit, which is
in Swift 5 mode until Swift stops crashing on UniFFI's async foreign-trait helper
(swiftlang/swift #78439; see Package.swift). The product InstagramAuthParse is its own
target over InstagramAuthKit and the Parse iOS SDK's product ParseObjC, from
Parse-SDK-iOS-OSX 6.x (the releases that build with Xcode 16 and 26).

At a release commit (scripts/set-swift-release.sh), InstagramAuthFFI is the released zip
instead: pass its URL and checksum, and the binaryTarget must name exactly those.

usage: check_package_manifest.py DUMP.json [RELEASE_URL RELEASE_CHECKSUM]
"""
import json
import sys

from check_report import report

EXPECTED_TARGETS = {
    "InstagramAuthFFI": ("binary", "build/ios/InstagramAuthFFI.xcframework"),
    "InstagramAuthKit": ("regular", "bindings/swift/Sources/InstagramAuthKit"),
    "InstagramAuthParse": ("regular", "bindings/swift/Sources/InstagramAuthParse"),
    "InstagramAuthKitTests": ("test", "bindings/swift/Tests/InstagramAuthKitTests"),
}
EXPECTED_PRODUCTS = {"InstagramAuthKit": ["InstagramAuthKit"], "InstagramAuthParse": ["InstagramAuthParse"]}
PARSE_URL = "https://github.com/parse-community/Parse-SDK-iOS-OSX"
PARSE_MAJOR = 6

# Targets that override the package's Swift 6 mode, and with what.
EXPECTED_TARGET_MODES = {"InstagramAuthKit": ["5"]}


def problems(manifest, release=None):
    found = []
    products = {p["name"]: p["targets"] for p in manifest["products"]}
    if products != EXPECTED_PRODUCTS:
        found.append(f"products {products}, expected {EXPECTED_PRODUCTS}")
    targets = {t["name"]: t for t in manifest["targets"]}
    for name, (kind, path) in EXPECTED_TARGETS.items():
        target = targets.get(name)
        if release and name == "InstagramAuthFFI":
            if target is None or (target["type"], target.get("url"), target.get("checksum")) != ("binary", *release):
                found.append(f"{name}: {target and (target['type'], target.get('path'), target.get('url'), target.get('checksum'))}, "
                             f"expected the binary at {release[0]} with checksum {release[1]}")
        elif target is None:
            found.append(f"no target {name}")
        elif (target["type"], target.get("path")) != (kind, path):
            found.append(f"{name}: {target['type']} at {target.get('path')}, expected {kind} at {path}")
    kit = targets.get("InstagramAuthKit", {})
    if [d.get("byName", [None])[0] for d in kit.get("dependencies", [])] != ["InstagramAuthFFI"]:
        found.append(f"InstagramAuthKit depends on {kit.get('dependencies')}, expected the binaryTarget InstagramAuthFFI")
    found += parse_dependency_problems(manifest, targets.get("InstagramAuthParse", {}))
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


def parse_dependency_problems(manifest, target):
    """The Parse SDK: declared once, at a 6.x version, and only InstagramAuthParse uses it."""
    found = []
    remote = [d["sourceControl"][0] for d in manifest.get("dependencies", []) if "sourceControl" in d]
    parse = [d for d in remote if d.get("identity") == "parse-sdk-ios-osx"]
    if len(parse) != 1:
        return [f"package dependencies {[d.get('identity') for d in remote]}, expected parse-sdk-ios-osx once"]
    url = parse[0]["location"].get("remote", [{}])[0].get("urlString")
    if url != PARSE_URL:
        found.append(f"Parse-SDK-iOS-OSX from {url}, expected {PARSE_URL}")
    bounds = parse[0].get("requirement", {}).get("range", [{}])[0]
    lower, upper = bounds.get("lowerBound", "0"), bounds.get("upperBound", "0")
    if int(lower.split(".")[0]) != PARSE_MAJOR or upper != f"{PARSE_MAJOR + 1}.0.0":
        found.append(f"Parse-SDK-iOS-OSX {lower}..<{upper}, expected 6.x (from: \"6.y.z\")")
    uses = [d for d in target.get("dependencies", []) if "product" in d]
    if [(d["product"][0], d["product"][1].lower()) for d in uses] != [("ParseObjC", "parse-sdk-ios-osx")]:
        found.append(f"InstagramAuthParse uses {uses}, expected the product ParseObjC of Parse-SDK-iOS-OSX")
    by_name = [d["byName"][0] for d in target.get("dependencies", []) if "byName" in d]
    if by_name != ["InstagramAuthKit"]:
        found.append(f"InstagramAuthParse depends on {by_name} in the package, expected InstagramAuthKit")
    return found


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    found = problems(json.load(open(sys.argv[1], encoding="utf-8")), tuple(sys.argv[2:]) or None)
    report("Package.swift", found, "the iOS package an app gets is as expected")


if __name__ == "__main__":
    main()
