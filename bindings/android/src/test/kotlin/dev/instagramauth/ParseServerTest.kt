package dev.instagramauth

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The Kotlin bindings against a real Parse Server: the code goes through the Parse Cloud
 * function (server/cloud/main.js) and the authData logs the user in. Started by
 * scripts/test-parse.sh, which provides SANDBOX_URL and PARSE_URL.
 */
class ParseServerTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val parse = System.getenv("PARSE_URL") ?: error("PARSE_URL is not set")
    private val http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

    @Test
    fun `sign in through the Cloud function and log in to Parse`() = runBlocking<Unit> {
        val auth = InstagramAuth(InstagramAuthConfig(clientId = "990602627938098", redirectUri = "https://app.example.com/auth/", baseUrl = sandbox))
        val pending = auth.startAuthorization(emptyList())
        val consent = http.send(
            HttpRequest.newBuilder(URI.create("${pending.authorizationUrl()}&sandbox_decision=allow")).build(),
            HttpResponse.BodyHandlers.discarding(),
        )
        val grant = auth.handleCallback(pending, consent.headers().firstValue("location").get())
        val backend = BackendExchange.parseCloudFunction(parse, "instagramExchange", "e2e-app-id", ParseApiKey.RestApiKey("e2e-rest-key"))
        val token = auth.exchangeCodeViaBackend(grant, backend)
        assertEquals("17841405793187219", token.userId())

        val login = http.send(
            HttpRequest.newBuilder(URI.create("$parse/users"))
                .header("X-Parse-Application-Id", "e2e-app-id")
                .header("X-Parse-REST-API-Key", "e2e-rest-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""{"authData":${token.authData().toJson()}}"""))
                .build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        // 200: the Python half of the test already created this Instagram user's Parse account.
        assertTrue(login.statusCode() == 200 || login.statusCode() == 201, login.body())
        assertTrue(Regex("\"sessionToken\":\"r:[0-9a-f]+\"").containsMatchIn(login.body()), login.body())
    }
}
