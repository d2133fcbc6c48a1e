package dev.instagramauth.android

import android.app.Activity
import android.content.Intent
import android.os.Bundle

/**
 * Receives the redirect URI (the App Link the app declares through the manifest
 * placeholders `instagramRedirectScheme`, `instagramRedirectHost` and
 * `instagramRedirectPath`) and hands it to [InstagramSignInActivity], then finishes.
 * CLEAR_TOP removes the tab above that activity, and as it is `singleTask` the URI reaches
 * the waiting instance (recreated first if the process died).
 *
 * A launch from Recents replays the intent that started a task: if this activity started
 * one (a redirect from a standalone browser), that replay is an old redirect and is
 * dropped, as is a recreation of this activity.
 */
class InstagramRedirectActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val fromHistory = intent.flags and Intent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY != 0
        val redirect = intent.data
        if (savedInstanceState == null && !fromHistory && redirect != null) {
            startActivity(
                Intent(this, InstagramSignInActivity::class.java)
                    .setData(redirect)
                    .addFlags(Intent.FLAG_ACTIVITY_CLEAR_TOP or Intent.FLAG_ACTIVITY_SINGLE_TOP),
            )
        }
        finish()
    }
}
