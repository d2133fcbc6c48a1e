#!/usr/bin/env python3
"""Shows that scripts/check_maven_publication.py (run by the release workflow on what Gradle
publishes; there is no Gradle here) accepts publications shaped as maven-publish writes them
(the library's AAR with `implementation("net.java.dev.jna:jna:5.17.0@aar")` and coroutines;
the Parse and OkHttp modules with `api(project(":"))`), and refuses each defect an app would
suffer from: JNA's jar instead of its AAR in the POM or in the module metadata, coroutines
missing, an ABI missing from the AAR, no sources jar, a module that does not bring the
library at this version in the compile scope, one without licences or OkHttp, or one that
forces a Parse SDK on the app.

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
    return {"formatVersion": "1.1", "variants": variants(deps, deps)}


def variants(api_dependencies, runtime_dependencies):
    """The variants AGP writes for a release variant published withSourcesJar(): api, runtime,
    and the sources jar's, which has no dependencies."""
    def variant(kind, usage, dependencies):
        return {"name": f"releaseVariantRelease{kind}Publication", "dependencies": dependencies,
                "attributes": {"org.gradle.category": "library", "org.gradle.libraryelements": "aar", "org.gradle.usage": usage}}
    return [variant("Api", "java-api", api_dependencies), variant("Runtime", "java-runtime", runtime_dependencies),
            {"name": "releaseVariantReleaseSourcePublication",
             "attributes": {"org.gradle.category": "documentation", "org.gradle.docstype": "sources",
                            "org.gradle.dependency.bundling": "external", "org.gradle.usage": "java-runtime"}}]


DEPENDENT_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.instagramauth</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
  <packaging>aar</packaging>
  <licenses>{licences}</licenses>
  <dependencies>
    {library}
    {extra}
    <dependency><groupId>org.jetbrains.kotlinx</groupId><artifactId>kotlinx-coroutines-core</artifactId><version>1.9.0</version><scope>runtime</scope></dependency>
  </dependencies>
</project>
"""
LICENCES = "<license><name>MIT</name></license><license><name>Apache-2.0</name></license>"
OKHTTP_POM = "<dependency><groupId>com.squareup.okhttp3</groupId><artifactId>okhttp</artifactId><version>4.12.0</version><scope>compile</scope></dependency>"


def library_dependency(version=VERSION, scope="compile"):
    return (f"<dependency><groupId>dev.instagramauth</groupId><artifactId>instagram-auth</artifactId>"
            f"<version>{version}</version><scope>{scope}</scope></dependency>")


def write_artifact(root, artifact, pom, metadata, aar_entries, sources=True):
    base = os.path.join(root, "dev", "instagramauth", artifact, VERSION)
    os.makedirs(base)
    name = os.path.join(base, f"{artifact}-{VERSION}")
    with open(name + ".pom", "w", encoding="utf-8") as file:
        file.write(pom)
    with open(name + ".module", "w", encoding="utf-8") as file:
        json.dump(metadata, file)
    with zipfile.ZipFile(name + ".aar", "w") as aar:
        for entry in aar_entries:
            aar.writestr(entry, b"")
    if sources:
        zipfile.ZipFile(name + "-sources.jar", "w").close()


def dependent(artifact, library=True, library_version=VERSION, scope="compile", metadata_version=VERSION,
              licences=LICENCES, extra=None):
    """A module published as maven-publish writes one with `api(project(":"))`."""
    if extra is None:
        extra = OKHTTP_POM if artifact == "instagram-auth-okhttp" else ""
    pom = DEPENDENT_POM.format(artifact=artifact, version=VERSION, licences=licences, extra=extra,
                               library=library_dependency(library_version, scope) if library else "")
    deps = [{"group": "dev.instagramauth", "module": "instagram-auth", "version": {"requires": metadata_version}}]
    deps = deps if library else []
    metadata = {"formatVersion": "1.1", "variants": variants(deps, deps)}
    return pom, metadata


def publication(root, jna_type="<type>aar</type>", coroutines=True, selector=True, abis=check.ABIS, sources=True,
                modules=None):
    write_artifact(root, "instagram-auth",
                   POM.format(version=VERSION, jna_type=jna_type, coroutines=COROUTINES_POM if coroutines else ""),
                   module(selector, coroutines), ["classes.jar"] + [f"jni/{abi}/libinstagram_auth_ffi.so" for abi in abis],
                   sources)
    for artifact in check.MODULES:
        write_artifact(root, artifact, *dependent(artifact, **(modules or {}).get(artifact, {})), ["classes.jar"])


PARSE_SDK = ("<dependency><groupId>com.github.parse-community.Parse-SDK-Android</groupId><artifactId>parse</artifactId>"
             "<version>4.3.0</version><scope>runtime</scope></dependency>")
CASES = {
    "JNA's jar in the POM": ({"jna_type": ""}, "without <type>aar</type>"),
    "JNA without artifactSelector": ({"selector": False}, "artifactSelector type aar"),
    "no coroutines": ({"coroutines": False}, "kotlinx-coroutines-core"),
    "no x86_64 library": ({"abis": ["arm64-v8a", "armeabi-v7a"]}, "jni/x86_64"),
    "no sources jar": ({"sources": False}, "-sources.jar"),
    "the Parse module without the library": ({"modules": {"instagram-auth-parse": {"library": False}}},
                                             "instagram-auth-parse: POM: no dependency on dev.instagramauth:instagram-auth"),
    "the Parse 1.x module on another version": ({"modules": {"instagram-auth-parse1": {"library_version": "0.0.9"}}},
                                                "instagram-auth-parse1: POM: dev.instagramauth:instagram-auth:0.0.9"),
    "the library at runtime scope only": ({"modules": {"instagram-auth-okhttp": {"scope": "runtime"}}}, "in scope runtime"),
    "the module metadata on another version": ({"modules": {"instagram-auth-parse": {"metadata_version": "0.0.9"}}},
                                               "instagram-auth-parse: module metadata"),
    "a module without licences": ({"modules": {"instagram-auth-okhttp": {"licences": ""}}}, "instagram-auth-okhttp: POM: licences []"),
    "the OkHttp module without OkHttp": ({"modules": {"instagram-auth-okhttp": {"extra": " "}}}, "no dependency on com.squareup.okhttp3:okhttp"),
    "the Parse module forcing a Parse SDK": ({"modules": {"instagram-auth-parse": {"extra": PARSE_SDK}}}, "the app brings its own Parse SDK"),
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
