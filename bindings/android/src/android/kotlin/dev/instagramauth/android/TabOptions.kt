package dev.instagramauth.android

/**
 * How the consent page's Custom Tab looks and behaves. Browsers without Custom Tabs open
 * the page in their own window and ignore these.
 *
 * @property ephemeral asks for an ephemeral tab (Chrome 136 and later): no cookies shared
 *   with the browser and nothing kept after the tab closes, so the user types their
 *   Instagram password every time. Browsers that do not support it show a normal tab.
 * @property toolbarColor the tab's toolbar colour (an ARGB int), or null for the browser's own.
 */
data class TabOptions(val ephemeral: Boolean = false, val toolbarColor: Int? = null)
