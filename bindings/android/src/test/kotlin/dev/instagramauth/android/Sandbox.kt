package dev.instagramauth.android

import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthConfig
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The local Instagram sandbox (SANDBOX_URL) playing Instagram, and its user at the consent page. */
object Sandbox {
    val url: String = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set (scripts/test-android-framework.sh starts a sandbox)")
    const val APP_ID = "990602627938098"
    const val REDIRECT_URI = "https://app.example.com/auth/"
    const val CREATOR_ID = "17841405793187219"

    private val browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

    /** The app's configuration against the sandbox; requests go through HttpURLConnection, as on Android. */
    fun auth() = InstagramAuth(InstagramAuthConfig(clientId = APP_ID, redirectUri = REDIRECT_URI, baseUrl = url))

    /**
     * The user answers the consent page at [authorizationUrl] ("allow" or "deny", as
     * [user]); returns the redirect Instagram sends the browser to.
     */
    fun consent(authorizationUrl: String, decision: String = "allow", user: String = "sandbox.creator"): String {
        val request = HttpRequest.newBuilder(URI.create("$authorizationUrl&sandbox_decision=$decision&sandbox_user=$user")).build()
        val reply = browser.send(request, HttpResponse.BodyHandlers.discarding())
        return reply.headers().firstValue("location").orElseThrow { AssertionError("no redirect from the consent page: HTTP ${reply.statusCode()}") }
    }
}
