#!/usr/bin/env python3
"""Checks what `./gradlew publish…ToStagingRepository` wrote (scripts/publish-android.sh: every
module of bindings/android in one staging repository) before it goes to a public Maven
repository, as an app that adds one `dev.instagramauth:…:VERSION` line gets it, whether its
build reads the POM (Maven, old Gradle) or the Gradle module metadata (Gradle 6+ prefers it):

- instagram-auth: the POM depends on net.java.dev.jna:jna (5.17.0 or newer) with
  <type>aar</type> (JNA's jar lacks the Android natives), and on
  org.jetbrains.kotlinx:kotlinx-coroutines-core; the .module file's runtime variants depend on
  both, JNA through an artifactSelector of type aar (what `@aar` becomes there); the AAR holds
  classes.jar and the Rust library for arm64-v8a, armeabi-v7a and x86_64;
- instagram-auth-parse (Parse Android 2.x-4.x), instagram-auth-parse1 (1.x) and
  instagram-auth-okhttp: the POM and every variant of the module metadata depend on
  instagram-auth at this VERSION in the compile scope (`api`: the app's one line brings the
  library, whose types their API uses); the Parse modules name no Parse SDK (the app brings
  its own: a dependency here would force a version on it), the OkHttp module names OkHttp;
- every artifact: both licences in its POM, an AAR with classes.jar, a sources jar.

usage: check_maven_publication.py STAGING_REPO VERSION
"""
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

from check_report import report

GROUP, LIBRARY = "dev.instagramauth", "instagram-auth"
JNA_MIN = (5, 17, 0)
ABIS = ["arm64-v8a", "armeabi-v7a", "x86_64"]
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
# The modules published next to the library: what each must (and must not) depend on.
MODULES = {
    "instagram-auth-parse": {"forbidden_groups": ("com.parse", "com.github.parse-community")},
    "instagram-auth-parse1": {"forbidden_groups": ("com.parse", "com.github.parse-community")},
    "instagram-auth-okhttp": {"required": [("com.squareup.okhttp3", "okhttp")]},
}


def pom_dependencies(root):
    return {(d.findtext("m:groupId", namespaces=NS), d.findtext("m:artifactId", namespaces=NS)): d
            for d in root.findall("m:dependencies/m:dependency", NS)}


def licence_problems(root):
    licences = [name.text for name in root.findall("m:licenses/m:license/m:name", NS)]
    return [] if sorted(licences) == ["Apache-2.0", "MIT"] else [f"POM: licences {licences}, expected MIT and Apache-2.0"]


def library_pom_problems(path, _version):
    root = ET.parse(path).getroot()
    found = licence_problems(root)
    deps = pom_dependencies(root)
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
    return found


def code_variants(module, usages):
    """The variants an app's build resolves for compiling or running against the artifact:
    category `library` with one of `usages`; not the sources jar's (category `documentation`),
    whose variant has no dependencies."""
    return [v for v in module.get("variants", [])
            if v.get("attributes", {}).get("org.gradle.category") == "library"
            and v.get("attributes", {}).get("org.gradle.usage") in usages]


def library_module_problems(path, _version):
    found = []
    module = json.load(open(path, encoding="utf-8"))
    variants = code_variants(module, ("java-runtime",))
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


def dependent_pom_problems(artifact):
    rules = MODULES[artifact]

    def check(path, version):
        root = ET.parse(path).getroot()
        found = licence_problems(root)
        deps = pom_dependencies(root)
        library = deps.get((GROUP, LIBRARY))
        if library is None:
            found.append(f"POM: no dependency on {GROUP}:{LIBRARY}: the app's one line would not bring the library")
        else:
            pinned = library.findtext("m:version", namespaces=NS)
            scope = library.findtext("m:scope", namespaces=NS) or "compile"
            if pinned != version:
                found.append(f"POM: {GROUP}:{LIBRARY}:{pinned}, expected {version}")
            if scope != "compile":
                found.append(f"POM: {GROUP}:{LIBRARY} in scope {scope}, expected compile (its types are in this module's API)")
        for group, name in rules.get("required", []):
            if (group, name) not in deps:
                found.append(f"POM: no dependency on {group}:{name}")
        for group, name in deps:
            if any(group == g or group.startswith(g + ".") for g in rules.get("forbidden_groups", ())):
                found.append(f"POM: depends on {group}:{name}: the app brings its own Parse SDK")
        return found

    return check


def dependent_module_problems(path, version):
    found = []
    module = json.load(open(path, encoding="utf-8"))
    variants = code_variants(module, ("java-api", "java-runtime"))
    if not variants:
        return ["module metadata: no library variant (api or runtime)"]
    for variant in variants:
        library = [d for d in variant.get("dependencies", []) if (d["group"], d["module"]) == (GROUP, LIBRARY)]
        if not library:
            found.append(f"module metadata, {variant['name']}: no dependency on {GROUP}:{LIBRARY}")
        elif library[0].get("version", {}).get("requires") != version:
            found.append(f"module metadata, {variant['name']}: {GROUP}:{LIBRARY} {library[0].get('version')}, expected {version}")
    return found


def aar_problems(native):
    def check(path, _version):
        names = set(zipfile.ZipFile(path).namelist())
        found = [] if "classes.jar" in names else ["AAR: no classes.jar"]
        for abi in ABIS if native else []:
            if f"jni/{abi}/libinstagram_auth_ffi.so" not in names:
                found.append(f"AAR: no jni/{abi}/libinstagram_auth_ffi.so")
        return found

    return check


def artifact_problems(repo, artifact, version, checks):
    base = os.path.join(repo, *GROUP.split("."), artifact, version, f"{artifact}-{version}")
    found = []
    for suffix, check in checks:
        if not os.path.isfile(base + suffix):
            found.append(f"no {os.path.basename(base + suffix)} in {os.path.dirname(base)}")
        else:
            found += [f"{artifact}: {problem}" for problem in check(base + suffix, version)]
    return found


def problems(repo, version):
    found = artifact_problems(repo, LIBRARY, version, [
        (".pom", library_pom_problems), (".module", library_module_problems), (".aar", aar_problems(True)),
        ("-sources.jar", lambda *_: [])])
    for artifact in MODULES:
        found += artifact_problems(repo, artifact, version, [
            (".pom", dependent_pom_problems(artifact)), (".module", dependent_module_problems),
            (".aar", aar_problems(False)), ("-sources.jar", lambda *_: [])])
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    report(f"{GROUP}:{LIBRARY}:{sys.argv[2]} and its modules", problems(*sys.argv[1:]),
           "each artifact carries what an app's one dependency line needs (jna@aar, coroutines, the library)")


if __name__ == "__main__":
    main()
