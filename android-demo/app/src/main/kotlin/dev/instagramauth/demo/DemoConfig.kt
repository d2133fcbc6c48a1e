package dev.instagramauth.demo

/**
 * What the demo needs to know, as the build derived it from android-demo/gradle.properties
 * (the `demo.*` settings: the only place they are written; app/build.gradle.kts turns them
 * into these BuildConfig fields and the redirect's manifest placeholders). None of it is
 * secret: the Instagram app secret lives in the Parse Cloud function (server/cloud/main.js).
 */
object DemoConfig {
    /**
     * Development: Instagram is the local sandbox and Parse a local Parse Server whose Cloud
     * Code talks to it, both started by scripts/dev-server.sh and reached from the emulator
     * or phone through `adb reverse` (android-demo/README.md).
     */
    val useSandbox: Boolean = BuildConfig.USE_SANDBOX

    /** Instagram app id (Meta App Dashboard); the sandbox's test app in development. */
    val instagramAppId: String = BuildConfig.INSTAGRAM_APP_ID

    /** The redirect the library's receiver takes (its intent filter comes from the same setting). */
    val redirectUri: String = BuildConfig.REDIRECT_URI

    /** Where the sign-in talks to Instagram: the sandbox in development, Instagram's own hosts (null) otherwise. */
    val instagramBaseUrl: String? = BuildConfig.INSTAGRAM_BASE_URL

    /** Parse Server (a local one in development, Back4App's otherwise). */
    val parseServerUrl: String = BuildConfig.PARSE_SERVER_URL

    /** Parse application id. */
    val parseAppId: String = BuildConfig.PARSE_APP_ID

    /** Parse client key (Back4App: App Settings > Security & Keys). */
    val parseClientKey: String = BuildConfig.PARSE_CLIENT_KEY
}
