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
- every target lists each package product its Swift files import, and its sources exist;
- the demo's settings are written once, in Config/Demo.xcconfig (settings_problems): the app
  target is based on it (configFiles, an existing file) for every configuration; project.yml
  sets no team or bundle id; the entitlements and the Info.plist entries are built from the
  xcconfig's settings, with nothing written in their place; the keys DemoConfig.swift reads
  are the ones project.yml writes; the domain (APP_LINK_HOST) is written in no other file of
  ios-demo/; the developer's own Local.xcconfig is an optional include, git-ignored; no value
  holds a URL (xcconfig cuts "//" as a comment);
- the sandbox values of DemoConfig.swift are scripts/dev-server.sh's (ports, Parse keys,
  Instagram app id, redirect URI), so the sandbox mode reaches the backend it starts.

usage: check_ios_project.py [ios-demo/project.yml]
"""
import os
import re
import subprocess
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
# The demo's settings: where they live, and what project.yml builds from them.
SETTINGS_FILE = "Config/Demo.xcconfig"
LOCAL_SETTINGS_FILE = "Local.xcconfig"
CONFIGURATIONS = ("Debug", "Release")
# Info.plist entry → its value in project.yml (Xcode expands the settings).
INFO_FROM_SETTINGS = {
    "DemoBackend": "$(DEMO_BACKEND)",
    "InstagramAppID": "$(INSTAGRAM_APP_ID)",
    "InstagramRedirectURI": "https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)",
    "ParseServerURL": "https://$(PARSE_SERVER_HOST)$(PARSE_SERVER_PATH)",
    "ParseApplicationID": "$(PARSE_APP_ID)",
    "ParseClientKey": "$(PARSE_CLIENT_KEY)",
}
ASSOCIATED_DOMAINS = ["applinks:$(APP_LINK_HOST)", "webcredentials:$(APP_LINK_HOST)"]
# Set in the xcconfig only: project.yml's own value would hide it (target settings win).
XCCONFIG_ONLY = ("DEVELOPMENT_TEAM", "PRODUCT_BUNDLE_IDENTIFIER")


def version(text):
    return tuple(int(part) for part in str(text).split("."))


def settings_of(node):
    return ((node or {}).get("settings") or {}).get("base") or {}


def swift_files(base, sources):
    for source in sources:
        path = os.path.join(base, source if isinstance(source, str) else source["path"])
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                yield from (os.path.join(folder, name) for name in sorted(names) if name.endswith(".swift"))
        else:
            yield path


def read_xcconfig(path):
    """(settings, includes, problems) of one xcconfig file, as Xcode's parser reads it
    (swift-build's MacroConfigFileParser): `//` starts a comment anywhere on a line;
    `#include "file"` and `#include? "file"` (optional: no error when the file is missing)."""
    settings, includes, found = {}, [], []
    for number, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        include = re.fullmatch(r'#\s*(include\??)\s+"([^"]+)"', line)
        if include:
            includes.append((include.group(1) == "include?", include.group(2), number))
            continue
        assignment = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(\[[^=]*\])?\s*=\s*(.*?);?", line)
        if not assignment:
            found.append(f"{os.path.basename(path)} line {number}: not a setting Xcode reads: {line}")
            continue
        settings[assignment.group(1)] = assignment.group(3).strip()
        # "https://host" arrives as "https:": the rest was read as a comment.
        if re.search(r"\b[A-Za-z][A-Za-z0-9+.-]*:$", settings[assignment.group(1)]):
            found.append(f"{os.path.basename(path)} line {number}: {assignment.group(1)} holds a URL, which Xcode cuts at its \"//\" (a comment): write the host and build the URL in project.yml")
    return settings, includes, found


def text_files(folder):
    for directory, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name not in {"build", ".build"} and not name.endswith(".xcodeproj")]
        for name in sorted(names):
            path = os.path.join(directory, name)
            try:
                yield path, open(path, encoding="utf-8").read()
            except UnicodeDecodeError:
                continue


def sandbox_values(swift):
    """DemoConfig.sandbox's arguments, label → string literal."""
    block = re.search(r"static let sandbox = DemoConfig\((.*?)\n\s*\)", swift, re.S)
    return dict(re.findall(r'(\w+): "([^"]*)"', block.group(1))) if block else {}


def dev_server_values(script):
    """What scripts/dev-server.sh serves: its shell assignments and Parse's mount path."""
    values = {}
    # The first assignment of each: --check's free ports come later.
    for name, value in re.findall(r"\b(app_id|client_key|client_id|default_sandbox_port|default_parse_port|redirect_uris)=([^\s;$]+)", script):
        values.setdefault(name, value)
    mount = re.search(r'"mountPath":\s*"([^"]+)"', script)
    values["mount_path"] = mount.group(1) if mount else None
    return values


def settings_problems(base, project, dev_server):
    """The demo's settings written once, and its sandbox dev-server.sh's (see the docstring)."""
    settings_path = os.path.join(base, SETTINGS_FILE)
    if not os.path.isfile(settings_path):
        return [f"{SETTINGS_FILE} does not exist: the demo's settings live there"]
    settings, includes, found = read_xcconfig(settings_path)
    swift_path = os.path.join(base, "InstagramSignInDemo", "DemoConfig.swift")
    swift = open(swift_path, encoding="utf-8").read() if os.path.isfile(swift_path) else ""
    return (found + include_problems(base, settings_path, includes)
            + [f"{SETTINGS_FILE} does not set {name}" for name in XCCONFIG_ONLY + ("APP_LINK_HOST",) if name not in settings]
            + derived_problems(base, project, settings, swift)
            + written_elsewhere_problems(base, settings.get("APP_LINK_HOST"))
            + sandbox_problems(sandbox_values(swift), dev_server_values(dev_server)))


def include_problems(base, settings_path, includes):
    """The developer's own Local.xcconfig: optional, last, git-ignored."""
    found = []
    for optional, name, number in includes:
        if os.path.basename(name) == LOCAL_SETTINGS_FILE and not optional:
            found.append(f"{SETTINGS_FILE} line {number}: include {name} with #include? (it exists only on a developer's Mac)")
        elif not optional and not os.path.isfile(os.path.join(os.path.dirname(settings_path), name)):
            found.append(f"{SETTINGS_FILE} line {number}: included file {name} does not exist")
    if not any(optional and os.path.basename(name) == LOCAL_SETTINGS_FILE for optional, name, _ in includes):
        found.append(f'{SETTINGS_FILE}: no #include? "{LOCAL_SETTINGS_FILE}" for the developer\'s own team and domain')
    elif includes[-1][1] != LOCAL_SETTINGS_FILE:
        found.append(f"{SETTINGS_FILE}: {LOCAL_SETTINGS_FILE} must be included last, so its values win")
    local = os.path.join(os.path.abspath(os.path.dirname(settings_path)), LOCAL_SETTINGS_FILE)
    if subprocess.run(["git", "check-ignore", "-q", local], cwd=base or ".", capture_output=True).returncode != 0:
        found.append(f"{os.path.dirname(SETTINGS_FILE)}/{LOCAL_SETTINGS_FILE} is not git-ignored: a developer's team would be committed")
    return found


def derived_problems(base, project, settings, swift):
    """project.yml bases the app on the xcconfig, builds its entitlements and Info.plist
    entries from the settings and sets none of them itself; DemoConfig reads those entries."""
    found = []
    if (project.get("options") or {}).get("bundleIdPrefix"):
        found.append("options.bundleIdPrefix: the bundle id is PRODUCT_BUNDLE_IDENTIFIER in " + SETTINGS_FILE)
    for name, target in project["targets"].items():
        for level, node in (("project", project), (name, target)):
            levels = ((node or {}).get("settings") or {}).get("configs") or {}
            for configuration, values in [("base", settings_of(node))] + list(levels.items()):
                for setting in XCCONFIG_ONLY:
                    if setting in (values or {}):
                        found.append(f"{level}: settings.{configuration} sets {setting}, which hides {SETTINGS_FILE}'s (set it there)")
        if target["type"] != "application":
            continue
        configs = target.get("configFiles") or {}
        for configuration in CONFIGURATIONS:
            file = configs.get(configuration)
            if file is None:
                found.append(f"{name}: configFiles has no {configuration}: base it on {SETTINGS_FILE}")
            elif not os.path.isfile(os.path.join(base, file)):
                found.append(f"{name}: configFiles.{configuration} {file} does not exist")
            elif os.path.normpath(file) != os.path.normpath(SETTINGS_FILE):
                found.append(f"{name}: configFiles.{configuration} is {file}, not {SETTINGS_FILE}")
        entitlements = (target.get("entitlements") or {}).get("properties") or {}
        domains = entitlements.get("com.apple.developer.associated-domains")
        if domains != ASSOCIATED_DOMAINS:
            found.append(f"{name}: associated domains {domains}, expected {ASSOCIATED_DOMAINS} (the host from {SETTINGS_FILE})")
        info = (target.get("info") or {}).get("properties") or {}
        for key, value in INFO_FROM_SETTINGS.items():
            if info.get(key) != value:
                found.append(f"{name}: Info.plist {key} is {info.get(key)!r}, expected {value!r} (built from {SETTINGS_FILE})")
        for where, values in (("entitlements", entitlements), ("Info.plist", info)):
            for setting in sorted(set(re.findall(r"\$\((\w+)\)", yaml.safe_dump(values)))):
                if setting not in settings:
                    found.append(f"{name}: {where} uses $({setting}), which {SETTINGS_FILE} does not set")
    keys = re.search(r"enum Key\b[^{]*\{(.*?)\n    \}", swift, re.S)
    read = set(re.findall(r'case \w+ = "(\w+)"', keys.group(1))) if keys else set()
    if read != set(INFO_FROM_SETTINGS):
        found.append(f"DemoConfig.swift reads Info.plist keys {sorted(read)}, project.yml writes {sorted(INFO_FROM_SETTINGS)}")
    return found


def written_elsewhere_problems(base, host):
    """The domain and the team in no file of ios-demo/ but the settings'."""
    found = []
    for path, text in text_files(base):
        relative = os.path.relpath(path, base)
        if os.path.dirname(relative) == os.path.dirname(SETTINGS_FILE):
            continue
        if host and host in text:
            line = text[: text.index(host)].count("\n") + 1
            found.append(f"{relative} line {line}: writes the domain {host}; take it from APP_LINK_HOST ({SETTINGS_FILE}) instead")
        for match in re.finditer(r"^\s*(DEVELOPMENT_TEAM)\s*[:=]", text, re.M):
            line = text[: match.start()].count("\n") + 1
            found.append(f"{relative} line {line}: sets DEVELOPMENT_TEAM; set it in {SETTINGS_FILE} or Local.xcconfig")
    return found


def sandbox_problems(sandbox, served):
    """DemoConfig.sandbox (label → value) against what dev-server.sh serves."""
    found = []
    expected = {
        "instagramAppId": served.get("client_id"),
        "sandboxURL": served.get("default_sandbox_port") and f"http://127.0.0.1:{served['default_sandbox_port']}/",
        "parseServerURL": served.get("default_parse_port") and served["mount_path"]
        and f"http://127.0.0.1:{served['default_parse_port']}{served['mount_path']}",
        "parseApplicationId": served.get("app_id"),
        "parseClientKey": served.get("client_key"),
    }
    for label, value in expected.items():
        if value is None:
            found.append(f"scripts/dev-server.sh: cannot read what it serves for {label}")
        elif sandbox.get(label) != value:
            found.append(f"DemoConfig.sandbox.{label} is {sandbox.get(label)!r}, dev-server.sh serves {value!r}")
    redirects = (served.get("redirect_uris") or "").split(",")
    if sandbox.get("redirectURI") not in redirects:
        found.append(f"DemoConfig.sandbox.redirectURI {sandbox.get('redirectURI')!r} is not one of dev-server.sh's INSTAGRAM_REDIRECT_URIS {redirects}")
    return found


def problems(path, dev_server_path=None):
    base = os.path.dirname(path)
    project = yaml.safe_load(open(path, encoding="utf-8"))
    dev_server_path = dev_server_path or os.path.join(base, "..", "scripts", "dev-server.sh")
    found = settings_problems(base, project, open(dev_server_path, encoding="utf-8").read())
    project_swift = settings_of(project).get("SWIFT_VERSION")
    ios = ((project.get("options") or {}).get("deploymentTarget") or {}).get("iOS")
    if ios is None or version(ios) < MINIMUM_IOS:
        found.append(f"iOS deployment target {ios}: needs 17.4 for the https callback")
    parse = (project.get("packages") or {}).get("Parse") or {}
    if parse.get("url") != PARSE_URL or version(parse.get("from", "0"))[0] != PARSE_MAJOR:
        found.append(f"package Parse {parse}: expected {PARSE_URL} from a {PARSE_MAJOR}.x version, as Package.swift")
    for name, target in project["targets"].items():
        swift = settings_of(target).get("SWIFT_VERSION", project_swift)
        if str(swift) not in XCODE_SWIFT_VERSIONS:
            found.append(f"{name}: SWIFT_VERSION {swift!r} is not a language mode Xcode accepts")
        elif str(swift) != "6.0":
            found.append(f"{name}: SWIFT_VERSION {swift}, expected 6.0")
        target_ios = target.get("deploymentTarget")
        if target_ios is not None and version(target_ios) < MINIMUM_IOS:
            found.append(f"{name}: deployment target {target_ios} is below 17.4")
        if target["type"] == "bundle.unit-test":
            generates = str(settings_of(target).get("GENERATE_INFOPLIST_FILE")) in {"YES", "True"}
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
    report(path, problems(path), "Xcode settings ok; the demo's settings written once, in " + SETTINGS_FILE + ", its sandbox dev-server.sh's")


if __name__ == "__main__":
    main()
