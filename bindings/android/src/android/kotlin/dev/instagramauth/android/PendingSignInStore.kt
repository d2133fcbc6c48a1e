package dev.instagramauth.android

import android.content.Context

/**
 * Keeps the sign-in in flight (its saved string: state, redirect URI, scopes, options) in
 * SharedPreferences, private to the app, where it outlives a process that Android kills
 * while the browser is in front.
 */
internal class PendingSignInStore(context: Context) {
    private val preferences = context.applicationContext.getSharedPreferences(FILE, Context.MODE_PRIVATE)

    /** Written with commit(), not apply(): the browser opens next, and the process may die then. */
    fun save(saved: String) {
        check(preferences.edit().putString(KEY, saved).commit()) { "the sign-in could not be saved to $FILE" }
    }

    fun load(): String? = preferences.getString(KEY, null)

    fun clear() {
        preferences.edit().remove(KEY).commit()
    }

    internal companion object {
        const val FILE = "dev.instagramauth.sign_in"
        const val KEY = "pending_authorization"
    }
}
