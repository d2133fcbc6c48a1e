package dev.instagramauth.android

import android.content.Intent
import android.content.pm.PackageManager
import android.content.pm.ResolveInfo
import android.net.Uri
import android.os.Build

/**
 * Finds the browser that shows Instagram's consent page.
 *
 * Only a *full* browser qualifies: one whose filter takes every `http` and `https` page.
 * An app that claims only some hosts (the Instagram app claiming instagram.com, any App
 * Link handler) never does, and the Instagram apps are refused by name as well, since an
 * unpinned or wrongly pinned intent for instagram.com would open the Instagram app instead
 * of the consent page (Meta asks for a browser). The order is AppAuth's: the user's default
 * browser, else one with Custom Tabs, else any full browser.
 */
internal object BrowserSelector {
    /** The Instagram app, Instagram Lite and Threads: they claim instagram.com links. */
    val NOT_BROWSERS = setOf("com.instagram.android", "com.instagram.lite", "com.instagram.barcelona")

    /** The action of a Custom Tabs service (androidx.browser's `CustomTabsService.ACTION_CUSTOM_TABS_CONNECTION`). */
    const val CUSTOM_TABS_SERVICE = "android.support.customtabs.action.CustomTabsService"

    /**
     * A web intent without a host, as AOSP's browser role uses: a real domain would also
     * match the apps that claim that domain (AppAuth-Android #521).
     */
    private fun probe() = Intent(Intent.ACTION_VIEW, Uri.fromParts("http", "", null)).addCategory(Intent.CATEGORY_BROWSABLE)

    /** The browser to use, or null when no full browser is installed. */
    fun select(packageManager: PackageManager): Browser? {
        val browsers = fullBrowsers(packageManager)
        val default = defaultHandler(packageManager)
        return browsers.firstOrNull { it.packageName == default }
            ?: browsers.firstOrNull { it.supportsCustomTabs }
            ?: browsers.firstOrNull()
    }

    /** Every installed full browser, in the package manager's order, each package once. */
    @Suppress("DEPRECATION") // The flag-int overloads are the ones that exist below API 33.
    fun fullBrowsers(packageManager: PackageManager): List<Browser> {
        // MATCH_ALL: from API 23 on, without it only the default handler comes back (AppAuth-Android #124).
        val flags = PackageManager.GET_RESOLVED_FILTER or (if (Build.VERSION.SDK_INT >= 23) PackageManager.MATCH_ALL else 0)
        return packageManager.queryIntentActivities(probe(), flags)
            .filter(::isFullBrowser)
            .map { it.activityInfo.packageName }
            .filter { it !in NOT_BROWSERS }
            .distinct()
            .map { Browser(it, supportsCustomTabs(packageManager, it)) }
    }

    /** The package the user chose for web links; null when they chose none (the system's chooser answers). */
    @Suppress("DEPRECATION")
    private fun defaultHandler(packageManager: PackageManager): String? =
        packageManager.resolveActivity(probe(), PackageManager.MATCH_DEFAULT_ONLY)?.activityInfo?.packageName

    @Suppress("DEPRECATION")
    private fun supportsCustomTabs(packageManager: PackageManager, packageName: String): Boolean =
        packageManager.resolveService(Intent(CUSTOM_TABS_SERVICE).setPackage(packageName), 0) != null

    /** VIEW and BROWSABLE, both web schemes, and no host: a browser, not a site's app. */
    private fun isFullBrowser(info: ResolveInfo): Boolean {
        val filter = info.filter ?: return false
        return filter.hasAction(Intent.ACTION_VIEW) &&
            filter.hasCategory(Intent.CATEGORY_BROWSABLE) &&
            filter.hasDataScheme("http") &&
            filter.hasDataScheme("https") &&
            filter.countDataAuthorities() == 0
    }
}
