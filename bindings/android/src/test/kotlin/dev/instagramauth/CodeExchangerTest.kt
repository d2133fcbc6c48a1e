package dev.instagramauth

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.test.assertFailsWith
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * `startAuthorization` with [SignInOptions], `exchangeCodeWith` and an app's [CodeExchanger],
 * and the headers [HttpUrlConnectionClient] hands back, through the generated Kotlin
 * bindings against the local sandbox (SANDBOX_URL, started by scripts/test-kotlin.sh).
 */
class CodeExchangerTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val redirect = "https://app.example.com/auth/"
    private val browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()

    private fun auth(requestTimeoutMs: ULong = 5000uL, httpClient: dev.instagramauth.HttpClient = HttpUrlConnectionClient()) =
        InstagramAuth(
            InstagramAuthConfig(clientId = "990602627938098", redirectUri = redirect, baseUrl = sandbox, requestTimeoutMs = requestTimeoutMs),
            httpClient,
        )

    /** A real code: the consent page answered "allow", the callback checked. */
    private fun grant(auth: InstagramAuth): CodeGrant {
        val pending = auth.startAuthorization(emptyList())
        val request = HttpRequest.newBuilder(URI.create("${pending.authorizationUrl()}&sandbox_decision=allow")).build()
        val location = browser.send(request, HttpResponse.BodyHandlers.discarding()).headers().firstValue("location").get()
        return auth.handleCallback(pending, location)
    }

    /**
     * What an app's exchanger does with the Parse SDK, played with java.net.http against the
     * sandbox's Cloud function: the function's reply as it came, or only its result (what
     * `ParseCloud.callFunctionInBackground` hands the app), and Parse's error as `Refused`.
     */
    private inner class CloudCall(private val unwrap: Boolean) : CodeExchanger {
        override suspend fun exchangeCode(code: String, redirectUri: String): String {
            val request = HttpRequest.newBuilder(URI.create("${sandbox}sandbox/parse/functions/instagramExchange"))
                .header("X-Parse-Application-Id", "sandbox-parse-app-id")
                .header("X-Parse-REST-API-Key", "sandbox-parse-rest-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""{"code":"$code","redirect_uri":"$redirectUri"}"""))
                .build()
            val reply = try {
                withContext(Dispatchers.IO) { browser.send(request, HttpResponse.BodyHandlers.ofString()) }
            } catch (error: java.io.IOException) {
                throw CodeExchangerException.Unreachable(error.toString())
            }
            val body = reply.body()
            if (reply.statusCode() != 200) {
                val code = Regex("\"code\":(\\d+)").find(body)?.groupValues?.get(1)?.toInt() ?: -1
                throw CodeExchangerException.Refused(code, body)
            }
            assertTrue(body.startsWith("{\"result\":"), body)
            return if (unwrap) body.removePrefix("{\"result\":").removeSuffix("}") else body
        }
    }

    /** Answers with [answer], whatever it is given. */
    private class Answering(private val answer: suspend () -> String) : CodeExchanger {
        override suspend fun exchangeCode(code: String, redirectUri: String): String = answer()
    }

    private fun exchangeWith(exchanger: CodeExchanger, auth: InstagramAuth = auth()): TokenResponse =
        runBlocking { auth.exchangeCodeWith(grant(auth), exchanger) }

    @Test
    fun `sign-in options reach the consent URL and a restored sign-in keeps them`() {
        val auth = auth()
        val options = { pending: PendingAuthorization -> pending.authorizationUrl().substringAfter("&state=").substringAfter("&", "") }
        assertEquals("", options(auth.startAuthorization(emptyList())))
        assertEquals("", options(auth.startAuthorization(emptyList(), SignInOptions())))
        assertEquals("force_reauth=true", options(auth.startAuthorization(emptyList(), SignInOptions(forceReauth = true))))
        val all = auth.startAuthorization(
            listOf("instagram_business_basic"),
            SignInOptions(forceReauth = true, forceAuthentication = false, enableFbLogin = true),
        )
        assertEquals("force_reauth=true&force_authentication=0&enable_fb_login=1", options(all))
        val restored = auth.restoreAuthorization(all.toSavedString())
        assertEquals(all.authorizationUrl(), restored.authorizationUrl())
    }

    @Test
    fun `an exchanger's reply becomes the token, wrapped as a Cloud result or not`() {
        for (unwrap in listOf(false, true)) {
            val token = exchangeWith(CloudCall(unwrap))
            assertEquals("17841405793187219", token.userId(), "unwrap=$unwrap")
            assertTrue(token.accessToken().isNotEmpty())
        }
    }

    @Test
    fun `Unreachable, or any other exception from the app, is a Network error`() {
        val unreachable = assertFailsWith<InstagramAuthException.Network> {
            exchangeWith(Answering { throw CodeExchangerException.Unreachable("no network") })
        }
        assertTrue(unreachable.detail.contains("no network"), unreachable.detail)
        val crashed = assertFailsWith<InstagramAuthException.Network> {
            exchangeWith(Answering { throw IllegalStateException("the app's own bug") })
        }
        assertTrue(crashed.detail.contains("the app's own bug"), crashed.detail)
    }

    @Test
    fun `Refused is BackendRejected with the backend's code, without the code sent`() {
        // The Cloud function's own failure is Parse's 141 (a code spent is Instagram's
        // refusal, passed on as the result: ProviderRejected).
        val auth = auth()
        val grant = grant(auth)
        runBlocking { auth.exchangeCodeWith(grant, CloudCall(unwrap = false)) }
        val spent = assertFailsWith<InstagramAuthException.ProviderRejected> {
            runBlocking { auth.exchangeCodeWith(grant, CloudCall(unwrap = false)) }
        }
        assertEquals(400L, spent.code)
        val refused = assertFailsWith<InstagramAuthException.BackendRejected> {
            exchangeWith(Answering { throw CodeExchangerException.Refused(141, "code and redirect_uri are required") })
        }
        assertEquals(141L, refused.code)
        val parse = assertFailsWith<InstagramAuthException.BackendRejected> {
            exchangeWith(Answering { throw CodeExchangerException.Refused(209, "Invalid session token") })
        }
        assertEquals(209L, parse.code)
        assertEquals("Invalid session token", parse.backendMessage)
        assertTrue(parse.toString().contains("Invalid session token"), parse.toString())
    }

    @Test
    fun `a reply that is not a token is InvalidReply, Instagram's refusal inside it ProviderRejected`() {
        assertFailsWith<InstagramAuthException.InvalidReply> { exchangeWith(Answering { "{\"result\":\"ok\"}" }) }
        assertFailsWith<InstagramAuthException.InvalidReply> { exchangeWith(Answering { "<html>captive portal</html>" }) }
        val refused = assertFailsWith<InstagramAuthException.ProviderRejected> {
            exchangeWith(Answering { """{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}""" })
        }
        assertEquals(400L, refused.code)
    }

    @Test
    fun `a hung exchanger ends as Timeout at the request timeout`() {
        val started = System.nanoTime()
        assertFailsWith<InstagramAuthException.Timeout> {
            exchangeWith(Answering { awaitCancellation() }, auth(requestTimeoutMs = 500uL))
        }
        val tookMs = (System.nanoTime() - started) / 1_000_000
        assertTrue(tookMs in 500..5000, "took $tookMs ms")
    }

    /** Keeps every reply the shipped client hands back. */
    private class Recording(private val client: dev.instagramauth.HttpClient) : dev.instagramauth.HttpClient {
        val replies = mutableListOf<dev.instagramauth.HttpResponse>()
        override suspend fun send(request: dev.instagramauth.HttpRequest): dev.instagramauth.HttpResponse =
            client.send(request).also { synchronized(replies) { replies.add(it) } }
    }

    @Test
    fun `HttpUrlConnectionClient hands back the reply's headers`() = runBlocking<Unit> {
        val recording = Recording(HttpUrlConnectionClient())
        val auth = auth(httpClient = recording)
        auth.exchangeCodeWithClientSecret(grant(auth), "sandbox-app-secret-eb8c7")
        val headers = recording.replies.single().headers
        val contentType = headers.filter { it.name.equals("Content-Type", ignoreCase = true) }
        assertEquals(1, contentType.size, headers.toString())
        assertTrue(contentType.single().value.startsWith("application/json"), contentType.toString())
        assertTrue(headers.any { it.name.equals("Content-Length", ignoreCase = true) }, headers.toString())
        assertFalse(headers.any { it.name.isEmpty() }, "the status line is not a header: $headers")
    }
}
