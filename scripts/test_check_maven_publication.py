#!/usr/bin/env python3
"""Shows that scripts/check_maven_publication.py (run by the release workflow on what Gradle
publishes; there is no Gradle here) accepts a publication shaped as maven-publish writes one
for an AAR with `implementation("net.java.dev.jna:jna:5.17.0@aar")` and coroutines, and
refuses each defect an app would suffer from: JNA's jar instead of its AAR in the POM or in the
module metadata, coroutines missing, an ABI missing from the AAR, no sources jar.

usage: test_check_maven_publication.py
"""
import json
import os
import sys
import tempfile
import zipfile

import check_maven_publication as check

VERSION = "0.1.0"
POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.instagramauth</groupId><artifactId>instagram-auth</artifactId><version>{version}</version>
  <packaging>aar</packaging>
  <licenses><license><name>MIT</name></license><license><name>Apache-2.0</name></license></licenses>
  <dependencies>
    <dependency><groupId>net.java.dev.jna</groupId><artifactId>jna</artifactId><version>5.17.0</version>{jna_type}<scope>runtime</scope></dependency>
    {coroutines}
  </dependencies>
</project>
"""
COROUTINES_POM = ("<dependency><groupId>org.jetbrains.kotlinx</groupId><artifactId>kotlinx-coroutines-core</artifactId>"
                  "<version>1.9.0</version><scope>runtime</scope></dependency>")


def module(selector=True, coroutines=True):
    jna = {"group": "net.java.dev.jna", "module": "jna", "version": {"requires": "5.17.0"}}
    if selector:
        jna["thirdPartyCompatibility"] = {"artifactSelector": {"name": "jna", "type": "aar", "extension": "aar"}}
    deps = [jna] + ([{"group": "org.jetbrains.kotlinx", "module": "kotlinx-coroutines-core",
                      "version": {"requires": "1.9.0"}}] if coroutines else [])
    return {"formatVersion": "1.1", "variants": [{"name": "releaseVariantReleaseRuntimePublication", "dependencies": deps}]}


def publication(root, jna_type="<type>aar</type>", coroutines=True, selector=True, abis=check.ABIS, sources=True):
    base = os.path.join(root, "dev", "instagramauth", "instagram-auth", VERSION)
    os.makedirs(base)
    name = os.path.join(base, f"instagram-auth-{VERSION}")
    with open(name + ".pom", "w", encoding="utf-8") as pom:
        pom.write(POM.format(version=VERSION, jna_type=jna_type, coroutines=COROUTINES_POM if coroutines else ""))
    with open(name + ".module", "w", encoding="utf-8") as metadata:
        json.dump(module(selector, coroutines), metadata)
    with zipfile.ZipFile(name + ".aar", "w") as aar:
        aar.writestr("classes.jar", b"")
        for abi in abis:
            aar.writestr(f"jni/{abi}/libinstagram_auth_ffi.so", b"")
    if sources:
        zipfile.ZipFile(name + "-sources.jar", "w").close()


CASES = {
    "JNA's jar in the POM": ({"jna_type": ""}, "without <type>aar</type>"),
    "JNA without artifactSelector": ({"selector": False}, "artifactSelector type aar"),
    "no coroutines": ({"coroutines": False}, "kotlinx-coroutines-core"),
    "no x86_64 library": ({"abis": ["arm64-v8a", "armeabi-v7a"]}, "jni/x86_64"),
    "no sources jar": ({"sources": False}, "-sources.jar"),
}


def main():
    failures = []
    with tempfile.TemporaryDirectory() as root:
        publication(os.path.join(root, "good"))
        if check.problems(os.path.join(root, "good"), VERSION):
            failures.append(f"a good publication was refused: {check.problems(os.path.join(root, 'good'), VERSION)}")
        for name, (defect, expected) in CASES.items():
            repo = os.path.join(root, name.replace(" ", "-").replace("'", ""))
            publication(repo, **defect)
            found = check.problems(repo, VERSION)
            if not any(expected in problem for problem in found):
                failures.append(f"{name}: not refused for '{expected}' (found {found})")
    for failure in failures:
        print(f"check_maven_publication.py: {failure}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"check_maven_publication.py: accepts a good publication, refuses {len(CASES)} broken ones")


if __name__ == "__main__":
    main()
