package dev.instagramauth.demo

/**
 * Everything the demo needs to know, in one place. None of it is secret: the Instagram app
 * secret lives in the Parse Cloud function (server/cloud/main.js), never in the app. The
 * redirect's App Link is declared in app/build.gradle.kts (manifest placeholders), which
 * also sets BuildConfig.USE_SANDBOX.
 */
object DemoConfig {
    /**
     * Development: Instagram is the local sandbox (`igauth sandbox --port 8910`) and Parse a
     * local Parse Server whose Cloud Code talks to it (docs/parse.md), both reached from the
     * phone through `adb reverse tcp:8910 tcp:8910` and `adb reverse tcp:1337 tcp:1337`.
     */
    val useSandbox = BuildConfig.USE_SANDBOX

    /** Instagram app id (Meta App Dashboard); the sandbox's test app in development. */
    val instagramAppId = if (useSandbox) "990602627938098" else "YOUR_INSTAGRAM_APP_ID"

    /** Must match the placeholders in app/build.gradle.kts; Instagram takes only https. */
    val redirectUri = if (useSandbox) "igauthdemo://auth/callback" else "https://app.example.com/auth/"

    /** Where the sign-in talks to Instagram: the sandbox in development, Instagram's own hosts otherwise. */
    val instagramBaseUrl: String? = if (useSandbox) "http://127.0.0.1:8910/" else null

    /** Parse / Back4App (client key: Back4App → App Settings → Security & Keys). */
    val parseServerUrl = if (useSandbox) "http://127.0.0.1:1337/parse/" else "https://parseapi.back4app.com/"
    val parseAppId = if (useSandbox) "e2e-app-id" else "YOUR_PARSE_APP_ID"
    val parseClientKey = if (useSandbox) "e2e-client-key" else "YOUR_PARSE_CLIENT_KEY"
}
