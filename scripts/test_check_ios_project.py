#!/usr/bin/env python3
"""Shows that scripts/check_ios_project.py (no Xcode runs here) accepts the iOS demo as it is
and refuses each way of writing its settings twice or losing them: the domain or team in
project.yml or the Swift, no xcconfig or one that does not exist, entitlements or Info.plist
entries not built from the settings, a setting they use that the xcconfig lacks, a URL in the
xcconfig (cut at its "//"), the developer's Local.xcconfig not optional or not git-ignored,
Info.plist keys DemoConfig.swift reads that project.yml does not write, and sandbox values
that differ from what scripts/dev-server.sh serves.

usage: test_check_ios_project.py
"""
import os
import shutil
import subprocess
import sys
import tempfile

import check_ios_project as check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def edit(path, old, new):
    text = open(path, encoding="utf-8").read()
    assert old in text, f"{old!r} is not in {path}: the test no longer matches the file"
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def problems_after(change):
    """check_ios_project's problems for a copy of ios-demo/ (in a git repository, so
    .gitignore applies) and of dev-server.sh, after `change(demo, dev_server)`."""
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "ios-demo")
        shutil.copytree(os.path.join(ROOT, "ios-demo"), demo, ignore=shutil.ignore_patterns("build", "*.xcodeproj", "Local.xcconfig"))
        os.makedirs(os.path.join(tmp, "scripts"))
        dev_server = os.path.join(tmp, "scripts", "dev-server.sh")
        shutil.copy(os.path.join(ROOT, "scripts", "dev-server.sh"), dev_server)
        subprocess.run(["git", "init", "-q", tmp], check=True)
        change(demo, dev_server)
        return check.problems(os.path.join(demo, "project.yml"))


CASES = [
    ("the domain written in the entitlements",
     lambda demo, _: edit(f"{demo}/project.yml", "- applinks:$(APP_LINK_HOST)", "- applinks:app.example.com"),
     ["associated domains", "project.yml line"]),
    ("the domain written in the Swift",
     lambda demo, _: edit(f"{demo}/InstagramSignInDemo/DemoConfig.swift", '"igauthdemo://auth/callback"', '"https://app.example.com/auth/"'),
     ["DemoConfig.swift line", "writes the domain app.example.com"]),
    ("a team set in project.yml, which would hide the xcconfig's",
     lambda demo, _: edit(f"{demo}/project.yml", "    SWIFT_VERSION: \"6.0\"", "    SWIFT_VERSION: \"6.0\"\n    DEVELOPMENT_TEAM: ABCDE12345"),
     ["settings.base sets DEVELOPMENT_TEAM", "project.yml line"]),
    ("a bundle id prefix in project.yml",
     lambda demo, _: edit(f"{demo}/project.yml", "options:\n", "options:\n  bundleIdPrefix: dev.instagramauth\n"),
     ["bundleIdPrefix"]),
    ("no configFiles",
     lambda demo, _: edit(f"{demo}/project.yml", "      Debug: Config/Demo.xcconfig\n", ""),
     ["configFiles has no Debug"]),
    ("configFiles naming a file that does not exist",
     lambda demo, _: edit(f"{demo}/project.yml", "Release: Config/Demo.xcconfig", "Release: Config/Release.xcconfig"),
     ["configFiles.Release Config/Release.xcconfig does not exist"]),
    ("the xcconfig gone",
     lambda demo, _: os.remove(f"{demo}/Config/Demo.xcconfig"),
     ["Config/Demo.xcconfig does not exist"]),
    ("an Info.plist entry written instead of built from the settings",
     lambda demo, _: edit(f"{demo}/project.yml", "InstagramRedirectURI: https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)",
                          "InstagramRedirectURI: https://$(APP_LINK_HOST)/auth/"),
     ["Info.plist InstagramRedirectURI"]),
    ("a setting the xcconfig does not set",
     lambda demo, _: edit(f"{demo}/project.yml", "UILaunchScreen: {}", "UILaunchScreen: {}\n        Extra: $(NOT_A_SETTING)"),
     ["Info.plist uses $(NOT_A_SETTING)"]),
    ("a URL in the xcconfig",
     lambda demo, _: edit(f"{demo}/Config/Demo.xcconfig", "PARSE_SERVER_HOST = parseapi.back4app.com",
                          "PARSE_SERVER_HOST = https://parseapi.back4app.com"),
     ["PARSE_SERVER_HOST holds a URL"]),
    ("Local.xcconfig included as required",
     lambda demo, _: edit(f"{demo}/Config/Demo.xcconfig", '#include? "Local.xcconfig"', '#include "Local.xcconfig"'),
     ["include Local.xcconfig with #include?"]),
    ("Local.xcconfig not included last",
     lambda demo, _: edit(f"{demo}/Config/Demo.xcconfig", '#include? "Local.xcconfig"', '#include? "Local.xcconfig"\n#include? "Other.xcconfig"'),
     ["must be included last"]),
    ("Local.xcconfig not git-ignored",
     lambda demo, _: edit(f"{demo}/.gitignore", "Config/Local.xcconfig\n", ""),
     ["Local.xcconfig is not git-ignored"]),
    ("no team setting in the xcconfig",
     lambda demo, _: edit(f"{demo}/Config/Demo.xcconfig", "DEVELOPMENT_TEAM =\n", ""),
     ["does not set DEVELOPMENT_TEAM"]),
    ("a key DemoConfig reads that project.yml does not write",
     lambda demo, _: edit(f"{demo}/InstagramSignInDemo/DemoConfig.swift", 'case parseClientKey = "ParseClientKey"', 'case parseClientKey = "ParseKey"'),
     ["DemoConfig.swift reads Info.plist keys"]),
    ("the sandbox's Parse app id not dev-server's",
     lambda demo, _: edit(f"{demo}/InstagramSignInDemo/DemoConfig.swift", 'parseApplicationId: "e2e-app-id"', 'parseApplicationId: "YOUR_PARSE_APP_ID"'),
     ["DemoConfig.sandbox.parseApplicationId is 'YOUR_PARSE_APP_ID', dev-server.sh serves 'e2e-app-id'"]),
    ("dev-server.sh moving Parse to another port",
     lambda _, dev_server: edit(dev_server, "default_parse_port=1337", "default_parse_port=1338"),
     ["DemoConfig.sandbox.parseServerURL is 'http://127.0.0.1:1337/parse', dev-server.sh serves 'http://127.0.0.1:1338/parse'"]),
    ("dev-server.sh no longer accepting the sandbox redirect",
     lambda _, dev_server: edit(dev_server, "redirect_uris=igauthdemo://auth/callback,", "redirect_uris="),
     ["DemoConfig.sandbox.redirectURI 'igauthdemo://auth/callback' is not one of"]),
]


def main():
    failures = []
    found = problems_after(lambda demo, dev_server: None)
    if found:
        failures.append(f"the demo as it is: {found}")
    for name, change, expected in CASES:
        found = problems_after(change)
        for text in expected:
            if not any(text in problem for problem in found):
                failures.append(f"{name}: no problem says {text!r}; found {found}")
    for failure in failures:
        print(f"test_check_ios_project: {failure}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"check_ios_project.py: the demo accepted, {len(CASES)} broken settings refused")


if __name__ == "__main__":
    main()
