package dev.instagramauth.android

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.w3c.dom.Element

/**
 * What the library's manifest (merged into every app) declares, read from
 * bindings/android/src/main/AndroidManifest.xml (ANDROID_LIBRARY_MANIFEST): the settings the
 * activities rely on, which no Robolectric test can see without Gradle's merged manifest.
 */
class LibraryManifestTest {
    private val manifest = DocumentBuilderFactory.newInstance().apply { isNamespaceAware = true }.newDocumentBuilder()
        .parse(File(System.getenv("ANDROID_LIBRARY_MANIFEST") ?: error("ANDROID_LIBRARY_MANIFEST is not set")))
    private val android = "http://schemas.android.com/apk/res/android"

    private fun elements(tag: String, within: Element = manifest.documentElement): List<Element> =
        within.getElementsByTagName(tag).let { list -> (0 until list.length).map { list.item(it) as Element } }

    private fun activity(name: String) = elements("activity").single { it.getAttributeNS(android, "name") == name }

    @Test
    fun `the sign-in activity is singleTask, private, translucent and kept across rotation`() {
        val activity = activity(InstagramSignInActivity::class.java.name)
        assertEquals("singleTask", activity.getAttributeNS(android, "launchMode"))
        assertEquals("false", activity.getAttributeNS(android, "exported"))
        assertTrue(activity.getAttributeNS(android, "theme").contains("Translucent"))
        val changes = activity.getAttributeNS(android, "configChanges").split("|").toSet()
        assertEquals(setOf("screenSize", "smallestScreenSize", "screenLayout", "orientation", "keyboard", "keyboardHidden"), changes)
    }

    @Test
    fun `the redirect receiver takes the app's App Link from placeholders`() {
        val receiver = activity(InstagramRedirectActivity::class.java.name)
        assertEquals("true", receiver.getAttributeNS(android, "exported"))
        val data = elements("data", receiver).single()
        assertEquals("\${instagramRedirectScheme}", data.getAttributeNS(android, "scheme"))
        assertEquals("\${instagramRedirectHost}", data.getAttributeNS(android, "host"))
        assertEquals("\${instagramRedirectPath}", data.getAttributeNS(android, "path"))
        val categories = elements("category", receiver).map { it.getAttributeNS(android, "name") }.toSet()
        assertEquals(setOf("android.intent.category.DEFAULT", "android.intent.category.BROWSABLE"), categories)
    }

    @Test
    fun `queries make browsers and Custom Tabs services visible on Android 11+`() {
        val queries = elements("queries").single()
        val actions = elements("action", queries).map { it.getAttributeNS(android, "name") }
        assertTrue(actions.contains("android.intent.action.VIEW"))
        assertTrue(actions.contains(BrowserSelector.CUSTOM_TABS_SERVICE))
        assertEquals("https", elements("data", queries).single().getAttributeNS(android, "scheme"))
    }
}
