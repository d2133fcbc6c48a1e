package dev.instagramauth.demo

import dev.instagramauth.ParseApiKey

/**
 * Everything the demo needs to know, in one place. None of it is secret: the Instagram app
 * secret lives in the Parse Cloud function (server/cloud/main.js), never in the app.
 */
object DemoConfig {
    /**
     * Development mode: sign in against the local sandbox (`igauth sandbox --port 8910`
     * on your computer, then `adb reverse tcp:8910 tcp:8910`) instead of Instagram.
     */
    const val USE_SANDBOX = true

    const val SANDBOX_URL = "http://127.0.0.1:8910/"

    /** Instagram app id (Meta App Dashboard); the sandbox's test app in development. */
    val instagramAppId = if (USE_SANDBOX) "990602627938098" else "YOUR_INSTAGRAM_APP_ID"

    /** Instagram refuses custom schemes; the App Link below must be registered with Instagram. */
    val redirectUri = if (USE_SANDBOX) "igauthdemo://auth/callback" else "https://app.example.com/auth/"

    /** Parse / Back4App (client key: Back4App → App Settings → Security & Keys). */
    const val PARSE_SERVER_URL = "https://parseapi.back4app.com/"
    const val PARSE_APP_ID = "YOUR_PARSE_APP_ID"
    const val PARSE_CLIENT_KEY = "YOUR_PARSE_CLIENT_KEY"

    /** The Cloud function that exchanges the code; the sandbox plays it in development. */
    val exchangeServerUrl = if (USE_SANDBOX) "${SANDBOX_URL}sandbox/parse" else PARSE_SERVER_URL
    val exchangeAppId = if (USE_SANDBOX) "sandbox-parse-app-id" else PARSE_APP_ID
    /** The sandbox checks a REST API key; Back4App takes the app's Client Key as one. */
    val exchangeKey = if (USE_SANDBOX) ParseApiKey.RestApiKey("sandbox-parse-rest-key") else ParseApiKey.ClientKey(PARSE_CLIENT_KEY)
    const val EXCHANGE_FUNCTION = "instagramExchange"
}
