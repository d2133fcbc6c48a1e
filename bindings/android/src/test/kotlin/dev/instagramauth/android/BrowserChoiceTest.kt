package dev.instagramauth.android

import dev.instagramauth.android.TestDevice.CHROME
import dev.instagramauth.android.TestDevice.FIREFOX
import dev.instagramauth.android.TestDevice.HTTP_ONLY
import dev.instagramauth.android.TestDevice.INSTAGRAM
import dev.instagramauth.android.TestDevice.PLAIN
import dev.instagramauth.android.TestDevice.READER
import dev.instagramauth.android.TestDevice.SAMSUNG
import dev.instagramauth.android.TestDevice.WebApp
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.ParameterizedRobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config

/**
 * Which app shows the consent page, on devices set up through the real PackageManager:
 * the default browser if it is a full browser, else one with Custom Tabs, else any full
 * browser, and never an app that only claims some sites' links (the Instagram app).
 */
@RunWith(ParameterizedRobolectricTestRunner::class)
@Config(sdk = [35])
class BrowserChoiceTest(private val case: Case) {
    class Case(val name: String, val installed: List<WebApp>, val default: WebApp?, val expected: Browser?) {
        override fun toString() = name
    }

    @Test
    fun `the consent page opens in the right app`() {
        case.installed.forEach(TestDevice::install)
        case.default?.let(TestDevice::setDefault) ?: TestDevice.setNoDefault()
        assertEquals(case.expected, BrowserSelector.select(RuntimeEnvironment.getApplication().packageManager))
    }

    companion object {
        private val chromeTab = Browser(CHROME.packageName, supportsCustomTabs = true)
        private val firefoxTab = Browser(FIREFOX.packageName, supportsCustomTabs = true)
        private val plain = Browser(PLAIN.packageName, supportsCustomTabs = false)

        @JvmStatic
        @ParameterizedRobolectricTestRunner.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> = listOf(
            Case("Chrome is the default", listOf(FIREFOX, CHROME, SAMSUNG), CHROME, chromeTab),
            Case("Firefox is the default", listOf(CHROME, FIREFOX), FIREFOX, firefoxTab),
            Case("the default has no Custom Tabs: still the default, as a plain browser", listOf(CHROME, PLAIN), PLAIN, plain),
            Case("no default: a browser with Custom Tabs before one without", listOf(PLAIN, FIREFOX), null, firefoxTab),
            Case("only a browser without Custom Tabs", listOf(PLAIN), null, plain),
            Case("the Instagram app claims instagram.com: Chrome", listOf(INSTAGRAM, CHROME), null, chromeTab),
            Case("the Instagram app is even the default for its links: Chrome", listOf(INSTAGRAM, CHROME), INSTAGRAM, chromeTab),
            Case("an App Link handler of its own site installed, no default: a browser with Custom Tabs", listOf(READER, PLAIN, FIREFOX), null, firefoxTab),
            Case("the default for web links is no full browser (http only): a browser instead", listOf(HTTP_ONLY, PLAIN, FIREFOX), HTTP_ONLY, firefoxTab),
            Case(
                "Instagram, Instagram Lite and Threads posing as browsers are refused by name",
                listOf(WebApp("com.instagram.android"), WebApp("com.instagram.lite"), WebApp("com.instagram.barcelona", customTabs = true), PLAIN),
                WebApp("com.instagram.barcelona", customTabs = true),
                plain,
            ),
            Case("only the Instagram app: no browser", listOf(INSTAGRAM, READER), null, null),
            Case("no browser at all", emptyList(), null, null),
        ).map { arrayOf(it) }
    }
}
