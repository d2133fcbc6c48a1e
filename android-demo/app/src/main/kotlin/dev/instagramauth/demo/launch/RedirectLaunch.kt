package dev.instagramauth.demo.launch

/**
 * Decides whether the intent MainActivity was created with carries a redirect to finish.
 * Free of android.*, so scripts/test-kotlin.sh tests it on the JVM.
 *
 * Android gives the original launch intent again to an activity that is recreated (a
 * configuration change, or the process was killed and the user came back) and to one
 * launched from Recents. A redirect in it was handled when it first arrived: its sign-in is
 * finished and its code is single-use, so handling it again only shows "No sign-in is in
 * progress". A redirect that arrives while the activity exists, even a recreated one, comes
 * through onNewIntent instead, which always handles it.
 */
object RedirectLaunch {
    fun isNewRedirect(hasRedirect: Boolean, restoredState: Boolean, launchedFromHistory: Boolean): Boolean =
        hasRedirect && !restoredState && !launchedFromHistory
}
