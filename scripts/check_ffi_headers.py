#!/usr/bin/env python3
"""Checks the Headers/ folder that scripts/package-ffi-headers.sh makes for the XCFramework.

Xcode 26 builds explicit modules and its scanner finds a module map only at the root of
Headers/ (a subfolder hides the module: boltffi #374, crux #539, dd-sdk-ios #2803), and
UniFFI's `use "_Builtin_stdbool"` / `use "_Builtin_stdint"` lines make
`canImport(InstagramAuthFFI)` false there (uniffi-rs #2917). So the folder must hold exactly
the two headers (the core's records' and the bindings') and module.modulemap, side by side,
and the module map must declare the one module InstagramAuthFFI over both headers, the
core's first, without those `use` lines.

usage: check_ffi_headers.py HEADERS_DIR
"""
import os
import re
import sys

from check_report import report


def problems(headers_dir):
    found = []
    entries = sorted(os.listdir(headers_dir))
    if entries != ["InstagramAuthCoreFFI.h", "InstagramAuthFFI.h", "module.modulemap"]:
        found.append(f"expected exactly InstagramAuthCoreFFI.h, InstagramAuthFFI.h and module.modulemap, found {entries}")
    for entry in entries:
        if os.path.isdir(os.path.join(headers_dir, entry)):
            found.append(f"{entry}/ is a folder: Xcode 26's scanner does not look in subfolders")
    modulemap_path = os.path.join(headers_dir, "module.modulemap")
    if not os.path.isfile(modulemap_path):
        return found
    modulemap = open(modulemap_path, encoding="utf-8").read()
    if not re.search(r"^module InstagramAuthFFI \{", modulemap, re.M):
        found.append("module.modulemap does not declare the module InstagramAuthFFI")
    headers = re.findall(r'^\s*header "([^"]+)"', modulemap, re.M)
    if headers != ["InstagramAuthCoreFFI.h", "InstagramAuthFFI.h"]:
        found.append(f"module.modulemap names the headers {headers}, expected the two beside it")
    if re.search(r'^\s*use "_Builtin_', modulemap, re.M):
        found.append('module.modulemap keeps a `use "_Builtin_…"` line (canImport is false on Xcode 26)')
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    report(sys.argv[1], problems(sys.argv[1]), "XCFramework headers layout ok")


if __name__ == "__main__":
    main()
