package dev.instagramauth.android

/**
 * An installed app that is a full web browser: it opens any `http` and `https` page, not
 * only the pages of some sites.
 *
 * @property packageName the browser's package, to which every launch is pinned.
 * @property supportsCustomTabs whether it offers a Custom Tabs service, so the consent page
 *   can open as a tab above the app instead of in the browser's own window.
 */
data class Browser(val packageName: String, val supportsCustomTabs: Boolean)
