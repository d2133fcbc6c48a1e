package dev.instagramauth.android

import android.app.Activity
import android.content.Intent

/**
 * How the browser part of a sign-in ended, as [InstagramSignInActivity] returns it to the
 * app's activity (an activity result, which Android delivers even to an activity that it
 * recreates after killing the app).
 */
internal sealed interface SignInOutcome {
    /** The browser opened the redirect URI: Instagram's answer, still to be checked. */
    data class Redirected(val callbackUrl: String) : SignInOutcome

    /** The user came back without an answer: closed the tab, pressed Back. */
    data object Cancelled : SignInOutcome

    /** The chosen browser could no longer be started (uninstalled meanwhile). */
    data object NoBrowser : SignInOutcome

    companion object {
        private const val EXTRA_OUTCOME = "dev.instagramauth.android.OUTCOME"
        private const val NO_BROWSER = "no_browser"

        fun Redirected.toResult(): Intent = Intent().putExtra(EXTRA_OUTCOME, callbackUrl)

        fun noBrowserResult(): Intent = Intent().putExtra(EXTRA_OUTCOME, NO_BROWSER)

        /**
         * Reads an activity result. Anything but an OK result carrying a URL is a cancel:
         * that is also what Android reports when the sign-in activity ended for another
         * reason (the task was cleared).
         */
        fun fromResult(resultCode: Int, data: Intent?): SignInOutcome {
            val value = data?.getStringExtra(EXTRA_OUTCOME)
            return when {
                value == NO_BROWSER -> NoBrowser
                resultCode == Activity.RESULT_OK && value != null -> Redirected(value)
                else -> Cancelled
            }
        }
    }
}
