package dev.instagramauth.android

import android.content.ComponentName
import android.content.Intent
import android.content.IntentFilter
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf

/** The apps of a Robolectric device, registered in its real PackageManager's shadow. */
object TestDevice {
    /**
     * An installed app that opens web links: a full browser when it takes both schemes and
     * no [hosts], else an App Link handler of those hosts, or an app that takes only some links.
     */
    data class WebApp(
        val packageName: String,
        val customTabs: Boolean = false,
        val hosts: List<String> = emptyList(),
        val schemes: List<String> = listOf("http", "https"),
    ) {
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
    /** An app that takes every http link but no https one: no full browser. */
    val HTTP_ONLY = WebApp("com.example.linkcleaner", schemes = listOf("http"))

    private val packageManager get() = RuntimeEnvironment.getApplication().packageManager

    fun install(app: WebApp) {
        val shadow = shadowOf(packageManager)
        shadow.addActivityIfNotPresent(app.activity)
        shadow.addIntentFilterForActivity(app.activity, webFilter(app))
        if (app.customTabs) {
            val service = ComponentName(app.packageName, "${app.packageName}.CustomTabsService")
            shadow.addServiceIfNotPresent(service)
            shadow.addIntentFilterForService(service, IntentFilter(BrowserSelector.CUSTOM_TABS_SERVICE))
        }
    }

    /** The user's choice for web links ("default browser" in Settings). */
    fun setDefault(app: WebApp) = prefer(webFilter(app), app.activity)

    /**
     * No choice made: with several handlers, Android resolves a web link to its chooser
     * (package "android"), where Robolectric would answer the first handler. A stand-in
     * chooser that takes the probe but is no browser answers instead.
     */
    fun setNoDefault() {
        val chooser = WebApp("android", schemes = listOf("http"))
        install(chooser)
        setDefault(chooser)
    }

    @Suppress("DEPRECATION")
    private fun prefer(filter: IntentFilter, activity: ComponentName) =
        packageManager.addPreferredActivity(filter, IntentFilter.MATCH_CATEGORY_SCHEME, null, activity)

    /** What a web app's manifest declares: VIEW, DEFAULT, BROWSABLE, its schemes, and its hosts if any. */
    private fun webFilter(app: WebApp) = IntentFilter(Intent.ACTION_VIEW).apply {
        addCategory(Intent.CATEGORY_DEFAULT)
        addCategory(Intent.CATEGORY_BROWSABLE)
        app.schemes.forEach(::addDataScheme)
        for (host in app.hosts) addDataAuthority(host, null)
    }

    /** Makes startActivity fail as on a device when nothing handles the intent. */
    fun failUnresolvableLaunches() {
        shadowOf(RuntimeEnvironment.getApplication()).checkActivities(true)
    }
}
