package dev.instagramauth.demo

import android.content.Context
import dev.instagramauth.demo.flow.PendingStore

/** Keeps the sign-in in flight in SharedPreferences, which outlive the process. */
class AndroidPendingStore(context: Context) : PendingStore {
    private val preferences = context.getSharedPreferences("instagram_sign_in", Context.MODE_PRIVATE)

    // commit(), not apply(): the browser opens right after, and Android may kill us then.
    override fun save(saved: String) {
        preferences.edit().putString(KEY, saved).commit()
    }

    override fun load(): String? = preferences.getString(KEY, null)

    override fun clear() {
        preferences.edit().remove(KEY).apply()
    }

    private companion object {
        const val KEY = "pending_authorization"
    }
}
