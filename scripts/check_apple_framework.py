#!/usr/bin/env python3
"""Checks InstagramAuthFFI's static framework slices (scripts/assemble-apple-framework.sh),
or a whole XCFramework made of them (scripts/build-ios.sh, on a Mac), so that it coexists
with other Rust/UniFFI XCFrameworks in one app:

- no module.modulemap outside the framework's own Modules/ folder: an XCFramework of bare
  libraries with Headers/module.modulemap collides with any other one ("Multiple commands
  produce …/include/module.modulemap": bdk-ffi #621, boltffi #705, swift-build #1746);
- Headers/ holds exactly the two headers, Modules/module.modulemap declares
  `framework module InstagramAuthFFI` over both, the core's first, without UniFFI's
  `use "_Builtin_…"` lines (uniffi-rs #2917);
- the binary is a static archive of arm64 (and, for the simulator and macOS, x86_64)
  Mach-O objects built for the slice's platform (a device object in the simulator slice
  is refused by the linker), from each object's LC_BUILD_VERSION or LC_VERSION_MIN_*;
- Info.plist names the binary (CFBundleExecutable), FMWK, and the minimum OS;
- macOS: the versioned layout (Versions/A, Versions/Current -> A, and the top-level entries
  as symlinks into Versions/Current); iOS and the simulator: the shallow one (no Versions/).

usage: check_apple_framework.py ios|ios-simulator|macos PATH/InstagramAuthFFI.framework
       check_apple_framework.py xcframework PATH/InstagramAuthFFI.xcframework
"""
import os
import plistlib
import re
import struct
import sys

from check_report import report

NAME = "InstagramAuthFFI"
HEADERS = ["InstagramAuthCoreFFI.h", "InstagramAuthFFI.h"]
# Mach-O: LC_BUILD_VERSION platform numbers (<mach-o/loader.h>) and CPU types.
PLATFORMS = {"macos": 1, "ios": 2, "ios-simulator": 7}
CPU_ARM64, CPU_X86_64 = 0x0100000C, 0x01000007
ARCHS = {"ios": {CPU_ARM64}, "ios-simulator": {CPU_ARM64, CPU_X86_64}, "macos": {CPU_ARM64, CPU_X86_64}}
LC_BUILD_VERSION = 0x32
# Before LC_BUILD_VERSION (and still, below iOS 12 / macOS 10.14 deployment targets).
LC_VERSION_MIN = {0x24: PLATFORMS["macos"], 0x25: PLATFORMS["ios"]}
MH_MAGIC_64, FAT_MAGIC = 0xFEEDFACF, 0xCAFEBABE


def archive_members(data):
    """The members of a static archive (ar, BSD or GNU names), as byte strings."""
    if not data.startswith(b"!<arch>\n"):
        return None
    members, offset = [], 8
    while offset + 60 <= len(data):
        header = data[offset:offset + 60]
        name, size = header[:16].decode("ascii", "replace").strip(), int(header[48:58].decode().strip())
        body = data[offset + 60:offset + 60 + size]
        if name.startswith("#1/"):  # BSD: the name's length, then the name before the body
            body = body[int(name[3:]):]
        members.append(body)
        offset += 60 + size + (size & 1)
    return members


def macho_objects(data):
    """(cputype, [LC_BUILD_VERSION platforms]) for each thin Mach-O object of an archive or of a fat file of archives."""
    if len(data) >= 8 and struct.unpack(">I", data[:4])[0] == FAT_MAGIC:
        count = struct.unpack(">I", data[4:8])[0]
        found = []
        for index in range(count):
            _, _, offset, size, _ = struct.unpack(">iiIII", data[8 + 20 * index:28 + 20 * index])
            found += macho_objects(data[offset:offset + size])
        return found
    found = []
    for member in archive_members(data) or []:
        if len(member) < 32 or struct.unpack("<I", member[:4])[0] != MH_MAGIC_64:
            continue  # the symbol table, or a non-object member
        cputype, _, _, ncmds = struct.unpack("<iiII", member[4:20])
        platforms, offset = [], 32
        for _ in range(ncmds):
            cmd, size = struct.unpack("<II", member[offset:offset + 8])
            if cmd == LC_BUILD_VERSION:
                platforms.append(struct.unpack("<I", member[offset + 8:offset + 12])[0])
            elif cmd in LC_VERSION_MIN:
                platforms.append(LC_VERSION_MIN[cmd])
            offset += size
        found.append((cputype & 0xFFFFFFFF, platforms))
    return found


def binary_problems(path, platform):
    data = open(path, "rb").read()
    is_fat = len(data) >= 4 and struct.unpack(">I", data[:4])[0] == FAT_MAGIC
    if archive_members(data) is None and not is_fat:
        return [f"{NAME} is not a static archive (a dynamic framework would have to be embedded and signed)"]
    objects = macho_objects(data)
    if not objects:
        return [f"{NAME} holds no 64-bit Mach-O objects"]
    found = []
    archs = {cpu for cpu, _ in objects}
    if not archs <= ARCHS[platform] or CPU_ARM64 not in archs:
        found.append(f"{NAME} holds CPU types {sorted(hex(a) for a in archs)}, expected arm64"
                     + (" and optionally x86_64" if platform != "ios" else " only"))
    expected = PLATFORMS[platform]

    def fits(cpu, found_platform):
        # An x86_64 simulator object of an old deployment target says iOS (LC_VERSION_MIN_IPHONEOS).
        return found_platform == expected or (platform == "ios-simulator" and cpu == CPU_X86_64
                                              and found_platform == PLATFORMS["ios"])
    wrong = sorted({p for cpu, platforms in objects for p in platforms if not fits(cpu, p)})
    if not any(platforms for _, platforms in objects):
        found.append(f"{NAME}: no object says which platform it was built for")
    if wrong:
        found.append(f"{NAME} has objects built for Mach-O platform(s) {wrong}, expected {PLATFORMS[platform]} ({platform})")
    return found


def framework_problems(framework, platform):
    if not os.path.isdir(framework):
        return [f"no framework at {framework}"]
    found = []
    versioned = platform == "macos"
    content = os.path.join(framework, "Versions", "A") if versioned else framework
    top = sorted(os.listdir(framework))
    if versioned:
        expected_top = sorted([NAME, "Headers", "Modules", "Resources", "Versions"])
        if top != expected_top:
            found.append(f"top level holds {top}, expected {expected_top}")
        current = os.path.join(framework, "Versions", "Current")
        if not os.path.islink(current) or os.readlink(current) != "A":
            found.append("Versions/Current is not a symlink to A (the macOS versioned layout)")
        for entry in [NAME, "Headers", "Modules", "Resources"]:
            link = os.path.join(framework, entry)
            if not os.path.islink(link) or os.readlink(link) != f"Versions/Current/{entry}":
                found.append(f"{entry} at the top is not a symlink to Versions/Current/{entry}")
        plist_path = os.path.join(content, "Resources", "Info.plist")
    else:
        expected_top = sorted([NAME, "Headers", "Info.plist", "Modules"])
        if top != expected_top:
            found.append(f"top level holds {top}, expected {expected_top} (the shallow layout of iOS)")
        plist_path = os.path.join(content, "Info.plist")

    headers_dir = os.path.join(content, "Headers")
    headers = sorted(os.listdir(headers_dir)) if os.path.isdir(headers_dir) else []
    if headers != HEADERS:
        found.append(f"Headers/ holds {headers}, expected exactly {HEADERS}"
                     + (": a module map there is what collides between XCFrameworks" if "module.modulemap" in headers else ""))
    modules_dir = os.path.join(content, "Modules")
    modules = sorted(os.listdir(modules_dir)) if os.path.isdir(modules_dir) else []
    if modules != ["module.modulemap"]:
        found.append(f"Modules/ holds {modules}, expected exactly module.modulemap")
    else:
        modulemap = open(os.path.join(modules_dir, "module.modulemap"), encoding="utf-8").read()
        if not re.search(rf"^framework module {NAME} \{{", modulemap, re.M):
            found.append(f"Modules/module.modulemap does not declare `framework module {NAME}`")
        listed = re.findall(r'^\s*header "([^"]+)"', modulemap, re.M)
        if listed != HEADERS:
            found.append(f"Modules/module.modulemap names the headers {listed}, expected {HEADERS} (the core's first)")
        if re.search(r'^\s*use "_Builtin_', modulemap, re.M):
            found.append('Modules/module.modulemap keeps a `use "_Builtin_…"` line (canImport is false on Xcode 26)')

    binary = os.path.join(content, NAME)
    if not os.path.isfile(binary):
        found.append(f"no binary {NAME} in the framework")
    else:
        found += binary_problems(binary, platform)

    if not os.path.isfile(plist_path):
        found.append(f"no {os.path.relpath(plist_path, framework)}")
    else:
        plist = plistlib.load(open(plist_path, "rb"))
        if plist.get("CFBundleExecutable") != NAME or plist.get("CFBundlePackageType") != "FMWK":
            found.append(f"Info.plist: CFBundleExecutable {plist.get('CFBundleExecutable')!r} and "
                         f"CFBundlePackageType {plist.get('CFBundlePackageType')!r}, expected {NAME!r} and 'FMWK'")
        min_key = "LSMinimumSystemVersion" if versioned else "MinimumOSVersion"
        if not plist.get(min_key):
            found.append(f"Info.plist has no {min_key}")
    return found


def xcframework_problems(xcframework):
    found = []
    stray = [os.path.relpath(os.path.join(d, f), xcframework) for d, _, files in os.walk(xcframework)
             for f in files if f == "module.modulemap" and os.path.basename(d) != "Modules"]
    if stray:
        found.append(f"module maps outside a framework's Modules/: {stray}")
    plist_path = os.path.join(xcframework, "Info.plist")
    if not os.path.isfile(plist_path):
        return found + ["no Info.plist at the XCFramework's root (xcodebuild -create-xcframework writes it)"]
    plist = plistlib.load(open(plist_path, "rb"))
    seen = set()
    for library in plist.get("AvailableLibraries", []):
        identifier, path = library["LibraryIdentifier"], library["LibraryPath"]
        if path != f"{NAME}.framework" or "HeadersPath" in library:
            found.append(f"{identifier}: LibraryPath {path} (HeadersPath {library.get('HeadersPath')}), "
                         f"expected {NAME}.framework and no HeadersPath")
            continue
        platform = {"ios": "ios", "macos": "macos"}.get(library["SupportedPlatform"], library["SupportedPlatform"])
        if library.get("SupportedPlatformVariant") == "simulator":
            platform = "ios-simulator"
        if platform not in PLATFORMS:
            found.append(f"{identifier}: unexpected platform {platform}")
            continue
        seen.add(platform)
        found += [f"{identifier}: {p}" for p in framework_problems(os.path.join(xcframework, identifier, path), platform)]
    if seen != set(PLATFORMS):
        found.append(f"slices for {sorted(seen)}, expected {sorted(PLATFORMS)}")
    return found


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in [*PLATFORMS, "xcframework"]:
        sys.exit(__doc__)
    kind, path = sys.argv[1:]
    found = xcframework_problems(path) if kind == "xcframework" else framework_problems(path, kind)
    report(path, found, f"{kind} layout ok: framework module, headers and module map inside, static arm64")


if __name__ == "__main__":
    main()
