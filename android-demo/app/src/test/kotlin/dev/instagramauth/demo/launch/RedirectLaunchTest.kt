package dev.instagramauth.demo.launch

import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Which launches of MainActivity finish the redirect in their intent (RedirectLaunch). */
class RedirectLaunchTest {
    @Test
    fun `a fresh launch by the redirect finishes it, even in a new process`() {
        assertTrue(RedirectLaunch.isNewRedirect(hasRedirect = true, restoredState = false, launchedFromHistory = false))
    }

    @Test
    fun `a recreated activity does not finish its old redirect again`() {
        // Configuration change, or process death and the user back: savedInstanceState is set.
        assertFalse(RedirectLaunch.isNewRedirect(hasRedirect = true, restoredState = true, launchedFromHistory = false))
    }

    @Test
    fun `a launch from Recents does not finish its old redirect again`() {
        assertFalse(RedirectLaunch.isNewRedirect(hasRedirect = true, restoredState = false, launchedFromHistory = true))
        assertFalse(RedirectLaunch.isNewRedirect(hasRedirect = true, restoredState = true, launchedFromHistory = true))
    }

    @Test
    fun `a launch without a redirect has nothing to finish`() {
        assertFalse(RedirectLaunch.isNewRedirect(hasRedirect = false, restoredState = false, launchedFromHistory = false))
    }
}
