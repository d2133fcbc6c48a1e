package dev.instagramauth.demo.flow

import dev.instagramauth.BackendExchange
import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthConfig
import dev.instagramauth.ParseApiKey
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The demo app's sign-in flow on the JVM, with the real bindings and the sandbox (its
 * development backend stands in for the Parse Cloud function). Only the Android pieces are
 * replaced: SharedPreferences by a map, the Parse SDK by a recorder.
 */
class SignInFlowTest {
    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")

    private class MemoryStore : PendingStore {
        var value: String? = null
        override fun save(saved: String) { value = saved }
        override fun load() = value
        override fun clear() { value = null }
    }

    private class RecordingParse(private val refuse: Boolean = false) : ParseSession {
        val logins = mutableListOf<Pair<String, Map<String, String>>>()
        override suspend fun logIn(provider: String, authData: Map<String, String>): String {
            if (refuse) throw ParseLoginException("Instagram auth is invalid for this user.")
            logins += provider to authData
            return "parseUser42"
        }
        override suspend fun logOut() {}
    }

    private fun flow(store: PendingStore = MemoryStore(), parse: ParseSession = RecordingParse(), backendUrl: String? = null): SignInFlow {
        val auth = InstagramAuth(InstagramAuthConfig(clientId = "990602627938098", redirectUri = "igauthdemo://auth/callback", baseUrl = sandbox))
        val backend = if (backendUrl != null) {
            BackendExchange(backendUrl, emptyMap())
        } else {
            BackendExchange.parseCloudFunction("${sandbox}sandbox/parse", "instagramExchange", "sandbox-parse-app-id", ParseApiKey.RestApiKey("sandbox-parse-rest-key"))
        }
        return SignInFlow(auth, backend, store, parse)
    }

    /** The user in Custom Tabs: answers the consent page; returns the redirect. */
    private fun browser(url: String, decision: String = "allow"): String {
        val client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        val response = client.send(HttpRequest.newBuilder(URI.create("$url&sandbox_decision=$decision")).build(), HttpResponse.BodyHandlers.discarding())
        return response.headers().firstValue("location").get()
    }

    @Test
    fun `sign in ends with the Parse user and the Instagram profile`() = runBlocking {
        val parse = RecordingParse()
        val store = MemoryStore()
        val flow = flow(store, parse)
        val url = flow.start()!!
        assertEquals(SignInState.WaitingForBrowser, flow.state.value)
        assertTrue(store.value != null, "saved before the browser opens")
        flow.complete(browser(url))
        val signedIn = flow.state.value as SignInState.SignedIn
        assertEquals("parseUser42", signedIn.parseUserId)
        assertEquals("sandbox.creator", signedIn.username)
        assertTrue(signedIn.profilePictureUrl!!.endsWith("sandbox/avatar.png"))
        assertEquals("instagram", parse.logins.single().first)
        assertEquals("17841405793187219", parse.logins.single().second["id"])
        assertNull(store.value, "nothing left pending")
    }

    @Test
    fun `a relaunched app finishes the sign-in it started before being killed`() = runBlocking {
        val store = MemoryStore()
        val url = flow(store).start()!!
        val relaunched = flow(store)
        assertTrue(relaunched.hasPendingSignIn())
        relaunched.complete(browser(url))
        assertTrue(relaunched.state.value is SignInState.SignedIn, "${relaunched.state.value}")
    }

    @Test
    fun `cancel on Instagram returns to signed out without an error`() = runBlocking {
        val flow = flow()
        flow.complete(browser(flow.start()!!, "deny"))
        assertEquals(SignInState.SignedOut, flow.state.value)
        assertFalse(flow.hasPendingSignIn())
    }

    @Test
    fun `a link from another sign-in is ignored and the real one still works`() = runBlocking {
        val store = MemoryStore()
        val flow = flow(store)
        val foreign = browser(flow(MemoryStore()).start()!!)
        val url = flow.start()!!
        val saved = store.value
        flow.complete(foreign)
        assertEquals(SignInState.StillOpen("That link isn't the answer to your sign-in, which is still open.", url), flow.state.value)
        assertEquals(saved, store.value, "the sign-in stays saved")
        assertEquals(url, flow.resume(), "the user goes back to the same consent page")
        assertEquals(SignInState.WaitingForBrowser, flow.state.value)
        flow.complete(browser(url))
        assertTrue(flow.state.value is SignInState.SignedIn, "${flow.state.value}")
    }

    @Test
    fun `a stray cancel link without the state or at another address ends nothing`() = runBlocking {
        val store = MemoryStore()
        val flow = flow(store)
        val url = flow.start()!!
        for (stray in listOf(
            "igauthdemo://auth/callback?error=access_denied&error_description=Call+0800+123",
            "igauthdemo://elsewhere/?code=x&state=y",
            "not a link",
        )) {
            flow.complete(stray)
            assertTrue(flow.state.value is SignInState.StillOpen, "$stray: ${flow.state.value}")
            assertTrue(flow.hasPendingSignIn(), stray)
        }
        flow.complete(browser(url))
        assertTrue(flow.state.value is SignInState.SignedIn, "${flow.state.value}")
    }

    @Test
    fun `cancel after a stray link ends the sign-in`() = runBlocking {
        val flow = flow()
        flow.start()
        flow.complete("not a link")
        assertTrue(flow.state.value is SignInState.StillOpen, "${flow.state.value}")
        flow.cancel()
        assertEquals(SignInState.SignedOut, flow.state.value)
        assertFalse(flow.hasPendingSignIn())
    }

    @Test
    fun `no backend is a friendly network message`() = runBlocking {
        val flow = flow(backendUrl = "http://127.0.0.1:9/functions/instagramExchange")
        flow.complete(browser(flow.start()!!))
        assertEquals(SignInState.Failed("Instagram can't be reached. Check your connection and try again."), flow.state.value)
    }

    @Test
    fun `Parse refusing the login is reported`() = runBlocking {
        val flow = flow(parse = RecordingParse(refuse = true))
        flow.complete(browser(flow.start()!!))
        assertEquals(SignInState.Failed("Parse could not log you in: Instagram auth is invalid for this user."), flow.state.value)
    }

    @Test
    fun `a callback without a sign-in in progress is refused`() = runBlocking {
        val flow = flow()
        flow.complete("igauthdemo://auth/callback?code=x&state=y")
        assertTrue(flow.state.value is SignInState.Failed)
    }
}
