#!/usr/bin/env python3
"""Checks what `./gradlew publish…ToStagingRepository` wrote (scripts/publish-android.sh),
before it goes to a public Maven repository: an app that adds
`dev.instagramauth:instagram-auth:VERSION` must get JNA's AAR (not its jar, which lacks
the Android natives) and kotlinx-coroutines, whether its build reads the POM (Maven, old
Gradle) or the Gradle module metadata (Gradle 6+ prefers it):

- the POM depends on net.java.dev.jna:jna (5.17.0 or newer) with <type>aar</type>, and on
  org.jetbrains.kotlinx:kotlinx-coroutines-core; it names both licences;
- the .module file's release variants depend on both, JNA through an artifactSelector of
  type aar (what `@aar` becomes there);
- the AAR holds classes.jar and the Rust library for arm64-v8a, armeabi-v7a and x86_64;
- the sources jar is there.

usage: check_maven_publication.py STAGING_REPO VERSION
"""
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

from check_report import report

GROUP, ARTIFACT = "dev.instagramauth", "instagram-auth"
JNA_MIN = (5, 17, 0)
ABIS = ["arm64-v8a", "armeabi-v7a", "x86_64"]
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def pom_problems(path):
    found = []
    root = ET.parse(path).getroot()
    deps = {(d.findtext("m:groupId", namespaces=NS), d.findtext("m:artifactId", namespaces=NS)): d
            for d in root.findall("m:dependencies/m:dependency", NS)}
    jna = deps.get(("net.java.dev.jna", "jna"))
    if jna is None:
        found.append("POM: no dependency on net.java.dev.jna:jna")
    else:
        if jna.findtext("m:type", namespaces=NS) != "aar":
            found.append("POM: JNA without <type>aar</type>: Maven and POM-reading builds would take JNA's jar")
        jna_version = jna.findtext("m:version", namespaces=NS) or ""
        if tuple(int(p) for p in jna_version.split(".") if p.isdigit()) < JNA_MIN:
            found.append(f"POM: JNA {jna_version}, expected 5.17.0 or newer (16 KiB pages)")
    if ("org.jetbrains.kotlinx", "kotlinx-coroutines-core") not in deps:
        found.append("POM: no dependency on org.jetbrains.kotlinx:kotlinx-coroutines-core")
    licences = [name.text for name in root.findall("m:licenses/m:license/m:name", NS)]
    if sorted(licences) != ["Apache-2.0", "MIT"]:
        found.append(f"POM: licences {licences}, expected MIT and Apache-2.0")
    return found


def module_problems(path):
    found = []
    module = json.load(open(path, encoding="utf-8"))
    variants = [v for v in module.get("variants", []) if "Runtime" in v.get("name", "")]
    if not variants:
        return ["module metadata: no runtime variant"]
    for variant in variants:
        deps = {(d["group"], d["module"]): d for d in variant.get("dependencies", [])}
        jna = deps.get(("net.java.dev.jna", "jna"))
        selector = (jna or {}).get("thirdPartyCompatibility", {}).get("artifactSelector", {})
        if jna is None or selector.get("type") != "aar":
            found.append(f"module metadata, {variant['name']}: JNA missing or without artifactSelector type aar")
        if ("org.jetbrains.kotlinx", "kotlinx-coroutines-core") not in deps:
            found.append(f"module metadata, {variant['name']}: no kotlinx-coroutines-core")
    return found


def aar_problems(path):
    names = set(zipfile.ZipFile(path).namelist())
    found = [] if "classes.jar" in names else ["AAR: no classes.jar"]
    for abi in ABIS:
        if f"jni/{abi}/libinstagram_auth_ffi.so" not in names:
            found.append(f"AAR: no jni/{abi}/libinstagram_auth_ffi.so")
    return found


def problems(repo, version):
    base = os.path.join(repo, *GROUP.split("."), ARTIFACT, version, f"{ARTIFACT}-{version}")
    found = []
    checks = [(".pom", pom_problems), (".module", module_problems), (".aar", aar_problems),
              ("-sources.jar", lambda _: [])]
    for suffix, check in checks:
        if not os.path.isfile(base + suffix):
            found.append(f"no {os.path.basename(base + suffix)} in {os.path.dirname(base)}")
        else:
            found += check(base + suffix)
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    report(f"{GROUP}:{ARTIFACT}:{sys.argv[2]}", problems(*sys.argv[1:]),
           "publication carries jna@aar and coroutines in its POM and module metadata")


if __name__ == "__main__":
    main()
