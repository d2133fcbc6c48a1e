package dev.instagramauth.android

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Intent
import android.os.Build
import android.os.Bundle
import dev.instagramauth.android.SignInOutcome.Companion.toResult

/**
 * The invisible activity under the consent page (AppAuth's AuthorizationManagementActivity
 * on `android.app.Activity`). The app starts it for a result with
 * [InstagramSignIn.createIntent]; it opens the browser from here, so a Custom Tab stacks
 * above it in the app's task, and it finishes with the outcome when it comes back to the
 * front: with the redirect, which [InstagramRedirectActivity] hands to it, or without one,
 * which means the user closed the tab (a cancel).
 *
 * Its whole state (the browser intent and whether it was started) lives in the start
 * intent and the saved-instance Bundle, never in statics, so it survives recreation and a
 * process that Android killed while the browser was in front. The manifest makes it
 * `singleTask` (the redirect reaches this instance), not exported, translucent, and keeps
 * it across rotations and resizes, after which Android 12 resumed it before delivering the
 * redirect (AppAuth-Android #769).
 */
class InstagramSignInActivity : Activity() {
    private var browserIntent: Intent? = null
    private var browserStarted = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val state = savedInstanceState ?: intent.extras
        browserIntent = state?.let { readIntent(it) }
        browserStarted = state?.getBoolean(KEY_BROWSER_STARTED) ?: false
        if (browserIntent == null) {
            // Started without a sign-in: a late or repeated redirect (its sign-in has
            // ended) or a replay from Recents. Nothing waits for it.
            finish()
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
    }

    override fun onResume() {
        super.onResume()
        if (isFinishing) return
        if (!browserStarted) {
            browserStarted = true
            try {
                startActivity(browserIntent)
            } catch (_: ActivityNotFoundException) {
                finishWith(Activity.RESULT_CANCELED, SignInOutcome.noBrowserResult())
            }
            return
        }
        val redirect = intent.data
        if (redirect != null) {
            finishWith(Activity.RESULT_OK, SignInOutcome.Redirected(redirect.toString()).toResult())
        } else {
            finishWith(Activity.RESULT_CANCELED, null)
        }
    }

    override fun onSaveInstanceState(outState: Bundle) {
        super.onSaveInstanceState(outState)
        outState.putParcelable(KEY_BROWSER_INTENT, browserIntent)
        outState.putBoolean(KEY_BROWSER_STARTED, browserStarted)
    }

    private fun finishWith(resultCode: Int, data: Intent?) {
        setResult(resultCode, data)
        finish()
    }

    @Suppress("DEPRECATION") // The typed getParcelable exists from API 33 on.
    private fun readIntent(bundle: Bundle): Intent? =
        if (Build.VERSION.SDK_INT >= 33) bundle.getParcelable(KEY_BROWSER_INTENT, Intent::class.java) else bundle.getParcelable(KEY_BROWSER_INTENT)

    internal companion object {
        const val KEY_BROWSER_INTENT = "dev.instagramauth.android.BROWSER_INTENT"
        const val KEY_BROWSER_STARTED = "dev.instagramauth.android.BROWSER_STARTED"
    }
}
