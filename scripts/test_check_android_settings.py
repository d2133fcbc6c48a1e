#!/usr/bin/env python3
"""Shows that scripts/check_android_settings.py's demo checks (there is no Gradle here to
build the demo) accept the repository's demo and refuse each defect they exist for: a setting
written twice, a setting the build does not read, a literal in DemoConfig, a sandbox value
that scripts/dev-server.sh does not serve, a backup rules file the manifest does not name, a
Parse file or the pending sign-in left in a backup, rules that differ, docs that differ.

usage: test_check_android_settings.py
"""
import os
import shutil
import sys
import tempfile

import check_android_settings as check

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
# What the demo checks read.
COPIED = ("android-demo", "scripts/dev-server.sh", "docs/android.md", check.PENDING_SIGN_IN_STORE)
XML = "android-demo/app/src/main/res/xml/"
DEMO_CHECKS = (check.check_demo_settings, check.check_demo_sandbox, check.check_demo_backup_rules)
# (what is broken, file, text replaced, replacement, a phrase the report must contain)
DEFECTS = [
    ("the App Link host written again in the build", "android-demo/app/build.gradle.kts",
     '"https://${setting("demo.appLinkHost")}', '"https://app.example.com', "repeats demo.appLinkHost"),
    ("a Parse key written again in DemoConfig", "android-demo/app/src/main/kotlin/dev/instagramauth/demo/DemoConfig.kt",
     "BuildConfig.PARSE_APP_ID", '"e2e-app-id"', "repeats demo.sandbox.parseAppId"),
    ("a literal in DemoConfig", "android-demo/app/src/main/kotlin/dev/instagramauth/demo/DemoConfig.kt",
     "BuildConfig.INSTAGRAM_BASE_URL", "null ?: \"x\"", "holds the literal"),
    ("a setting the build does not read", "android-demo/gradle.properties",
     "demo.appLinkPath=/auth/", "demo.appLinkPath=/auth/\ndemo.forgotten=1", "does not read demo.forgotten"),
    ("a placeholder not derived from the redirect setting", "android-demo/app/build.gradle.kts",
     '"instagramRedirectHost" to redirect.host', '"instagramRedirectHost" to "auth"', "instagramRedirectHost is not derived"),
    ("DemoConfig reading a field the build does not declare", "android-demo/app/build.gradle.kts",
     '"PARSE_CLIENT_KEY"', '"PARSE_KEY"', "BuildConfig.PARSE_CLIENT_KEY"),
    ("a sandbox client key dev-server.sh does not serve", "android-demo/gradle.properties",
     "demo.sandbox.parseClientKey=e2e-client-key", "demo.sandbox.parseClientKey=other-key", "serves 'e2e-client-key'"),
    ("dev-server.sh on another Parse port", "scripts/dev-server.sh",
     "default_parse_port=1337", "default_parse_port=1338", "demo.sandbox.parseServerUrl"),
    ("a redirect dev-server.sh does not allow", "scripts/dev-server.sh",
     "redirect_uris=igauthdemo://auth/callback,", "redirect_uris=", "not among the redirect URIs"),
    ("plain http the network security config refuses", "android-demo/gradle.properties",
     "demo.sandbox.instagramUrl=http://127.0.0.1:8910/", "demo.sandbox.instagramUrl=http://10.0.2.2:8910/",
     "does not allow"),
    ("the manifest without the Android 12+ rules", "android-demo/app/src/main/AndroidManifest.xml",
     'android:dataExtractionRules="@xml/data_extraction_rules"', "", "android:dataExtractionRules"),
    ("the manifest without the Android 11 rules", "android-demo/app/src/main/AndroidManifest.xml",
     'android:fullBackupContent="@xml/backup_rules"', "", "android:fullBackupContent"),
    ("Parse 1.x's directory backed up in device transfers", XML + "data_extraction_rules.xml",
     '<device-transfer>\n        <exclude domain="root" path="app_Parse/" />', "<device-transfer>", "<device-transfer>: does not exclude root app_Parse"),
    ("the pending sign-in backed up on Android 11", XML + "backup_rules.xml",
     '<exclude domain="sharedpref" path="dev.instagramauth.sign_in.xml" />', "", "does not exclude sharedpref"),
    ("the pending sign-in renamed in the library", check.PENDING_SIGN_IN_STORE,
     'const val FILE = "dev.instagramauth.sign_in"', 'const val FILE = "dev.instagramauth.pending"',
     "dev.instagramauth.pending.xml"),
    ("rules that differ", XML + "backup_rules.xml",
     "</full-backup-content>", '<exclude domain="file" path="other/" />\n</full-backup-content>', "rules differ"),
    ("an include, which backs up only what it names", XML + "backup_rules.xml",
     "</full-backup-content>", '<include domain="file" path="other/" />\n</full-backup-content>', "an <include>"),
    ("a malformed rules file", XML + "backup_rules.xml", "</full-backup-content>", "", "not a well-formed"),
    ("docs that show other rules", "docs/android.md",
     '<exclude domain="database" path="ParseOfflineStore" />', "", "docs/android.md: its backup rules"),
]


def problems(root):
    rel = lambda path: os.path.relpath(path, root)  # noqa: E731 (as check.main's)
    return [problem for demo_check in DEMO_CHECKS for problem in demo_check(root, rel)]


def copy_of_repository(work):
    for path in COPIED:
        source, target = os.path.join(ROOT, path), os.path.join(work, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, target)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as work:
        copy_of_repository(work)
        found = problems(work)
        if found:
            failures.append(f"the repository's demo is refused: {found}")
        for what, path, old, new, expected in DEFECTS:
            target = os.path.join(work, path)
            original = check.read(target)
            if old not in original:
                failures.append(f"{what}: {path} no longer holds {old!r}; update this test")
                continue
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(original.replace(old, new, 1))
            found = problems(work)
            if not any(expected in problem for problem in found):
                failures.append(f"{what}: not reported (expected {expected!r}; got {found})")
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(original)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"check_android_settings demo checks: {len(DEFECTS) + 1 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
