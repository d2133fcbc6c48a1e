#!/usr/bin/env python3
"""Checks that a release has one version (docs/release.md): the workspace's Cargo.toml
`version` (what scripts/release-version.sh prints) is

- the version of every workspace crate (`version.workspace = true`; the fuzz crate is not
  released);
- the `version` of the Android library modules (bindings/android*, the Maven artifacts), set
  once in the root build's `allprojects` block, and any a module sets itself;
- the version of every `dev.instagramauth:…` dependency in the repository's Gradle files
  and docs (the demo, docs/release.md's one line);
- every `from: "…"` of this package in the docs' Swift Package lines;
- the release in Package.swift's `releasedFFI` URL, when one is set;
- the newest heading of CHANGELOG.md.

usage: check_versions.py [REPO_ROOT]   (default: this script's repository)
"""
import os
import re
import sys

from check_report import report
from repo_files import files as walk, read


def problems(root):
    rel = lambda path: os.path.relpath(path, root)  # noqa: E731
    workspace = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', read(os.path.join(root, "Cargo.toml")), re.M | re.S)
    if not workspace:
        return ["Cargo.toml: no [workspace.package] version"]
    version = workspace.group(1)
    found = []
    for manifest in walk(root, ("Cargo.toml",)):
        if manifest == os.path.join(root, "Cargo.toml"):
            continue
        own = re.search(r'^\[package\][^\[]*?^version\s*=\s*"([^"]+)"', read(manifest), re.M | re.S)
        if own and own.group(1) != version:
            found.append(f"{rel(manifest)}: version {own.group(1)}; use version.workspace = true ({version})")
    for build_file in walk(root, ("build.gradle.kts",)):
        text = read(build_file)
        if re.search(r'id\("com\.android\.library"\)', text):
            # Set once, for every module, in the root build's allprojects block.
            own = re.search(r'^\s*version = "([^"]+)"', text, re.M)
            root_build = re.search(r'^allprojects \{', text, re.M)
            if (own or root_build) and (not own or own.group(1) != version):
                found.append(f"{rel(build_file)}: version {own and own.group(1)}, expected {version} (Cargo.toml)")
    for path in [*walk(root, (".kts", ".md")), os.path.join(root, "README.md")]:
        text = read(path)
        for dependency, pinned in re.findall(r"(dev\.instagramauth:[\w-]+):(\d+\.\d+\.\d+[\w.-]*)", text):
            if pinned != version and not path.endswith("CHANGELOG.md"):
                found.append(f"{rel(path)}: {dependency}:{pinned}, expected {version}")
        for pinned in re.findall(r'\.package\(url: "[^"]*instagram-auth[^"]*", from: "([^"]+)"\)', text):
            if pinned != version:
                found.append(f"{rel(path)}: the Swift package from \"{pinned}\", expected {version}")
    released = re.search(r'^let releasedFFI: .*url: "([^"]+)"', read(os.path.join(root, "Package.swift")), re.M)
    if released and f"/{version}/" not in released.group(1):
        found.append(f"Package.swift: releasedFFI {released.group(1)} is not the release {version}")
    heading = re.search(r"^## (\S+)", read(os.path.join(root, "CHANGELOG.md")), re.M)
    if not heading or heading.group(1) != version:
        found.append(f"CHANGELOG.md: newest entry {heading and heading.group(1)}, expected {version}: "
                     "write the release's entry first")
    return found


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    found = problems(root)
    report("versions", found, "the crate, the Swift package and the Maven artifact share one version")


if __name__ == "__main__":
    main()
