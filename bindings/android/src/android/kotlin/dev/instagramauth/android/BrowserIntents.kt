package dev.instagramauth.android

import android.content.Intent
import android.net.Uri
import android.os.Bundle

/**
 * The intent that opens the consent page in [browser], built from Custom Tabs' documented
 * extras (no androidx). It is always pinned to the browser's package: an unpinned intent
 * for instagram.com resolves to the Instagram app when it is installed. It carries no
 * `FLAG_ACTIVITY_NEW_TASK`, so the tab opens above the activity that starts it.
 */
internal object BrowserIntents {
    /** `CustomTabsIntent.EXTRA_SESSION`: its presence, even with no session, makes the intent a Custom Tab. */
    const val EXTRA_SESSION = "android.support.customtabs.extra.SESSION"
    const val EXTRA_TOOLBAR_COLOR = "android.support.customtabs.extra.TOOLBAR_COLOR"
    const val EXTRA_ENABLE_EPHEMERAL_BROWSING = "androidx.browser.customtabs.extra.ENABLE_EPHEMERAL_BROWSING"

    fun consentPage(browser: Browser, url: String, tab: TabOptions): Intent {
        val intent = Intent(Intent.ACTION_VIEW, Uri.parse(url)).setPackage(browser.packageName)
        if (!browser.supportsCustomTabs) return intent
        // A null binder: the tab needs no session (no warm-up, no callbacks), and the
        // package pin does what androidx's session-bound builder does.
        intent.putExtras(Bundle().apply { putBinder(EXTRA_SESSION, null) })
        tab.toolbarColor?.let { intent.putExtra(EXTRA_TOOLBAR_COLOR, it) }
        if (tab.ephemeral) intent.putExtra(EXTRA_ENABLE_EPHEMERAL_BROWSING, true)
        return intent
    }
}
