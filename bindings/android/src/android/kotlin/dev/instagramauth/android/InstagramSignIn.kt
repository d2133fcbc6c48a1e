package dev.instagramauth.android

import android.app.Activity
import android.content.Context
import android.content.Intent
import dev.instagramauth.BackendExchange
import dev.instagramauth.CodeExchanger
import dev.instagramauth.CodeGrant
import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthException
import dev.instagramauth.SignInOptions
import dev.instagramauth.TokenResponse

/**
 * "Sign in with Instagram" on Android: opens Instagram's consent page in a browser (a
 * Custom Tab where the browser has them), receives the redirect, and turns it into a code
 * grant for the exchange. Create one with the app's [InstagramAuth] and keep it.
 *
 * The sign-in in flight is saved in the app's private SharedPreferences before the browser
 * opens, and the result comes back as an activity result, which Android delivers even when
 * it killed the app meanwhile:
 * ```
 * signIn.launch(this, REQUEST_SIGN_IN, listOf("instagram_business_basic"))
 * // in onActivityResult(REQUEST_SIGN_IN, resultCode, data):
 * val token = signIn.complete(resultCode, data, exchanger)
 * ```
 * The app declares its redirect App Link with the manifest placeholders
 * `instagramRedirectScheme`, `instagramRedirectHost` and `instagramRedirectPath`.
 */
class InstagramSignIn(context: Context, private val auth: InstagramAuth, private val tab: TabOptions = TabOptions()) {
    private val context = context.applicationContext
    private val store = PendingSignInStore(this.context)

    /**
     * Starts a sign-in and returns the intent to start for a result (`startActivityForResult`,
     * or androidx's `ActivityResultContracts.StartActivityForResult`). The browser is chosen
     * and the sign-in saved before this returns.
     *
     * @param scopes Instagram permissions, e.g. `instagram_business_basic`.
     * @param options e.g. `SignInOptions(forceReauth = true)` to let the user switch accounts.
     * @throws InstagramSignInException.NoBrowser when no web browser is installed.
     * @throws InstagramAuthException.Configuration when a scope is unusable.
     */
    fun createIntent(scopes: List<String>, options: SignInOptions? = null): Intent {
        val browser = BrowserSelector.select(context.packageManager) ?: throw InstagramSignInException.NoBrowser()
        val pending = auth.startAuthorization(scopes, options)
        store.save(pending.toSavedString())
        val consentPage = BrowserIntents.consentPage(browser, pending.authorizationUrl(), tab)
        return Intent(context, InstagramSignInActivity::class.java)
            .putExtra(InstagramSignInActivity.KEY_BROWSER_INTENT, consentPage)
    }

    /**
     * Starts a sign-in from [activity] ([createIntent]); the result comes to its
     * `onActivityResult` with [requestCode], to be passed to [complete] or [grant].
     */
    fun launch(activity: Activity, requestCode: Int, scopes: List<String>, options: SignInOptions? = null) {
        activity.startActivityForResult(createIntent(scopes, options), requestCode)
    }

    /**
     * Reads the sign-in's activity result into the code grant, checked against the saved
     * sign-in (state, redirect URI). The saved sign-in is then spent, except after a
     * [InstagramAuthException.StrayCallback], which ends nothing.
     *
     * @throws InstagramSignInException.Cancelled when the user closed the tab.
     * @throws InstagramSignInException.NoBrowser when the browser disappeared meanwhile.
     * @throws InstagramSignInException.NotInProgress when no sign-in waits for this answer.
     * @throws InstagramAuthException for Instagram's answer (e.g. `AccessDenied`).
     */
    fun grant(resultCode: Int, data: Intent?): CodeGrant {
        val callbackUrl = when (val outcome = SignInOutcome.fromResult(resultCode, data)) {
            is SignInOutcome.Redirected -> outcome.callbackUrl
            SignInOutcome.Cancelled -> throw ended(InstagramSignInException.Cancelled())
            SignInOutcome.NoBrowser -> throw ended(InstagramSignInException.NoBrowser())
        }
        val saved = store.load() ?: throw InstagramSignInException.NotInProgress()
        return try {
            auth.handleCallback(auth.restoreAuthorization(saved), callbackUrl).also { store.clear() }
        } catch (stray: InstagramAuthException.StrayCallback) {
            throw stray
        } catch (error: InstagramAuthException) {
            throw ended(error)
        }
    }

    /** [grant], then the exchange through the app's own [exchanger] (e.g. a Parse Cloud call). */
    suspend fun complete(resultCode: Int, data: Intent?, exchanger: CodeExchanger): TokenResponse =
        auth.exchangeCodeWith(grant(resultCode, data), exchanger)

    /** [grant], then the exchange through an HTTP [backend] (for apps without a Parse SDK). */
    suspend fun complete(resultCode: Int, data: Intent?, backend: BackendExchange): TokenResponse =
        auth.exchangeCodeViaBackend(grant(resultCode, data), backend)

    /** Whether a sign-in was started and has not ended yet. */
    val isInProgress: Boolean get() = store.load() != null

    private fun <E : Exception> ended(error: E): E {
        store.clear()
        return error
    }
}
