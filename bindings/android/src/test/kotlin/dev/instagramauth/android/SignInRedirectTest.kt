package dev.instagramauth.android

import android.app.Activity
import android.content.Intent
import android.net.Uri
import android.os.Bundle
import dev.instagramauth.BackendExchange
import dev.instagramauth.InstagramAuthException
import dev.instagramauth.ParseApiKey
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config

/**
 * The sign-in activity under the browser and the redirect receiver, through Android's
 * lifecycle as Robolectric drives it: the redirect, a closed tab, recreation, a process
 * killed while the tab was open, and replays. Instagram is the sandbox.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class SignInRedirectTest {
    private val app = RuntimeEnvironment.getApplication()
    private val scopes = listOf("instagram_business_basic")
    private val signIn = InstagramSignIn(app, Sandbox.auth())

    @Before
    fun chromeIsInstalled() {
        TestDevice.install(TestDevice.CHROME)
        TestDevice.setDefault(TestDevice.CHROME)
    }

    /** The app starts a sign-in: the activity comes up and opens the consent page above itself. */
    private fun start(): Started {
        val start = signIn.createIntent(scopes)
        val controller = Robolectric.buildActivity(InstagramSignInActivity::class.java, start).setup()
        val tab = shadowOf(controller.get()).nextStartedActivity
        assertNotNull("the browser was not opened", tab)
        // The tab covers the activity.
        controller.pause().stop()
        return Started(start, controller, tab.data.toString())
    }

    private class Started(val start: Intent, val controller: ActivityController<InstagramSignInActivity>, val authorizationUrl: String)

    /** What InstagramRedirectActivity sends on: the redirect for the waiting activity. */
    private fun redirect(url: String) = Intent(app, InstagramSignInActivity::class.java).setData(Uri.parse(url))

    /** The activity comes back to the front, with [redirect] delivered first if given. */
    private fun ActivityController<InstagramSignInActivity>.comeBack(redirect: Intent?): ActivityController<InstagramSignInActivity> {
        redirect?.let(::newIntent)
        return restart().resume()
    }

    private fun ActivityController<InstagramSignInActivity>.result() = shadowOf(get()).run { resultCode to resultIntent }

    private fun grantFrom(controller: ActivityController<InstagramSignInActivity>, signIn: InstagramSignIn = this.signIn) =
        controller.result().let { (code, data) -> signIn.grant(code, data) }

    @Test
    fun `the redirect finishes the activity with Instagram's answer, and the grant is this sign-in's`() = runBlocking<Unit> {
        val started = start()
        val callback = Sandbox.consent(started.authorizationUrl)
        started.controller.comeBack(redirect(callback))
        assertTrue(started.controller.get().isFinishing)
        assertEquals(Activity.RESULT_OK, started.controller.result().first)
        val (code, data) = started.controller.result()
        val backend = BackendExchange.parseCloudFunction("${Sandbox.url}sandbox/parse", "instagramExchange", "sandbox-parse-app-id", ParseApiKey.RestApiKey("sandbox-parse-rest-key"))
        val token = signIn.complete(code, data, backend)
        assertEquals(Sandbox.CREATOR_ID, token.userId())
        assertTrue("the sign-in is spent", !signIn.isInProgress)
    }

    @Test
    fun `closing the tab is a cancel, distinct from an answer, and ends the sign-in`() {
        val started = start()
        started.controller.comeBack(null)
        assertTrue(started.controller.get().isFinishing)
        assertEquals(Activity.RESULT_CANCELED, started.controller.result().first)
        assertThrows(InstagramSignInException.Cancelled::class.java) { grantFrom(started.controller) }
        assertTrue(!signIn.isInProgress)
    }

    @Test
    fun `the user's "Cancel" on Instagram is Instagram's AccessDenied, not a closed tab`() {
        val started = start()
        started.controller.comeBack(redirect(Sandbox.consent(started.authorizationUrl, decision = "deny")))
        assertThrows(InstagramAuthException.AccessDenied::class.java) { grantFrom(started.controller) }
        assertTrue(!signIn.isInProgress)
    }

    @Test
    fun `the process killed while the tab was open, the redirect completes the restored sign-in`() {
        val started = start()
        val saved = Bundle().also(started.controller::saveInstanceState)
        started.controller.destroy()
        // A new process: Android recreates the activity from its Bundle and hands it the redirect;
        // the app's objects are new too.
        val callback = Sandbox.consent(started.authorizationUrl)
        val revived = Robolectric.buildActivity(InstagramSignInActivity::class.java, started.start)
            .create(saved).start().restoreInstanceState(saved).postCreate(saved)
        revived.newIntent(redirect(callback)).resume()
        assertNull("the browser was opened again", shadowOf(revived.get()).nextStartedActivity)
        val grant = grantFrom(revived, InstagramSignIn(app, Sandbox.auth()))
        assertEquals(Sandbox.REDIRECT_URI, grant.redirectUri())
    }

    @Test
    fun `the process killed and the tab closed, a cancel`() {
        val started = start()
        val saved = Bundle().also(started.controller::saveInstanceState)
        started.controller.destroy()
        val revived = Robolectric.buildActivity(InstagramSignInActivity::class.java, started.start).setup(saved)
        assertNull(shadowOf(revived.get()).nextStartedActivity)
        assertEquals(Activity.RESULT_CANCELED, revived.result().first)
        assertThrows(InstagramSignInException.Cancelled::class.java) { grantFrom(revived) }
    }

    /**
     * Android keeps the activity across rotations and resizes (configChanges); another
     * change (dark mode, locale) recreates it from its Bundle when it comes back, and then
     * hands it the redirect. Robolectric's recreate() would resume it at once instead.
     */
    @Test
    fun `recreated by a configuration change while the tab is open, one browser, and the redirect still lands`() {
        val started = start()
        val saved = Bundle().also(started.controller::saveInstanceState)
        started.controller.destroy()
        val recreated = Robolectric.buildActivity(InstagramSignInActivity::class.java, started.start)
            .create(saved).start().restoreInstanceState(saved).postCreate(saved)
        recreated.newIntent(redirect(Sandbox.consent(started.authorizationUrl))).resume()
        assertNull("the browser was opened again", shadowOf(recreated.get()).nextStartedActivity)
        assertEquals(Activity.RESULT_OK, recreated.result().first)
        assertEquals(Sandbox.REDIRECT_URI, grantFrom(recreated).redirectUri())
    }

    @Test
    fun `a redirect is handled once, the same answer again finds no sign-in`() {
        val started = start()
        started.controller.comeBack(redirect(Sandbox.consent(started.authorizationUrl)))
        val (code, data) = started.controller.result()
        signIn.grant(code, data)
        assertThrows(InstagramSignInException.NotInProgress::class.java) { signIn.grant(code, data) }
    }

    @Test
    fun `a stray link ends nothing, the sign-in stays saved`() {
        val started = start()
        started.controller.comeBack(redirect("${Sandbox.REDIRECT_URI}?code=AQforged&state=not-this-one#_"))
        assertThrows(InstagramAuthException.StrayCallback::class.java) { grantFrom(started.controller) }
        assertTrue(signIn.isInProgress)
    }

    @Test
    fun `a late redirect with no sign-in waiting starts nothing and returns nothing`() {
        val late = Robolectric.buildActivity(InstagramSignInActivity::class.java, redirect("${Sandbox.REDIRECT_URI}?code=AQlate&state=s#_")).setup()
        assertTrue(late.get().isFinishing)
        assertNull(shadowOf(late.get()).nextStartedActivity)
        assertNull(late.result().second)
    }

    @Test
    fun `the browser gone before it opened, NoBrowser, not ActivityNotFoundException`() {
        TestDevice.failUnresolvableLaunches()
        val chosen = signIn.createIntent(scopes)
        // As if Chrome were uninstalled between the choice and the launch.
        @Suppress("DEPRECATION")
        val gone = chosen.getParcelableExtra<Intent>(InstagramSignInActivity.KEY_BROWSER_INTENT)!!.setPackage("com.example.uninstalled")
        val start = Intent(chosen).putExtra(InstagramSignInActivity.KEY_BROWSER_INTENT, gone)
        val controller = Robolectric.buildActivity(InstagramSignInActivity::class.java, start).setup()
        assertTrue(controller.get().isFinishing)
        assertThrows(InstagramSignInException.NoBrowser::class.java) { grantFrom(controller) }
        assertTrue(!signIn.isInProgress)
    }

    @Test
    fun `the receiver hands the redirect to the waiting activity above the tab and finishes`() {
        val uri = Uri.parse("${Sandbox.REDIRECT_URI}?code=AQx&state=s#_")
        val receiver = Robolectric.buildActivity(InstagramRedirectActivity::class.java, Intent(Intent.ACTION_VIEW, uri)).create().get()
        val forwarded = shadowOf(receiver).nextStartedActivity
        assertEquals(InstagramSignInActivity::class.java.name, forwarded.component?.className)
        assertEquals(uri, forwarded.data)
        assertEquals(Intent.FLAG_ACTIVITY_CLEAR_TOP or Intent.FLAG_ACTIVITY_SINGLE_TOP, forwarded.flags)
        assertTrue(receiver.isFinishing)
    }

    @Test
    fun `a relaunch from Recents replays an old redirect, the receiver drops it`() {
        val replay = Intent(Intent.ACTION_VIEW, Uri.parse("${Sandbox.REDIRECT_URI}?code=AQold&state=s#_"))
            .addFlags(Intent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY)
        val receiver = Robolectric.buildActivity(InstagramRedirectActivity::class.java, replay).create().get()
        assertNull(shadowOf(receiver).nextStartedActivity)
        assertTrue(receiver.isFinishing)
    }

    @Test
    fun `a recreated receiver does not hand its redirect on twice`() {
        val intent = Intent(Intent.ACTION_VIEW, Uri.parse("${Sandbox.REDIRECT_URI}?code=AQx&state=s#_"))
        val receiver = Robolectric.buildActivity(InstagramRedirectActivity::class.java, intent).create(Bundle()).get()
        assertNull(shadowOf(receiver).nextStartedActivity)
    }
}
