package dev.instagramauth.android

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.net.Uri
import dev.instagramauth.InstagramAuthException
import dev.instagramauth.SignInOptions
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/** What [InstagramSignIn] starts: the sign-in activity, carrying the browser intent it opens. */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class SignInLaunchTest {
    private val app = RuntimeEnvironment.getApplication()
    private val scopes = listOf("instagram_business_basic")

    private fun signIn(tab: TabOptions = TabOptions()) = InstagramSignIn(app, Sandbox.auth(), tab)

    /** The consent-page intent the sign-in activity will start. */
    @Suppress("DEPRECATION")
    private fun Intent.browserIntent(): Intent = getParcelableExtra(InstagramSignInActivity.KEY_BROWSER_INTENT)!!

    private fun savedSignIn(): String? =
        app.getSharedPreferences(PendingSignInStore.FILE, Context.MODE_PRIVATE).getString(PendingSignInStore.KEY, null)

    @Test
    fun `a Custom Tab pinned to the chosen browser, with the session extra and no new task`() {
        TestDevice.install(TestDevice.FIREFOX)
        TestDevice.install(TestDevice.CHROME)
        TestDevice.setDefault(TestDevice.CHROME)
        val start = signIn().createIntent(scopes)
        assertEquals(InstagramSignInActivity::class.java.name, start.component?.className)
        val tab = start.browserIntent()
        assertEquals(Intent.ACTION_VIEW, tab.action)
        assertEquals("com.android.chrome", tab.`package`)
        assertTrue(tab.data.toString().startsWith("${Sandbox.url}oauth/authorize?"))
        assertTrue("the session extra makes it a Custom Tab", tab.extras!!.containsKey(BrowserIntents.EXTRA_SESSION))
        assertNull("no session: a null binder", tab.extras!!.getBinder(BrowserIntents.EXTRA_SESSION))
        assertEquals(0, tab.flags and (Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_NEW_DOCUMENT))
        assertFalse("ephemeral only on request", tab.hasExtra(BrowserIntents.EXTRA_ENABLE_EPHEMERAL_BROWSING))
        assertFalse(tab.hasExtra(BrowserIntents.EXTRA_TOOLBAR_COLOR))
    }

    @Test
    fun `a browser without Custom Tabs gets a plain pinned web intent`() {
        TestDevice.install(TestDevice.PLAIN)
        val tab = signIn(TabOptions(ephemeral = true)).createIntent(scopes).browserIntent()
        assertEquals(Intent.ACTION_VIEW, tab.action)
        assertEquals(TestDevice.PLAIN.packageName, tab.`package`)
        assertTrue(tab.extras == null || !tab.extras!!.containsKey(BrowserIntents.EXTRA_SESSION))
        assertFalse(tab.hasExtra(BrowserIntents.EXTRA_ENABLE_EPHEMERAL_BROWSING))
    }

    @Test
    fun `an ephemeral tab and a toolbar colour when asked for`() {
        TestDevice.install(TestDevice.CHROME)
        val tab = signIn(TabOptions(ephemeral = true, toolbarColor = 0xFF833AB4.toInt())).createIntent(scopes).browserIntent()
        assertTrue(tab.getBooleanExtra(BrowserIntents.EXTRA_ENABLE_EPHEMERAL_BROWSING, false))
        assertEquals(0xFF833AB4.toInt(), tab.getIntExtra(BrowserIntents.EXTRA_TOOLBAR_COLOR, 0))
    }

    @Test
    fun `the sign-in is committed before anything opens, and restores to the same page`() {
        TestDevice.install(TestDevice.CHROME)
        val start = signIn().createIntent(scopes)
        assertNull("createIntent opens nothing itself", shadowOf(app).nextStartedActivity)
        val saved = savedSignIn()!!
        // A new process: a new InstagramAuth restores the saved string to the same consent page.
        val restored = Sandbox.auth().restoreAuthorization(saved)
        assertEquals(start.browserIntent().data.toString(), restored.authorizationUrl())
    }

    @Test
    fun `no browser, a typed error, nothing saved and nothing started`() {
        TestDevice.install(TestDevice.INSTAGRAM)
        TestDevice.failUnresolvableLaunches()
        val activity = Robolectric.buildActivity(Activity::class.java).setup().get()
        val error = assertThrows(InstagramSignInException.NoBrowser::class.java) { signIn().launch(activity, 7, scopes) }
        assertTrue(error.message!!.contains("Install or enable a browser"))
        assertNull(savedSignIn())
        assertNull(shadowOf(activity).nextStartedActivity)
    }

    @Test
    fun `launch starts the sign-in activity for a result`() {
        TestDevice.install(TestDevice.CHROME)
        val activity = Robolectric.buildActivity(Activity::class.java).setup().get()
        signIn().launch(activity, 42, scopes)
        val started = shadowOf(activity).nextStartedActivityForResult
        assertEquals(42, started.requestCode)
        assertEquals(InstagramSignInActivity::class.java.name, started.intent.component?.className)
        assertTrue(signIn().isInProgress)
    }

    private fun consentUrl(options: SignInOptions?): Uri {
        TestDevice.install(TestDevice.CHROME)
        return signIn().createIntent(scopes, options).browserIntent().data!!
    }

    @Test
    fun `no SignInOptions, none of Instagram's optional parameters`() {
        val url = consentUrl(null)
        for (name in listOf("force_reauth", "force_authentication", "enable_fb_login")) assertNull(name, url.getQueryParameter(name))
        assertEquals("instagram_business_basic", url.getQueryParameter("scope"))
    }

    @Test
    fun `forceReauth asks Instagram for the login again`() {
        val url = consentUrl(SignInOptions(forceReauth = true))
        assertEquals("true", url.getQueryParameter("force_reauth"))
        assertNull(url.getQueryParameter("force_authentication"))
    }

    @Test
    fun `forceAuthentication and enableFbLogin are sent as 0 or 1 when set`() {
        val url = consentUrl(SignInOptions(forceAuthentication = false, enableFbLogin = true))
        assertEquals("0", url.getQueryParameter("force_authentication"))
        assertEquals("1", url.getQueryParameter("enable_fb_login"))
        assertNull(url.getQueryParameter("force_reauth"))
    }

    @Test
    fun `the options survive the saved string`() {
        TestDevice.install(TestDevice.CHROME)
        signIn().createIntent(scopes, SignInOptions(forceReauth = true))
        val restored = Sandbox.auth().restoreAuthorization(savedSignIn()!!)
        assertEquals("true", Uri.parse(restored.authorizationUrl()).getQueryParameter("force_reauth"))
    }

    @Test
    fun `a bad scope is the core's configuration error, and nothing is saved`() {
        TestDevice.install(TestDevice.CHROME)
        assertThrows(InstagramAuthException.Configuration::class.java) { signIn().createIntent(listOf("")) }
        assertNull(savedSignIn())
    }
}
