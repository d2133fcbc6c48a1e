package dev.instagramauth.parse

import com.parse.AuthenticationCallback

/**
 * Parse's hook for a provider's saved authData, run at start-up, log-out and unlink. The
 * library keeps no Instagram session of its own to restore or clear, so every authData is
 * accepted: answering false would make Parse unlink Instagram from the user and save that.
 */
internal object InstagramAuthenticationCallback : AuthenticationCallback {
    override fun onRestore(authData: Map<String, String>?): Boolean = true
}
