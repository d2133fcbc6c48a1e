package dev.instagramauth

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.test.assertFailsWith
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The whole sign-in through the generated Kotlin bindings, against the local Instagram
 * sandbox (started by scripts/test-kotlin.sh; its base URL arrives in SANDBOX_URL).
 * This is the Kotlin that runs on Android; here it runs on the JVM over JNA.
 */
class InstagramAuthTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val redirect = "https://app.example.com/auth/"
    private val userId = "17841405793187219"

    private fun auth(pendingLifetimeMs: ULong? = null, baseUrl: String = sandbox) =
        InstagramAuth(
            InstagramAuthConfig(
                clientId = "990602627938098",
                redirectUri = redirect,
                baseUrl = baseUrl,
                pendingLifetimeMs = pendingLifetimeMs,
                requestTimeoutMs = 5000uL,
            ),
        )

    /** The sandbox's stand-in for the app's Parse Cloud function. */
    private fun backend() = BackendExchange.parseCloudFunction(
        serverUrl = "${sandbox}sandbox/parse",
        functionName = "instagramExchange",
        applicationId = "sandbox-parse-app-id",
        key = ParseApiKey.RestApiKey("sandbox-parse-rest-key"),
    )

    /** Plays the browser: answers the consent page and returns where Instagram redirects. */
    private fun consent(pending: PendingAuthorization, decision: String = "allow"): String {
        val browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        val request = HttpRequest.newBuilder(URI.create("${pending.authorizationUrl()}&sandbox_decision=$decision")).build()
        val response = browser.send(request, HttpResponse.BodyHandlers.discarding())
        assertEquals(302, response.statusCode(), "the sandbox refused the authorization request")
        return response.headers().firstValue("location").get()
    }

    private fun codeFrom(auth: InstagramAuth): CodeGrant {
        val pending = auth.startAuthorization(emptyList())
        return auth.handleCallback(pending, consent(pending))
    }

    @Test
    fun `authorization URL carries the app, the redirect, the scopes and a fresh state`() {
        val auth = auth()
        val first = auth.startAuthorization(listOf("instagram_business_basic", "instagram_business_manage_comments", "instagram_business_basic"))
        val second = auth.startAuthorization(emptyList())
        val url = first.authorizationUrl()
        assertTrue(url.startsWith("${sandbox}oauth/authorize?client_id=990602627938098&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2F&response_type=code"), url)
        assertTrue(url.contains("&scope=instagram_business_basic%2Cinstagram_business_manage_comments&state="), url)
        assertEquals(listOf("instagram_business_basic", "instagram_business_manage_comments"), first.scopes())
        assertEquals(listOf("instagram_business_basic"), second.scopes())
        assertNotEquals(url.substringAfter("state="), second.authorizationUrl().substringAfter("state="))
        assertEquals(64, url.substringAfter("state=").length)
    }

    @Test
    fun `whole sign-in through the backend ends in Parse authData`() = runBlocking<Unit> {
        val auth = auth()
        val pending = auth.startAuthorization(listOf("instagram_business_basic"))
        val callback = consent(pending)
        assertTrue(callback.startsWith("$redirect?code=") && callback.endsWith("#_"), callback)
        val grant = auth.handleCallback(pending, callback)
        assertEquals(redirect, grant.redirectUri())

        val token = auth.exchangeCodeViaBackend(grant, backend())
        assertEquals(userId, token.userId())
        assertEquals(listOf("instagram_business_basic"), token.permissions())

        val profile = auth.fetchProfile(token.accessToken())
        assertEquals(userId, profile.id)
        assertEquals("sandbox.creator", profile.username)

        val authData = token.authData()
        assertEquals("instagram", authData.provider())
        assertEquals(mapOf("id" to userId, "access_token" to token.accessToken()), authData.toMap())
        assertEquals("""{"instagram":{"access_token":"${token.accessToken()}","id":"$userId"}}""", authData.toJson())
    }

    @Test
    fun `direct exchange with the app secret, for servers and the sandbox`() = runBlocking<Unit> {
        val auth = auth()
        val token = auth.exchangeCodeWithClientSecret(codeFrom(auth), "sandbox-app-secret-eb8c7")
        assertEquals(userId, token.userId())
    }

    @Test
    fun `a saved sign-in is finished by a relaunched app`() = runBlocking<Unit> {
        val saved = auth().startAuthorization(emptyList()).toSavedString()
        // The process dies while the browser is open; a new one restores and finishes.
        val relaunched = auth()
        val pending = relaunched.restoreAuthorization(saved)
        val grant = relaunched.handleCallback(pending, consent(pending))
        assertEquals(userId, relaunched.exchangeCodeViaBackend(grant, backend()).userId())

        assertFailsWith<InstagramAuthException.InvalidSavedAuthorization> { relaunched.restoreAuthorization("{not saved}") }
    }

    @Test
    fun `cancel on the consent page throws AccessDenied with Instagram's reason`() {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val denied = assertFailsWith<InstagramAuthException.AccessDenied> { auth.handleCallback(pending, consent(pending, "deny")) }
        assertEquals("user_denied", denied.errorReason)
        assertEquals("The user denied your request", denied.errorDescription)
        assertEquals("the user declined to sign in with Instagram", denied.toString())
    }

    @Test
    fun `another sign-in's callback is a StrayCallback and leaves this one open`() {
        val auth = auth()
        val mine = auth.startAuthorization(emptyList())
        val other = auth.startAuthorization(emptyList())
        val stray = assertFailsWith<InstagramAuthException.StrayCallback> { auth.handleCallback(mine, consent(other)) }
        assertEquals(StrayCallbackReason.STATE_MISMATCH, stray.reason)
        auth.handleCallback(mine, consent(mine))
    }

    @Test
    fun `a denial without this sign-in's state is a StrayCallback that shows nothing of the link`() {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val forged = "$redirect?error=access_denied&error_reason=user_denied&error_description=Call+0800+123"
        val stray = assertFailsWith<InstagramAuthException.StrayCallback> { auth.handleCallback(pending, forged) }
        assertEquals(StrayCallbackReason.MISSING_STATE, stray.reason)
        assertFalse(stray.toString().contains("0800"), stray.toString())
        auth.handleCallback(pending, consent(pending))
    }

    @Test
    fun `this sign-in's callback without a code ends it with MissingCode`() {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val state = pending.authorizationUrl().substringAfter("state=")
        assertFailsWith<InstagramAuthException.MissingCode> { auth.handleCallback(pending, "$redirect?state=$state") }
        assertFailsWith<InstagramAuthException.AlreadyUsed> { auth.handleCallback(pending, consent(pending)) }
    }

    @Test
    fun `an expired sign-in throws Expired`() {
        val auth = auth(pendingLifetimeMs = 0uL)
        val pending = auth.startAuthorization(emptyList())
        assertFailsWith<InstagramAuthException.Expired> { auth.handleCallback(pending, consent(pending)) }
    }

    @Test
    fun `a callback is accepted once`() {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val callback = consent(pending)
        auth.handleCallback(pending, callback)
        assertFailsWith<InstagramAuthException.AlreadyUsed> { auth.handleCallback(pending, callback) }
    }

    @Test
    fun `foreign or broken links are StrayCallbacks`() {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val notAUrl = assertFailsWith<InstagramAuthException.StrayCallback> { auth.handleCallback(pending, "not a url") }
        assertEquals(StrayCallbackReason.MALFORMED, notAUrl.reason)
        val elsewhere = assertFailsWith<InstagramAuthException.StrayCallback> { auth.handleCallback(pending, "https://evil.example/auth/?code=x&state=y") }
        assertEquals(StrayCallbackReason.WRONG_REDIRECT_URI, elsewhere.reason)
        auth.handleCallback(pending, consent(pending))
    }

    @Test
    fun `a tampered saved sign-in is refused`() {
        val saved = auth().startAuthorization(emptyList()).toSavedString()
        for (tampered in listOf(
            saved.replace("https://app.example.com/auth/", "https://evil.example/auth/"),
            saved.replace("\"response_type\":\"code\"", "\"response_type\":\"token\""),
            saved.replace(Regex("\"created_at\":\\d+"), "\"created_at\":4102444800"),
        )) {
            assertTrue(tampered != saved, tampered)
            assertFailsWith<InstagramAuthException.InvalidSavedAuthorization> { auth().restoreAuthorization(tampered) }
        }
    }

    @Test
    fun `a spent code refused through the sandbox's Parse stand-in is Instagram's refusal`() = runBlocking<Unit> {
        val auth = auth()
        val grant = codeFrom(auth)
        auth.exchangeCodeViaBackend(grant, backend())
        // The stand-in passes Instagram's refusal on as the function's result, as
        // server/cloud/main.js does, so the library reads Instagram's own refusal.
        val rejected = assertFailsWith<InstagramAuthException.ProviderRejected> { runBlocking { auth.exchangeCodeViaBackend(grant, backend()) } }
        assertEquals(400L, rejected.code, "Instagram's code")
        assertTrue(rejected.detail.contains("Matching code was not found or was already used"), rejected.detail)
    }

    @Test
    fun `an invalid token is Graph error 190, a new sign-in`() {
        val rejected = assertFailsWith<InstagramAuthException.ReauthenticationRequired> { runBlocking { auth().fetchProfile("IGAAforged") } }
        assertTrue(rejected.detail.contains("code 190"), rejected.detail)
    }

    @Test
    fun `no server is a Network error`() {
        val grant = codeFrom(auth())
        val offline = auth(baseUrl = "http://127.0.0.1:9/")
        assertFailsWith<InstagramAuthException.Network> { runBlocking { offline.exchangeCodeViaBackend(grant, BackendExchange("http://127.0.0.1:9/exchange", emptyMap())) } }
    }

    @Test
    fun `bad configuration throws Configuration`() {
        assertFailsWith<InstagramAuthException.Configuration> {
            InstagramAuth(InstagramAuthConfig(clientId = "1", redirectUri = redirect, baseUrl = "http://instagram.example/"))
        }
        assertFailsWith<InstagramAuthException.Configuration> { auth().startAuthorization(listOf("two words")) }
        assertFailsWith<InstagramAuthException.Configuration> { BackendExchange("https://x.example/", mapOf("bad header" to "v")) }
    }

    @Test
    fun `toString never shows a secret`() = runBlocking<Unit> {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val state = pending.authorizationUrl().substringAfter("state=")
        val grant = auth.handleCallback(pending, consent(pending))
        val token = auth.exchangeCodeViaBackend(grant, backend())
        val printed = listOf(pending, grant, token, token.authData(), backend()).joinToString(" ")
        for (secret in listOf(state, token.accessToken(), "sandbox-parse-rest-key")) {
            assertFalse(printed.contains(secret), printed)
        }
        assertTrue(printed.contains("[redacted]"))
    }

    @Test
    fun `authData for a token from elsewhere`() {
        val data = ParseAuthData("17841405793187218", "IGQVJ")
        assertEquals(mapOf("id" to "17841405793187218", "access_token" to "IGQVJ"), data.toMap())
        assertFailsWith<InstagramAuthException.Configuration> { ParseAuthData("", "IGQVJ") }
    }
}
