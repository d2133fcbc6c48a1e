package dev.instagramauth

import kotlin.test.assertFailsWith
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Issue 25 and 22 in Kotlin: what Instagram's refusals ask the app to do (sign in again,
 * slow down, ask for a permission), Meta's text for the user, and a backend's own refusal,
 * each as its own InstagramAuthException with a human toString(). Graph's answers come
 * from an app HttpClient that replies as graph.instagram.com does; the backend's from the
 * sandbox's Parse stand-in (SANDBOX_URL).
 */
class RefusalsTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val config = InstagramAuthConfig(clientId = "990602627938098", redirectUri = "https://app.example.com/auth/")

    /** Answers every request with `status` and `body`, from the page it was asked for. */
    private class Graph(private val status: Int, private val body: String) : HttpClient {
        override suspend fun send(request: HttpRequest): HttpResponse =
            HttpResponse(status.toUShort(), body.toByteArray(), request.url())
    }

    private fun refusal(code: Int, extra: String = ""): InstagramAuthException {
        val body = """{"error":{"message":"m","type":"OAuthException","code":$code$extra,"fbtrace_id":"T"}}"""
        val auth = InstagramAuth(config, Graph(400, body))
        return assertFailsWith<InstagramAuthException> { runBlocking { auth.fetchProfile("IGAAsecret-token") } }
    }

    @Test
    fun `code 190 asks for a new sign-in, with Meta's text for the user`() {
        val expired = refusal(190, ""","error_subcode":460,"error_user_title":"Password changed","error_user_msg":"Sign in again to continue."""")
        assertTrue(expired is InstagramAuthException.ReauthenticationRequired, "$expired")
        expired as InstagramAuthException.ReauthenticationRequired
        assertEquals(460L, expired.subcode)
        assertEquals("Password changed", expired.userTitle)
        assertEquals("Sign in again to continue.", expired.userMessage)
        assertEquals("Instagram no longer accepts this sign-in; sign in again: m (OAuthException, code 190, subcode 460)", expired.toString())
        assertFalse(expired.toString().contains("IGAAsecret"))
    }

    @Test
    fun `throttling codes are RateLimited`() {
        for (code in listOf(4, 17, 32, 613, 80002)) {
            val throttled = refusal(code)
            assertTrue(throttled is InstagramAuthException.RateLimited, "$code: $throttled")
            throttled as InstagramAuthException.RateLimited
            assertEquals(code.toLong(), throttled.code)
            assertNull(throttled.retryAfterMs, "no usage headers, no wait")
            assertTrue(throttled.toString().startsWith("Instagram's rate limit was reached; retry later"), throttled.toString())
        }
    }

    @Test
    fun `permission codes are PermissionMissing, anything else stays ProviderRejected`() {
        for (code in listOf(10, 200, 299)) {
            val forbidden = refusal(code)
            assertTrue(forbidden is InstagramAuthException.PermissionMissing, "$code: $forbidden")
            assertEquals(code.toLong(), (forbidden as InstagramAuthException.PermissionMissing).code)
            assertTrue(forbidden.toString().startsWith("a permission the request needs is missing"), forbidden.toString())
        }
        val other = refusal(100, ""","error_user_msg":"Try again later."""")
        assertTrue(other is InstagramAuthException.ProviderRejected, "$other")
        other as InstagramAuthException.ProviderRejected
        assertEquals(100L, other.code)
        assertNull(other.userTitle)
        assertEquals("Try again later.", other.userMessage)
    }

    @Test
    fun `a backend without its keys is the backend's refusal, naming where and the Parse headers`() {
        val auth = InstagramAuth(config.copy(baseUrl = sandbox))
        val pending = auth.startAuthorization(emptyList())
        val state = pending.authorizationUrl().substringAfter("state=")
        val grant = auth.handleCallback(pending, "https://app.example.com/auth/?code=AQcode&state=$state#_")
        val wrongKey = BackendExchange.parseCloudFunction(
            serverUrl = "${sandbox}sandbox/parse",
            functionName = "instagramExchange",
            applicationId = "sandbox-parse-app-id",
            key = ParseApiKey.RestApiKey("not-the-rest-key-93"),
        )
        val refused = assertFailsWith<InstagramAuthException.BackendRejected> { runBlocking { auth.exchangeCodeViaBackend(grant, wrongKey) } }
        assertEquals(401.toUShort(), refused.httpStatus)
        val text = refused.toString()
        assertTrue(text.startsWith("the backend at ${sandbox}sandbox/parse/functions/instagramExchange refused the request (HTTP 401)"), text)
        assertTrue(text.contains("X-Parse-Application-Id") && text.contains("X-Parse-REST-API-Key"), text)
        assertFalse(text.contains("not-the-rest-key-93") || text.contains("AQcode"), text)
    }

    @Test
    fun `authData carries the professional account id of the same user's profile`() {
        val me = """{"id":"17841405793187219","user_id":"17841400008460057","username":"a"}"""
        val profile = runBlocking { InstagramAuth(config, Graph(200, me)).fetchProfile("IGAAtoken") }
        assertEquals("17841405793187219", profile.id)
        assertEquals("17841400008460057", profile.userId)
        val data = ParseAuthData("17841405793187219", "IGAAtoken").withProfile(profile)
        assertEquals(mapOf("id" to "17841405793187219", "access_token" to "IGAAtoken", "user_id" to "17841400008460057"), data.toMap())
        assertFailsWith<InstagramAuthException.Configuration> { ParseAuthData("1", "IGAAtoken").withProfile(profile) }
    }
}
