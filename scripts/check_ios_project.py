#!/usr/bin/env python3
"""Checks ios-demo/project.yml (XcodeGen) for settings Xcode refuses or gets wrong, since
no Xcode runs here:

- SWIFT_VERSION is a language mode Xcode accepts (4.0, 4.2, 5.0, 6.0), and 6.0 for every
  target (the sources compile in Swift 6 mode on Linux: scripts/test-swift.sh);
- the iOS deployment target is at least 17.4: the demo's https redirect ends the sheet
  through ASWebAuthenticationSession's https callback, which needs it (the library itself
  supports iOS 15 with a bounce page, docs/ios.md);
- the Parse package is Parse-SDK-iOS-OSX at the major version Package.swift requires;
- a unit-test bundle has an Info.plist or generates one (Xcode 14+ will not sign it
  otherwise);
- every target lists each package product its Swift files import, and its sources exist.

usage: check_ios_project.py [ios-demo/project.yml]
"""
import os
import re
import sys

import yaml

from check_report import report

XCODE_SWIFT_VERSIONS = {"4.0", "4.2", "5.0", "6.0"}
MINIMUM_IOS = (17, 4)
# Module imported → (package, product) that provides it.
PACKAGE_MODULES = {
    "InstagramAuthKit": ("InstagramAuthKit", "InstagramAuthKit"),
    "InstagramAuthParse": ("InstagramAuthKit", "InstagramAuthParse"),
    "ParseCore": ("Parse", "ParseObjC"),
}
PARSE_URL = "https://github.com/parse-community/Parse-SDK-iOS-OSX"
PARSE_MAJOR = 6


def version(text):
    return tuple(int(part) for part in str(text).split("."))


def settings(node):
    return ((node or {}).get("settings") or {}).get("base") or {}


def swift_files(base, sources):
    for source in sources:
        path = os.path.join(base, source if isinstance(source, str) else source["path"])
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                yield from (os.path.join(folder, name) for name in sorted(names) if name.endswith(".swift"))
        else:
            yield path


def problems(path):
    base = os.path.dirname(path)
    project = yaml.safe_load(open(path, encoding="utf-8"))
    found = []
    project_swift = settings(project).get("SWIFT_VERSION")
    ios = ((project.get("options") or {}).get("deploymentTarget") or {}).get("iOS")
    if ios is None or version(ios) < MINIMUM_IOS:
        found.append(f"iOS deployment target {ios}: needs 17.4 for the https callback")
    parse = (project.get("packages") or {}).get("Parse") or {}
    if parse.get("url") != PARSE_URL or version(parse.get("from", "0"))[0] != PARSE_MAJOR:
        found.append(f"package Parse {parse}: expected {PARSE_URL} from a {PARSE_MAJOR}.x version, as Package.swift")
    for name, target in project["targets"].items():
        swift = settings(target).get("SWIFT_VERSION", project_swift)
        if str(swift) not in XCODE_SWIFT_VERSIONS:
            found.append(f"{name}: SWIFT_VERSION {swift!r} is not a language mode Xcode accepts")
        elif str(swift) != "6.0":
            found.append(f"{name}: SWIFT_VERSION {swift}, expected 6.0")
        target_ios = target.get("deploymentTarget")
        if target_ios is not None and version(target_ios) < MINIMUM_IOS:
            found.append(f"{name}: deployment target {target_ios} is below 17.4")
        if target["type"] == "bundle.unit-test":
            generates = str(settings(target).get("GENERATE_INFOPLIST_FILE")) in {"YES", "True"}
            if not generates and "info" not in target:
                found.append(f"{name}: a test bundle needs GENERATE_INFOPLIST_FILE: YES or an Info.plist")
        sources = target.get("sources") or []
        sources = [sources] if isinstance(sources, str) else sources
        dependencies = {(d["package"], d.get("product", d["package"])) for d in target.get("dependencies", []) if "package" in d}
        for file in swift_files(base, sources):
            if not os.path.isfile(file):
                found.append(f"{name}: source {file} does not exist")
                continue
            for module in re.findall(r"^(?:@testable )?import (\w+)$", open(file, encoding="utf-8").read(), re.M):
                if module in PACKAGE_MODULES and PACKAGE_MODULES[module] not in dependencies:
                    package, product = PACKAGE_MODULES[module]
                    found.append(f"{name}: {os.path.relpath(file, base)} imports {module}, but the target does not list package {package} (product {product})")
    return found


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "ios-demo/project.yml"
    report(path, problems(path), "Xcode settings ok")


if __name__ == "__main__":
    main()
