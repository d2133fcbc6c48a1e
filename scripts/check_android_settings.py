#!/usr/bin/env python3
"""Checks the Android build settings that this machine cannot exercise (no SDK, NDK or
Gradle here), so that reviewed defects cannot come back:

- JNA: every pinned `net.java.dev.jna:jna:` is 5.17.0 or newer. Older versions ship a
  libjnidispatch.so that does not load on 16 KiB-page devices (JNA #1618, #1647).
- consumer-rules.pro keeps JNA and the RuntimeVisibleAnnotations attribute (JNA reads
  @Structure.FieldOrder at run time; R8 full mode strips it otherwise), and keeps the
  bindings' package only (from uniffi.toml), not its subpackages (the demo app).
- Each Gradle build has a wrapper: gradlew, and a distributionUrl with a SHA-256 whose
  Gradle version is at least what its Android Gradle plugin needs. Included builds use the
  same Gradle. A build that asks for a JVM toolchain applies the foojay resolver. One AGP
  version across the builds (an included build on another AGP fails the app's build).
- compileSdk and targetSdk are 36 or more (Google Play's target API since 2026-08-31), and
  no higher than the newest API the AGP of the build supports.
- Every Android library module is published (maven-publish, the release variant with its
  sources, a Maven publication from components["release"]); the root build (the one that
  pins AGP) gives every publication both licences and the one staging repository.
- A module whose JVM tests run on the JUnit Platform has junit-platform-launcher on its test
  runtime (Gradle 8 no longer provides one).
- Each module with JVM tests passes jna.library.path = <repo>/target/debug, and its README
  names every environment variable the tests read and scripts/test-kotlin.sh.
- The library's redirect receiver hands a redirect on only on a fresh launch: not when
  recreated (savedInstanceState) nor when launched from Recents; the demo leaves the
  redirect to it (no VIEW intent filter of its own).

usage: check_android_settings.py [REPO_ROOT]   (default: this script's repository)
"""
import os
import re
import sys

# Minimum Gradle for each Android Gradle plugin (developer.android.com/build/releases/gradle-plugin).
AGP_MIN_GRADLE = {
    (8, 0): (8, 0), (8, 1): (8, 0), (8, 2): (8, 2), (8, 3): (8, 4), (8, 4): (8, 6),
    (8, 5): (8, 7), (8, 6): (8, 7), (8, 7): (8, 9), (8, 8): (8, 10, 2), (8, 9): (8, 11, 1),
    (8, 10): (8, 11, 1), (8, 11): (8, 13), (8, 12): (8, 13), (8, 13): (8, 13),
}
# The newest API level each AGP supports (the "Compatibility" line of its release notes).
AGP_MAX_API = {(8, 10): 36, (8, 11): 36, (8, 12): 36, (8, 13): 36}
PLAY_TARGET_API = 36  # Google Play: new apps and updates target API 36 since 2026-08-31
JNA_MIN = (5, 17, 0)
FOOJAY_MIN_FOR_GRADLE_9 = (1, 0, 0)  # older foojay plugins fail on Gradle 9 (foojay-toolchains #151)
CI_TEST_SCRIPTS = ("scripts/test-kotlin.sh", "scripts/test-android-framework.sh")
SKIP_DIRS = {".git", "target", "build", "node_modules", ".gradle", ".build", "fuzz"}


def version(text):
    return tuple(int(part) for part in text.split("."))


def show(numbers):
    return ".".join(str(n) for n in numbers)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def files(root, suffixes):
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.join(directory, name)


def check_jna(root, rel):
    problems = []
    for path in files(root, (".kts", ".gradle", ".toml", ".md")):
        for match in re.finditer(r"net\.java\.dev\.jna:jna:([^\"'@`\s)]*)", read(path)):
            pinned = match.group(1)
            if not re.fullmatch(r"\d+\.\d+\.\d+", pinned):
                problems.append(f"{rel(path)}: JNA version '{pinned}' is not pinned as x.y.z")
            elif version(pinned) < JNA_MIN:
                problems.append(f"{rel(path)}: JNA {pinned} is older than {show(JNA_MIN)}: its "
                                "libjnidispatch.so does not load on 16 KiB-page devices (JNA #1618, #1647)")
    library = os.path.join(root, "bindings/android/build.gradle.kts")
    if not re.search(r'implementation\("net\.java\.dev\.jna:jna:[\d.]+@aar"\)', read(library)):
        problems.append(f"{rel(library)}: the library must depend on JNA's AAR (net.java.dev.jna:jna:x.y.z@aar)")
    return problems


def check_keep_rules(root, rel):
    problems = []
    rules_path = os.path.join(root, "bindings/android/consumer-rules.pro")
    rules = [line.split("#", 1)[0].strip() for line in read(rules_path).splitlines()]
    rules = [line for line in rules if line]
    kotlin_packages = re.findall(r'\[crates\.\w+\.bindings\.kotlin\][^\[]*?package_name\s*=\s*"([\w.]+)"',
                                 read(os.path.join(root, "uniffi.toml")), re.S)
    attributes = [a.strip() for line in rules if line.startswith("-keepattributes")
                  for a in line.split(None, 1)[1].split(",")]
    if "RuntimeVisibleAnnotations" not in attributes and "*Annotation*" not in attributes:
        problems.append(f"{rel(rules_path)}: no '-keepattributes RuntimeVisibleAnnotations': R8 strips "
                        "JNA's @Structure.FieldOrder and the first FFI call fails")
    if "-keep class com.sun.jna.** { *; }" not in rules:
        problems.append(f"{rel(rules_path)}: JNA itself (com.sun.jna.**) is not kept")
    if not kotlin_packages:
        problems.append("uniffi.toml: no Kotlin package_name")
    for kotlin_package in kotlin_packages:
        if f"-keep class {kotlin_package}.* {{ *; }}" not in rules:
            problems.append(f"{rel(rules_path)}: the bindings' package {kotlin_package} (uniffi.toml) is not kept")
        for line in rules:
            if f"{kotlin_package}.**" in line:
                problems.append(f"{rel(rules_path)}: '{line}' also keeps every app under {kotlin_package} "
                                f"(the demo); keep the bindings' packages only ({kotlin_package}.*)")
    library = os.path.join(root, "bindings/android/build.gradle.kts")
    if 'consumerProguardFiles("consumer-rules.pro")' not in read(library):
        problems.append(f"{rel(library)}: consumer-rules.pro is not passed to apps (consumerProguardFiles)")
    return problems


def wrapper_gradle(build, rel, problems):
    properties = os.path.join(build, "gradle/wrapper/gradle-wrapper.properties")
    if not os.path.isfile(properties):
        problems.append(f"{rel(build)}: no Gradle wrapper (gradle/wrapper/gradle-wrapper.properties)")
        return None
    text = read(properties)
    url = re.search(r"^distributionUrl=https\\?://services\.gradle\.org/distributions/gradle-([\d.]+)-(?:bin|all)\.zip$",
                    text, re.M)
    if not url:
        problems.append(f"{rel(properties)}: no distributionUrl of a released Gradle on services.gradle.org")
        return None
    if not re.search(r"^distributionSha256Sum=[0-9a-f]{64}$", text, re.M):
        problems.append(f"{rel(properties)}: no distributionSha256Sum: the download would not be verified")
    gradlew = os.path.join(build, "gradlew")
    if not os.access(gradlew, os.X_OK):
        problems.append(f"{rel(build)}: no executable gradlew next to the wrapper properties")
    return version(url.group(1))


def check_gradle_builds(root, rel):
    problems = []
    gradle_of = {}
    includes = {}
    for settings in files(root, ("settings.gradle.kts", "settings.gradle")):
        build = os.path.dirname(settings)
        gradle = wrapper_gradle(build, rel, problems)
        gradle_of[build] = gradle
        settings_text = read(settings)
        includes[build] = [os.path.normpath(os.path.join(build, path))
                           for path in re.findall(r'includeBuild\("([^"]+)"\)', settings_text)]
        build_files = list(files(build, ("build.gradle.kts", "build.gradle")))
        for build_file in build_files:
            for agp in re.findall(r'id\("com\.android\.(?:application|library)"\)\s+version\s+"([\d.]+)"',
                                  read(build_file)):
                needed = AGP_MIN_GRADLE.get(version(agp)[:2])
                if needed is None:
                    problems.append(f"{rel(build_file)}: AGP {agp} is not in AGP_MIN_GRADLE here; "
                                    "add its minimum Gradle from Android's compatibility table")
                elif gradle is not None and gradle < needed:
                    problems.append(f"{rel(build)}: the wrapper's Gradle {show(gradle)} is older than the "
                                    f"{show(needed)} that AGP {agp} ({rel(build_file)}) needs")
        if any("jvmToolchain(" in read(f) or "toolchain {" in read(f) for f in build_files):
            foojay = re.search(r'id\("org\.gradle\.toolchains\.foojay-resolver-convention"\)\s+version\s+"([\d.]+)"',
                               settings_text)
            if not foojay:
                problems.append(f"{rel(settings)}: the build asks for a JVM toolchain but applies no "
                                "toolchain resolver (org.gradle.toolchains.foojay-resolver-convention)")
            elif gradle is not None and gradle >= (9,) and version(foojay.group(1)) < FOOJAY_MIN_FOR_GRADLE_9:
                problems.append(f"{rel(settings)}: foojay resolver {foojay.group(1)} does not work on Gradle "
                                f"{show(gradle)}; use {show(FOOJAY_MIN_FOR_GRADLE_9)} or newer")
    for build, included in includes.items():
        for other in included:
            if None not in (gradle_of.get(other), gradle_of[build]) and gradle_of[other] != gradle_of[build]:
                problems.append(f"{rel(build)} pins Gradle {show(gradle_of[build])} but its included build "
                                f"{rel(other)} pins {show(gradle_of[other])}: keep them the same")
    return problems


def including_build(root, module):
    """The build whose settings include [module] from elsewhere (projectDir = file("..."))."""
    for settings in files(root, ("settings.gradle.kts",)):
        build = os.path.dirname(settings)
        for path in re.findall(r'projectDir\s*=\s*file\("([^"]+)"\)', read(settings)):
            if os.path.normpath(os.path.join(build, path)) == os.path.normpath(module):
                return build
    return None


def agp_versions(root):
    """{build file: AGP version} for every build file that pins the Android Gradle plugin."""
    found = {}
    for build_file in files(root, ("build.gradle.kts", "build.gradle")):
        for agp in re.findall(r'id\("com\.android\.(?:application|library)"\)\s+version\s+"([\d.]+)"', read(build_file)):
            found[build_file] = agp
    return found


def check_sdk_levels(root, rel):
    problems = []
    agps = agp_versions(root)
    if len(set(agps.values())) > 1:
        problems.append("the builds pin different AGP versions: " +
                        ", ".join(f"{rel(path)} {agp}" for path, agp in sorted(agps.items())) +
                        "; an app build that includes one of them fails, keep one")
    for path, agp in sorted(agps.items()):
        if version(agp)[:2] not in AGP_MAX_API:
            problems.append(f"{rel(path)}: AGP {agp} is not in AGP_MAX_API here; add the newest API its "
                            "release notes list (API 36 needs AGP 8.10 or newer)")
    known = [AGP_MAX_API[version(agp)[:2]] for agp in agps.values() if version(agp)[:2] in AGP_MAX_API]
    newest = min(known, default=None)
    for build_file in files(root, ("build.gradle.kts",)):
        text = read(build_file)
        for setting in ("compileSdk", "targetSdk"):
            for level in re.findall(rf"^\s*{setting}\s*=\s*(\d+)", text, re.M):
                if int(level) < PLAY_TARGET_API:
                    problems.append(f"{rel(build_file)}: {setting} {level}; Google Play requires API "
                                    f"{PLAY_TARGET_API} since 2026-08-31")
                elif newest is not None and int(level) > newest:
                    problems.append(f"{rel(build_file)}: {setting} {level} is newer than the API {newest} "
                                    "that the pinned AGP supports (AGP_MAX_API)")
    return problems


def check_publishing(root, rel):
    problems = []
    needed = [
        (r'`maven-publish`|id\("maven-publish"\)', "does not apply maven-publish"),
        (r'singleVariant\("(?:\w+R|r)elease"\)\s*\{[^}]*withSourcesJar\(\)', 'does not publish a release variant (singleVariant("release"), or one per flavor) with its sources'),
        (r'register<MavenPublication>\("(?:\w+R|r)elease"\)', 'has no release MavenPublication'),
        (r'from\(components\["(?:\w+R|r)elease"\]\)', 'does not publish from a release component'),
    ]
    # What all of a build's publications share, once, in the root build (bindings/android).
    convention = [
        (r'^allprojects \{.*pluginManager\.withPlugin\("maven-publish"\)', "does not configure every module's publications in allprojects"),
        (r'withType<MavenPublication>\(\)\.configureEach.*name\.set\("MIT"\).*name\.set\("Apache-2\.0"\)', "does not name both licences (MIT, Apache-2.0) in every POM"),
        (r'name = "staging"\s*url = rootProject\.layout\.buildDirectory', "does not stage every module in the root build's one repository"),
    ]
    for build_file in files(root, ("build.gradle.kts",)):
        text = read(build_file)
        if not re.search(r'id\("com\.android\.library"\)', text):
            continue
        checks = needed + (convention if re.search(r'id\("com\.android\.library"\) version', text) else [])
        for pattern, problem in checks:
            if not re.search(pattern, text, re.S | re.M):
                problems.append(f"{rel(build_file)}: {problem} (docs/release.md)")
    return problems


def check_unit_tests(root, rel):
    problems = []
    host_library = os.path.normpath(os.path.join(root, "target/debug"))
    for build_file in files(root, ("build.gradle.kts",)):
        module = os.path.dirname(build_file)
        tests = os.path.join(module, "src/test")
        if not os.path.isdir(tests):
            continue
        text = read(build_file)
        if "useJUnitPlatform()" in text and not re.search(
                r'testRuntimeOnly\("org\.junit\.platform:junit-platform-launcher[:"]', text):
            problems.append(f"{rel(build_file)}: JUnit Platform tests without "
                            'testRuntimeOnly("org.junit.platform:junit-platform-launcher:…") (Gradle 8 adds none)')
        build = including_build(root, module) or module
        while not os.path.isfile(os.path.join(build, "settings.gradle.kts")) and build != root:
            build = os.path.dirname(build)
        paths = re.findall(r'systemProperty\("jna\.library\.path",\s*rootDir\.resolve\("([^"]+)"\)', text)
        if not any(os.path.normpath(os.path.join(build, path)) == host_library for path in paths):
            problems.append(f"{rel(build_file)}: the JVM unit tests do not pass jna.library.path = "
                            "rootDir.resolve(<the repository's target/debug>)")
        needed = set()
        for test in files(tests, (".kt", ".java")):
            needed.update(re.findall(r'System\.getenv\("(\w+)"\)', read(test)))
        readme_text = " ".join(read(os.path.join(d, "README.md")) for d in {module, build}
                               if os.path.isfile(os.path.join(d, "README.md")))
        for name in sorted(needed):
            if name not in readme_text:
                problems.append(f"{rel(module)}: its README.md does not say how the Gradle tests get {name}")
        if not any(script in readme_text for script in CI_TEST_SCRIPTS):
            problems.append(f"{rel(module)}: its README.md does not name the script CI runs its tests with "
                            f"({' or '.join(CI_TEST_SCRIPTS)})")
    return problems


def check_redirect_handling(root, rel):
    problems = []
    receiver = os.path.join(root, "bindings/android/src/android/kotlin/dev/instagramauth/android/InstagramRedirectActivity.kt")
    text = read(receiver)
    on_create = re.search(r"override fun onCreate\(.*?(?=\n    override fun |\n    private fun |\Z)", text, re.S)
    body = on_create.group(0) if on_create else ""
    if "savedInstanceState == null" not in body:
        problems.append(f"{rel(receiver)}: onCreate must hand a redirect on only when not recreated (savedInstanceState == null)")
    if "FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY" not in body:
        problems.append(f"{rel(receiver)}: onCreate must drop the old redirect of a launch from Recents "
                        "(Intent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY)")
    for manifest in files(os.path.join(root, "android-demo"), ("AndroidManifest.xml",)):
        if "android.intent.action.VIEW" in read(manifest):
            problems.append(f"{rel(manifest)}: the redirect belongs to the library's InstagramRedirectActivity "
                            "(manifest placeholders), not to an activity of the app")
    return problems


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))

    def rel(path):
        return os.path.relpath(path, root)

    checks = [check_jna, check_keep_rules, check_gradle_builds, check_sdk_levels, check_publishing,
              check_unit_tests, check_redirect_handling]
    found = [problem for check in checks for problem in check(root, rel)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"android settings: {len(checks)} checks, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
