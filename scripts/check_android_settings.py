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
  pins AGP) gives every publication both licences and the one staging repository, and every
  module's Kotlin its JDK and 2.0 metadata and stdlib (no module sets its own).
- A module whose JVM tests run on the JUnit Platform has junit-platform-launcher on its test
  runtime (Gradle 8 no longer provides one).
- Each module with JVM tests passes jna.library.path = <repo>/target/debug, and its README
  names every environment variable the tests read and scripts/test-kotlin.sh.
- The library's redirect receiver hands a redirect on only on a fresh launch: not when
  recreated (savedInstanceState) nor when launched from Recents; the demo leaves the
  redirect to it (no VIEW intent filter of its own).
- The demo's settings (android-demo/gradle.properties, demo.*) are written there only: no other
  file of android-demo but its README repeats a value (the App Link host, app ids, Parse keys,
  URLs); app/build.gradle.kts reads every one of them and derives the BuildConfig fields and
  the redirect's manifest placeholders; DemoConfig.kt reads BuildConfig only.
- The demo's sandbox settings are what scripts/dev-server.sh serves (Parse app id and client
  key, the sandbox's app id, a redirect URI it allows, the sandbox's and Parse's loopback URLs),
  and the network security config allows plain http to their host.
- The demo's manifest names res/xml/data_extraction_rules.xml and backup_rules.xml; both are
  well-formed, their three exclude lists (cloud-backup, device-transfer, full-backup-content)
  are equal, hold Parse Android's files (app_Parse/, com.parse/, ParseOfflineStore) and the
  library's pending sign-in (PendingSignInStore.FILE), and docs/android.md shows the same list.

usage: check_android_settings.py [REPO_ROOT]   (default: this script's repository)
"""
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

from repo_files import files, read

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


def version(text):
    return tuple(int(part) for part in text.split("."))


def show(numbers):
    return ".".join(str(n) for n in numbers)


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
        (r'^allprojects \{.*withPlugin\("org\.jetbrains\.kotlin\.android"\).*coreLibrariesVersion = "2\.0\.\d+".*apiVersion\.set\([\w.]*KOTLIN_2_0\)',
         "does not hold every module's Kotlin metadata and kotlin-stdlib at 2.0 in allprojects (apps on Kotlin 1.9+)"),
    ]
    for build_file in files(root, ("build.gradle.kts",)):
        text = read(build_file)
        if not re.search(r'id\("com\.android\.library"\)', text):
            continue
        root_build = re.search(r'id\("com\.android\.library"\) version', text)
        checks = needed + (convention if root_build else [])
        for pattern, problem in checks:
            if not re.search(pattern, text, re.S | re.M):
                problems.append(f"{rel(build_file)}: {problem} (docs/release.md)")
        if not root_build and re.search(r'^kotlin \{', text, re.M):
            problems.append(f"{rel(build_file)}: a kotlin {{ }} block of its own; the root build's allprojects sets every module's Kotlin (docs/release.md)")
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


DEMO = "android-demo"
# The demo's settings whose values must be written in gradle.properties only (paths such as
# /auth/ and the boolean are too common to search for).
DEMO_SINGLE_SOURCE = ("demo.appLinkHost", "demo.instagramAppId", "demo.parseServerUrl", "demo.parseAppId",
                      "demo.parseClientKey", "demo.sandbox.instagramAppId", "demo.sandbox.redirectUri",
                      "demo.sandbox.instagramUrl", "demo.sandbox.parseServerUrl", "demo.sandbox.parseAppId",
                      "demo.sandbox.parseClientKey")
# Where the demo may name its settings besides gradle.properties: prose, and Gradle's own files.
DEMO_NOT_SETTINGS = ("README.md", "gradlew", "gradlew.bat", "gradle/wrapper/")
DEMO_BUILD_CONFIG = ("USE_SANDBOX", "REDIRECT_URI", "INSTAGRAM_APP_ID", "INSTAGRAM_BASE_URL", "PARSE_SERVER_URL",
                     "PARSE_APP_ID", "PARSE_CLIENT_KEY")
REDIRECT_PLACEHOLDERS = ("instagramRedirectScheme", "instagramRedirectHost", "instagramRedirectPath")
# Android's backup domains (developer.android.com/identity/data/autobackup#include-exclude).
BACKUP_DOMAINS = {"root", "file", "database", "sharedpref", "external",
                  "device_root", "device_file", "device_database", "device_sharedpref"}
# What Parse Android writes in backed-up storage: 1.x-2.x context.getDir("Parse"), 3.x-4.x
# files/com.parse, the local datastore's database (both). Its cache/ files are never backed up.
PARSE_BACKUP_EXCLUDES = {("root", "app_Parse"), ("file", "com.parse"), ("database", "ParseOfflineStore")}
PENDING_SIGN_IN_STORE = "bindings/android/src/android/kotlin/dev/instagramauth/android/PendingSignInStore.kt"


def gradle_properties(path):
    """{key: value} of a .properties file (no continuation lines, as ours has none)."""
    found = {}
    for line in read(path).splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")) and "=" in line:
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()
    return found


def kotlin_code(text):
    """[text] without its comments, so that a setting named in a comment is not a use of it."""
    # Strings first, so that the // of "https://…" is not taken for a comment.
    return re.sub(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/',
                  lambda match: match.group(0) if match.group(0).startswith('"') else "", text, flags=re.S)


def check_demo_settings(root, rel):
    problems = []
    demo = os.path.join(root, DEMO)
    properties_path = os.path.join(demo, "gradle.properties")
    settings = {k: v for k, v in gradle_properties(properties_path).items() if k.startswith("demo.")}
    if not settings:
        return [f"{rel(properties_path)}: no demo.* settings (the demo's one place for its configuration)"]
    missing = [key for key in ("demo.useSandbox", "demo.appLinkPath") + DEMO_SINGLE_SOURCE if key not in settings]
    problems += [f"{rel(properties_path)}: no {key}" for key in missing]

    # Written once: no other file of the demo repeats a value.
    properties_text = read(properties_path)
    for key in DEMO_SINGLE_SOURCE:
        value = settings.get(key)
        if not value:
            continue
        if properties_text.count(value) != 1:
            problems.append(f"{rel(properties_path)}: {key}'s value is written {properties_text.count(value)} times "
                            "in the file; write it once (comments name the setting, not its value)")
        for path in files(demo, ("",)):
            name = os.path.relpath(path, demo)
            if path == properties_path or name.startswith(DEMO_NOT_SETTINGS):
                continue
            try:
                text = read(path)
            except UnicodeDecodeError:
                continue
            if value in text:
                problems.append(f"{rel(path)}: repeats {key} ({value}); derive it from android-demo/gradle.properties")

    # Derived: the build reads every setting, and DemoConfig reads what the build derived.
    build_path = os.path.join(demo, "app/build.gradle.kts")
    build = kotlin_code(read(build_path))
    read_keys = set(re.findall(r'setting\("(demo\.[\w.]+)"\)', build))
    for name in re.findall(r'chosen\("(\w+)"\)', build):
        read_keys |= {f"demo.{name}", f"demo.sandbox.{name}"}
    problems += [f"{rel(build_path)}: does not read {key} (android-demo/gradle.properties)"
                 for key in sorted(set(settings) - read_keys)]
    problems += [f"{rel(build_path)}: reads {key}, which android-demo/gradle.properties does not set"
                 for key in sorted(read_keys - set(settings))]
    if 'providers.gradleProperty(name)' not in build:
        problems.append(f"{rel(build_path)}: setting() must read Gradle properties (providers.gradleProperty), "
                        "so that -P and ~/.gradle/gradle.properties override android-demo/gradle.properties")
    for placeholder in REDIRECT_PLACEHOLDERS:
        if not re.search(rf'"{placeholder}" to redirect\.\w+', build):
            problems.append(f"{rel(build_path)}: the manifest placeholder {placeholder} is not derived from the "
                            "redirect URI setting (\"{placeholder}\" to redirect.…)")
    fields = set(re.findall(r'buildConfigField\("\w+", "(\w+)"', build))
    problems += [f"{rel(build_path)}: no BuildConfig.{field}" for field in DEMO_BUILD_CONFIG if field not in fields]
    config_path = os.path.join(demo, "app/src/main/kotlin/dev/instagramauth/demo/DemoConfig.kt")
    config = kotlin_code(read(config_path))
    for field in re.findall(r"BuildConfig\.(\w+)", config):
        if field not in fields:
            problems.append(f"{rel(config_path)}: reads BuildConfig.{field}, which app/build.gradle.kts does not declare")
    for literal in re.findall(r'"[^"]*"|\b\d+\b', config):
        problems.append(f"{rel(config_path)}: holds the literal {literal}; DemoConfig reads BuildConfig only "
                        "(the value belongs in android-demo/gradle.properties)")
    return problems


def check_demo_sandbox(root, rel):
    problems = []
    demo = os.path.join(root, DEMO)
    properties_path = os.path.join(demo, "gradle.properties")
    settings = gradle_properties(properties_path)
    server_path = os.path.join(root, "scripts/dev-server.sh")
    server = read(server_path)

    def served(pattern, what):
        match = re.search(pattern, server, re.M)
        if not match:
            problems.append(f"{rel(server_path)}: cannot find {what} (check_android_settings.py reads it)")
            return None
        return match.group(1)

    app_id = served(r"\bapp_id=([\w-]+)", "the Parse app id (app_id=)")
    client_key = served(r"\bclient_key=([\w-]+)", "the Parse client key (client_key=)")
    client_id = served(r"\bclient_id=(\d+)", "the sandbox's app id (client_id=)")
    redirects = served(r"^redirect_uris=(\S+)", "the redirect URIs (redirect_uris=)")
    sandbox_port = served(r"\bdefault_sandbox_port=(\d+)", "the sandbox's port (default_sandbox_port=)")
    parse_port = served(r"\bdefault_parse_port=(\d+)", "Parse's port (default_parse_port=)")
    mount = served(r'"mountPath":\s*"([^"]+)"', "Parse's mountPath")
    expected = {
        "demo.sandbox.parseAppId": app_id,
        "demo.sandbox.parseClientKey": client_key,
        "demo.sandbox.instagramAppId": client_id,
        "demo.sandbox.instagramUrl": sandbox_port and f"http://127.0.0.1:{sandbox_port}/",
        "demo.sandbox.parseServerUrl": parse_port and mount and f"http://127.0.0.1:{parse_port}{mount.rstrip('/')}/",
    }
    for key, value in expected.items():
        if value is not None and settings.get(key) != value:
            problems.append(f"{rel(properties_path)}: {key} is {settings.get(key)!r} but scripts/dev-server.sh "
                            f"serves {value!r}")
    redirect = settings.get("demo.sandbox.redirectUri")
    if redirects is not None and redirect not in redirects.split(","):
        problems.append(f"{rel(properties_path)}: demo.sandbox.redirectUri {redirect!r} is not among the redirect URIs "
                        f"scripts/dev-server.sh allows ({redirects})")
    nsc_path = os.path.join(demo, "app/src/main/res/xml/network_security_config.xml")
    cleartext = set()
    for config in ElementTree.parse(nsc_path).getroot().iter("domain-config"):
        if config.get("cleartextTrafficPermitted") == "true":
            cleartext |= {domain.text.strip() for domain in config.iter("domain")}
    for key in ("demo.sandbox.instagramUrl", "demo.sandbox.parseServerUrl"):
        host = re.match(r"http://([^/:]+)", settings.get(key, ""))
        if host and host.group(1) not in cleartext:
            problems.append(f"{rel(nsc_path)}: {key} is plain http to {host.group(1)}, which the network security "
                            "config does not allow")
    return problems


def backup_excludes(path, rel, problems, section=None):
    """The (domain, path) excludes of a backup rules file, or of one section of it; notes defects."""
    try:
        top = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        problems.append(f"{rel(path)}: not a well-formed XML file ({error})")
        return None
    if section is not None:
        if top.tag != "data-extraction-rules":
            problems.append(f"{rel(path)}: the top-level tag is <{top.tag}>, not <data-extraction-rules>")
            return None
        parts = top.findall(section)
        if len(parts) != 1:
            problems.append(f"{rel(path)}: {len(parts)} <{section}> sections; Android reads one")
            return None
        top = parts[0]
    elif top.tag != "full-backup-content":
        problems.append(f"{rel(path)}: the top-level tag is <{top.tag}>, not <full-backup-content>")
        return None
    excludes = set()
    where = f"{rel(path)}{f' <{section}>' if section else ''}"
    for rule in top:
        if rule.tag == "include":
            problems.append(f"{where}: an <include> backs up only what it names; the demo excludes, never includes")
        elif rule.tag == "exclude":
            domain, target = rule.get("domain"), rule.get("path", "")
            if domain not in BACKUP_DOMAINS:
                problems.append(f"{where}: unknown domain {domain!r} (one of {', '.join(sorted(BACKUP_DOMAINS))})")
            if not target or ".." in target.split("/"):
                problems.append(f"{where}: exclude path {target!r} is empty or leaves its domain")
            excludes.add((domain, target.rstrip("/")))
    return excludes


def check_demo_backup_rules(root, rel):
    problems = []
    demo = os.path.join(root, DEMO, "app/src/main")
    manifest_path = os.path.join(demo, "AndroidManifest.xml")
    manifest = read(manifest_path)
    rule_sets = {}
    for attribute, name, sections in (("dataExtractionRules", "data_extraction_rules", ("cloud-backup", "device-transfer")),
                                      ("fullBackupContent", "backup_rules", (None,))):
        if f'android:{attribute}="@xml/{name}"' not in manifest:
            problems.append(f"{rel(manifest_path)}: <application> must set android:{attribute}=\"@xml/{name}\"")
        path = os.path.join(demo, f"res/xml/{name}.xml")
        if not os.path.isfile(path):
            problems.append(f"{rel(path)}: missing (the manifest's android:{attribute})")
            continue
        for section in sections:
            excludes = backup_excludes(path, rel, problems, section)
            if excludes is not None:
                rule_sets[f"{rel(path)}{f' <{section}>' if section else ''}"] = excludes
    store_path = os.path.join(root, PENDING_SIGN_IN_STORE)
    store = re.search(r'const val FILE = "([^"]+)"', read(store_path))
    needed = set(PARSE_BACKUP_EXCLUDES)
    if store:
        needed.add(("sharedpref", store.group(1) + ".xml"))
    else:
        problems.append(f"{rel(store_path)}: no `const val FILE = \"…\"` (the pending sign-in's preferences file)")
    for where, excludes in rule_sets.items():
        for domain, target in sorted(needed - excludes):
            problems.append(f"{where}: does not exclude {domain} {target} (Parse Android's files and the library's "
                            "pending sign-in stay out of backups)")
    if len({frozenset(excludes) for excludes in rule_sets.values()}) > 1:
        problems.append("the demo's backup rules differ: " + "; ".join(
            f"{where}: {', '.join(f'{d} {p}' for d, p in sorted(excludes))}" for where, excludes in rule_sets.items()))
    # What app teams copy: docs/android.md shows the same excludes.
    docs_path = os.path.join(root, "docs/android.md")
    documented = {(d, p.rstrip("/")) for d, p in
                  re.findall(r'<exclude domain="(\w+)" path="([^"]+)"\s*/>', read(docs_path))}
    for where, excludes in list(rule_sets.items())[:1]:
        if documented != excludes:
            problems.append(f"{rel(docs_path)}: its backup rules ({', '.join(f'{d} {p}' for d, p in sorted(documented)) or 'none'}) "
                            f"are not the demo's ({where})")
    return problems


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))

    def rel(path):
        return os.path.relpath(path, root)

    checks = [check_jna, check_keep_rules, check_gradle_builds, check_sdk_levels, check_publishing,
              check_unit_tests, check_redirect_handling, check_demo_settings, check_demo_sandbox,
              check_demo_backup_rules]
    found = [problem for check in checks for problem in check(root, rel)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"android settings: {len(checks)} checks, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
