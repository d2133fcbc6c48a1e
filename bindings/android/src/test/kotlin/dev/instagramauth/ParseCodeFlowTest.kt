package dev.instagramauth

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The code flow through the Kotlin bindings: the grant of a real callback, as
 * `CodeGrant.parseAuthData()` gives it, logs in to a Parse Server that exchanges the code itself
 * (parse-server 9.10 with server/upstream/instagram-code-flow.lib.patch). Started by
 * scripts/test-parse.sh after server/test/code-flow.e2e.js, which provides PATCHED_URL and
 * SANDBOX_URL.
 */
class ParseCodeFlowTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val parse = System.getenv("PATCHED_URL") ?: error("PATCHED_URL is not set")
    private val http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
    private val keys = arrayOf("X-Parse-Application-Id", "e2e-app-id", "X-Parse-REST-API-Key", "e2e-rest-key")

    private fun logIn(authData: String): HttpResponse<String> = http.send(
        HttpRequest.newBuilder(URI.create("$parse/users")).headers(*keys, "Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("""{"authData":$authData}""")).build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    @Test
    fun `the grant's authData logs in, Parse takes the id from Instagram and spends the code`() {
        val auth = InstagramAuth(InstagramAuthConfig(clientId = "990602627938098", redirectUri = "https://app.example.com/auth/", baseUrl = sandbox))
        val pending = auth.startAuthorization(emptyList())
        val consent = http.send(
            HttpRequest.newBuilder(URI.create("${pending.authorizationUrl()}&sandbox_decision=allow")).build(),
            HttpResponse.BodyHandlers.discarding(),
        )
        val authData = auth.handleCallback(pending, consent.headers().firstValue("location").get()).parseAuthData()
        assertEquals("instagram", authData.provider())
        assertEquals(setOf("code", "redirect_uri"), authData.toMap().keys)
        assertFalse(authData.toString().contains(authData.toMap().getValue("code")), authData.toString())

        val login = logIn(authData.toJson())
        assertTrue(login.statusCode() == 200 || login.statusCode() == 201, login.body())
        val session = Regex("\"sessionToken\":\"(r:[0-9a-f]+)\"").find(login.body())?.groupValues?.get(1)
            ?: error("no session token: ${login.body()}")
        // Parse took the id from Instagram (the sandbox's first test user), not from the app.
        val me = http.send(
            HttpRequest.newBuilder(URI.create("$parse/users/me")).headers(*keys, "X-Parse-Session-Token", session).build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        assertTrue(me.body().contains("\"instagram\":{\"id\":\"17841405793187219\"}"), me.body())

        // Parse's own exchange spent the code: it cannot log in a second time.
        val again = logIn(authData.toJson())
        assertEquals(404, again.statusCode(), again.body())
        assertTrue(again.body().contains("\"code\":101"), again.body())
    }
}
