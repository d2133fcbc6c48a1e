package dev.instagramauth.parse

import android.content.Intent
import android.net.Uri
import android.os.Looper
import com.parse.Parse
import com.parse.ParseException
import com.parse.ParseUser
import dev.instagramauth.CodeExchangerException
import dev.instagramauth.CodeGrant
import dev.instagramauth.InstagramAuthException
import dev.instagramauth.ParseAuthData
import dev.instagramauth.android.InstagramSignInActivity
import dev.instagramauth.android.InstagramSignInException
import dev.instagramauth.android.Sandbox
import dev.instagramauth.android.TestDevice
import java.io.File
import java.util.UUID
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.FixMethodOrder
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.MethodSorters
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * [ParseInstagramUtils] with the real Parse Android SDK (1.17.3, Maven Central's newest)
 * against a real Parse Server 9.10 whose Cloud function exchanges codes with the sandbox
 * (PARSE_URL, SANDBOX_URL: scripts/test-parse.sh). The SDK is set up as an app does: an
 * application id and a client key, nothing else; the exchange needs no key of the app's.
 * The tests run in name order, as one user's story.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
class ParseInstagramUtilsTest {
    private val app = RuntimeEnvironment.getApplication()

    @Before
    fun parseAndChrome() {
        TestDevice.install(TestDevice.CHROME)
        // The SDK sends the app's version in a header; Robolectric's test app has none.
        shadowOf(app.packageManager).getInternalMutablePackageInfo(app.packageName).versionName = "1.0"
        synchronized(Companion) {
            if (!ParseInstagramUtils.isInitialized()) {
                Parse.initialize(
                    Parse.Configuration.Builder(app)
                        .applicationId("e2e-app-id")
                        .clientKey("e2e-client-key")
                        .server("${System.getenv("PARSE_URL")!!.trimEnd('/')}/")
                        .build(),
                )
                ParseInstagramUtils.initialize(app, Sandbox.auth())
            }
        }
    }

    /** The whole browser part, as [ParseInstagramUtils.startSignIn] starts it: [user] allows; the activity result. */
    private fun signIn(user: String): Pair<Int, Intent?> {
        val controller = Robolectric.buildActivity(InstagramSignInActivity::class.java, ParseInstagramUtils.createSignInIntent()).setup()
        val consentPage = shadowOf(controller.get()).nextStartedActivity.data.toString()
        controller.pause().stop()
        controller.newIntent(Intent(app, InstagramSignInActivity::class.java).setData(Uri.parse(Sandbox.consent(consentPage, user = user))))
        controller.restart().resume()
        return shadowOf(controller.get()).run { resultCode to resultIntent }
    }

    /** A grant for [user] without the activities. */
    private fun grant(user: String = BUSINESS): CodeGrant {
        val auth = Sandbox.auth()
        val pending = auth.startAuthorization(emptyList())
        return auth.handleCallback(pending, Sandbox.consent(pending.authorizationUrl(), user = user))
    }

    /**
     * Runs [block] off the main thread while the test (Robolectric's main thread) runs the
     * main looper, where the Parse SDK delivers its callbacks.
     */
    private fun <T> await(block: suspend () -> T): T {
        val result = CompletableFuture<T>()
        CoroutineScope(Dispatchers.IO).launch {
            try {
                result.complete(block())
            } catch (error: Throwable) {
                result.completeExceptionally(error)
            }
        }
        val deadline = System.nanoTime() + 30_000_000_000L
        while (!result.isDone) {
            shadowOf(Looper.getMainLooper()).idle()
            Thread.sleep(5)
            check(System.nanoTime() < deadline) { "no answer from Parse within 30 s" }
        }
        return try {
            result.get()
        } catch (error: ExecutionException) {
            throw error.cause!!
        }
    }

    private fun logIn(user: String): ParseUser = signIn(user).let { (code, data) -> await { ParseInstagramUtils.logIn(code, data) } }

    @Test
    fun `1 a new Instagram account signs up a new Parse user`() {
        // Other suites of scripts/test-parse.sh may have linked the account: free it first.
        val earlier = logIn(BUSINESS)
        await { ParseInstagramUtils.unlink(earlier) }
        ParseUser.logOut()

        val user = logIn(BUSINESS)
        assertTrue("a new user", user.isNew)
        assertTrue(user.sessionToken.startsWith("r:"))
        assertTrue(ParseInstagramUtils.isLinked(user))
        assertNotEquals(earlier.objectId, user.objectId)
        assertEquals(user.objectId, ParseUser.getCurrentUser().objectId)
        firstUserId = user.objectId
    }

    @Test
    fun `2 the same account again logs in the same user`() {
        val again = logIn(BUSINESS)
        assertFalse(again.isNew)
        assertEquals(firstUserId, again.objectId)
    }

    @Test
    fun `3 unlink removes Instagram from the user, on the server too`() {
        val user = ParseUser.getCurrentUser()
        await { ParseInstagramUtils.unlink(user) }
        assertFalse(ParseInstagramUtils.isLinked(user))
        val stored: ParseUser = await { user.fetch() }
        assertFalse(ParseInstagramUtils.isLinked(stored))
    }

    @Test
    fun `4 link adds Instagram to a user who signed up with a password`() {
        ParseUser.logOut()
        val member = ParseUser().apply {
            username = "member-${UUID.randomUUID()}"
            setPassword("a long password")
        }
        await { member.signUp() }
        val (code, data) = signIn(BUSINESS)
        await { ParseInstagramUtils.link(member, code, data) }
        assertTrue(ParseInstagramUtils.isLinked(member))
        ParseUser.logOut()
        assertEquals("Instagram now logs in the member", member.objectId, logIn(BUSINESS).objectId)
    }

    @Test
    fun `5 authData with a forged id is refused by Parse Server with code 101`() {
        val token = await { Sandbox.auth().exchangeCodeWith(grant(), ParseCloudExchanger()) }
        val forged = ParseAuthData(Sandbox.CREATOR_ID, token.accessToken()) // the business account's token
        val error = assertThrows(ParseException::class.java) {
            await { ParseUserTasks.logInWith(ParseInstagramUtils.AUTH_TYPE, forged.toMap()) }
        }
        assertEquals(ParseException.OBJECT_NOT_FOUND, error.code)
    }

    @Test
    fun `6 the exchange goes through ParseCloud with the SDK's own keys`() {
        val token = await { Sandbox.auth().exchangeCodeWith(grant(), ParseCloudExchanger()) }
        assertEquals(BUSINESS_ID, token.userId())
        assertTrue(token.accessToken().startsWith("IGAA"))
    }

    @Test
    fun `7 the Cloud function's refusal is the backend's, with Parse's code, and Instagram's stays Instagram's`() {
        // A redirect URI the server does not list: the function's own failure.
        val refused = assertThrows(CodeExchangerException.Refused::class.java) {
            await { ParseCloudExchanger().exchangeCode("AQnever-issued", "https://elsewhere.example/auth/") }
        }
        assertEquals(ParseException.SCRIPT_ERROR, refused.code)
        val rejected = assertThrows(InstagramAuthException.BackendRejected::class.java) {
            await { Sandbox.auth().exchangeCodeWith(grant(), ParseCloudExchanger("noSuchFunction")) }
        }
        assertEquals(ParseException.SCRIPT_ERROR.toLong(), rejected.code)
        // A spent code: the function passes Instagram's refusal on as its result.
        val spent = grant()
        await { Sandbox.auth().exchangeCodeWith(spent, ParseCloudExchanger()) }
        val again = assertThrows(InstagramAuthException.ProviderRejected::class.java) {
            await { Sandbox.auth().exchangeCodeWith(spent, ParseCloudExchanger()) }
        }
        assertEquals(400L, again.code)
    }

    @Test
    fun `8 a closed tab reaches logIn as Cancelled, and initialize twice changes nothing`() {
        ParseInstagramUtils.initialize(app, Sandbox.auth())
        assertThrows(InstagramSignInException.Cancelled::class.java) {
            await { ParseInstagramUtils.logIn(android.app.Activity.RESULT_CANCELED, null) }
        }
    }

    @Test
    fun `9 the demo's backup rules leave out every file that holds a token or the sign-in in flight`() {
        // Parse writes where the context it was initialized with says (the first test's app),
        // and so does the library's pending sign-in (ParseInstagramUtils.initialize, same app).
        val rules = DemoBackupRules(Parse.getApplicationContext())

        // During a sign-in: the browser is open, the saved sign-in holds the state.
        val controller = Robolectric.buildActivity(InstagramSignInActivity::class.java, ParseInstagramUtils.createSignInIntent()).setup()
        val consentPage = shadowOf(controller.get()).nextStartedActivity.data.toString()
        rules.assertLeftOut("the sign-in in flight (its state)", listOf(Uri.parse(consentPage).getQueryParameter("state")!!))
        controller.pause().stop()
        controller.newIntent(Intent(app, InstagramSignInActivity::class.java).setData(Uri.parse(Sandbox.consent(consentPage, user = BUSINESS))))
        controller.restart().resume()
        val (code, data) = shadowOf(controller.get()).run { resultCode to resultIntent }
        await { ParseInstagramUtils.logIn(code, data) }

        // After a sign-in whose Instagram token the test knows (logIn's own exchange, spelled out).
        val token = await { Sandbox.auth().exchangeCodeWith(grant(), ParseCloudExchanger()) }
        val user = await { ParseUserTasks.logInWith(ParseInstagramUtils.AUTH_TYPE, token.authData().toMap()) }
        val secrets = listOf(token.accessToken(), user.sessionToken)
        // The SDK saves the current user on its own executor: wait until the file holds both.
        val deadline = System.nanoTime() + 10_000_000_000L
        while (secrets.any { secret -> rules.filesHolding(listOf(secret)).isEmpty() }) {
            shadowOf(Looper.getMainLooper()).idle()
            check(System.nanoTime() < deadline) { "Parse saved no file holding the session and the Instagram token within 10 s" }
            Thread.sleep(10)
        }
        rules.assertLeftOut("the Instagram token or the Parse session token", secrets)

        // Parse Android 2.x to 4.x (the demo's parse4 flavor, from JitPack: not run here) keeps
        // the same data elsewhere: files/com.parse/ (ParsePlugins.getFilesDir since 3.0.0:
        // currentUser, currentInstallation) and, with the local datastore, the database
        // ParseOfflineStore (OfflineSQLiteOpenHelper). Those files, written where 4.3.0 writes them:
        val context = Parse.getApplicationContext()
        val marker = "parse4-" + UUID.randomUUID()
        val parse4Files = File(context.filesDir, "com.parse")
        val database = context.getDatabasePath("ParseOfflineStore")
        listOf(File(parse4Files, "currentUser"), File(parse4Files, "currentInstallation"), database,
            File(database.path + "-journal"), File(database.path + "-wal"))
            .forEach { file -> file.parentFile!!.mkdirs(); file.writeText(marker) }
        rules.assertLeftOut("what Parse Android 4.x writes", listOf(marker))
    }

    private companion object {
        const val BUSINESS = "sandbox.business"
        const val BUSINESS_ID = "17841405822304915"
        var firstUserId: String? = null
    }
}
