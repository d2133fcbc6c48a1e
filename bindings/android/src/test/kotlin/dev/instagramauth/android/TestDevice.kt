package dev.instagramauth.android

import android.content.ComponentName
import android.content.Intent
import android.content.IntentFilter
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf

/** The apps of a Robolectric device, registered in its real PackageManager's shadow. */
object TestDevice {
    /** An installed app that opens web links: a browser when [hosts] is empty, else an App Link handler of those hosts. */
    data class WebApp(val packageName: String, val customTabs: Boolean = false, val hosts: List<String> = emptyList()) {
        val activity get() = ComponentName(packageName, "$packageName.WebActivity")
    }

    val CHROME = WebApp("com.android.chrome", customTabs = true)
    val FIREFOX = WebApp("org.mozilla.firefox", customTabs = true)
    val SAMSUNG = WebApp("com.sec.android.app.sbrowser", customTabs = true)
    /** A full browser without a Custom Tabs service. */
    val PLAIN = WebApp("org.example.plainbrowser")
    /** The Instagram app: it claims instagram.com links, and is no browser. */
    val INSTAGRAM = WebApp("com.instagram.android", hosts = listOf("instagram.com", "www.instagram.com"))
    /** A news reader that claims its own site's links. */
    val READER = WebApp("com.example.reader", hosts = listOf("news.example.com"))

    private val packageManager get() = RuntimeEnvironment.getApplication().packageManager

    fun install(app: WebApp) {
        val shadow = shadowOf(packageManager)
        shadow.addActivityIfNotPresent(app.activity)
        shadow.addIntentFilterForActivity(app.activity, webFilter(app.hosts))
        if (app.customTabs) {
            val service = ComponentName(app.packageName, "${app.packageName}.CustomTabsService")
            shadow.addServiceIfNotPresent(service)
            shadow.addIntentFilterForService(service, IntentFilter(BrowserSelector.CUSTOM_TABS_SERVICE))
        }
    }

    /** The user's choice for web links ("default browser" in Settings). */
    @Suppress("DEPRECATION")
    fun setDefault(app: WebApp) {
        packageManager.addPreferredActivity(webFilter(app.hosts), IntentFilter.MATCH_CATEGORY_SCHEME, null, app.activity)
    }

    /** What a web app's manifest declares: VIEW, DEFAULT, BROWSABLE, http and https, and its hosts if any. */
    private fun webFilter(hosts: List<String>) = IntentFilter(Intent.ACTION_VIEW).apply {
        addCategory(Intent.CATEGORY_DEFAULT)
        addCategory(Intent.CATEGORY_BROWSABLE)
        addDataScheme("http")
        addDataScheme("https")
        for (host in hosts) addDataAuthority(host, null)
    }

    /** Makes startActivity fail as on a device when nothing handles the intent. */
    fun failUnresolvableLaunches() {
        shadowOf(RuntimeEnvironment.getApplication()).checkActivities(true)
    }
}
