package dev.instagramauth.parse

import android.app.Activity
import android.content.Context
import android.content.Intent
import com.parse.ParseUser
import dev.instagramauth.CodeGrant
import dev.instagramauth.InstagramAuth
import dev.instagramauth.SignInOptions
import dev.instagramauth.android.InstagramSignIn
import dev.instagramauth.android.TabOptions

/**
 * "Sign in with Instagram" for Parse users, shaped like Parse's `ParseFacebookUtils`:
 * [initialize] once, then log in, link, unlink and ask [isLinked]. The code is exchanged by
 * the app's Cloud function through the Parse SDK ([ParseCloudExchanger]), so the app holds
 * no key of its own, and the user logs in with Instagram's authData
 * (`{"instagram": {"id", "access_token"}}`).
 *
 * ```
 * ParseInstagramUtils.initialize(this, InstagramAuth(InstagramAuthConfig(clientId = ..., redirectUri = ...)))
 * ParseInstagramUtils.startSignIn(activity, REQUEST_INSTAGRAM)
 * // in onActivityResult(REQUEST_INSTAGRAM, resultCode, data), in a coroutine:
 * val user = ParseInstagramUtils.logIn(resultCode, data)
 * ```
 *
 * The functions are suspend functions, with no Parse `Task` in their signatures, and work
 * with Parse Android 1.x and 4.x (the module's flavors parse1 and parse4). Parse refusals
 * come as the SDK's `ParseException` (e.g. code 101 for authData Instagram does not
 * confirm); the sign-in's own as `InstagramSignInException` and `InstagramAuthException`.
 */
object ParseInstagramUtils {
    /** The authData key, and Parse Server's auth adapter, for Instagram (`ParseAuthData.provider()`). */
    const val AUTH_TYPE = "instagram"

    /** The permission a Parse login needs: the user's id, name and profile picture. */
    val DEFAULT_SCOPES = listOf("instagram_business_basic")

    private class Setup(val auth: InstagramAuth, val signIn: InstagramSignIn, val exchanger: ParseCloudExchanger)

    @Volatile private var setup: Setup? = null

    /**
     * Sets the module up, after `Parse.initialize`, and registers Instagram's authentication
     * callback with Parse. A second call changes nothing (Parse refuses a second
     * registration).
     *
     * @param auth the app's Instagram sign-in configuration.
     * @param cloudFunction the Cloud function that exchanges the code.
     * @param tab how the consent page's Custom Tab looks.
     */
    fun initialize(context: Context, auth: InstagramAuth, cloudFunction: String = "instagramExchange", tab: TabOptions = TabOptions()) {
        synchronized(this) {
            if (setup != null) return
            ParseUser.registerAuthenticationCallback(AUTH_TYPE, InstagramAuthenticationCallback)
            setup = Setup(auth, InstagramSignIn(context, auth, tab), ParseCloudExchanger(cloudFunction))
        }
    }

    /** Whether [initialize] ran. */
    fun isInitialized(): Boolean = setup != null

    /**
     * Opens Instagram's consent page from [activity]; the answer comes to its
     * `onActivityResult` with [requestCode], for [logIn] or [link].
     *
     * @throws dev.instagramauth.android.InstagramSignInException.NoBrowser when no browser is installed.
     */
    fun startSignIn(activity: Activity, requestCode: Int, scopes: List<String> = DEFAULT_SCOPES, options: SignInOptions? = null) {
        checkInitialized().signIn.launch(activity, requestCode, scopes, options)
    }

    /** [startSignIn] as an intent, for androidx's `ActivityResultContracts.StartActivityForResult`. */
    fun createSignInIntent(scopes: List<String> = DEFAULT_SCOPES, options: SignInOptions? = null): Intent =
        checkInitialized().signIn.createIntent(scopes, options)

    /** Logs in (or signs up) the Parse user of the Instagram account that answered the sign-in. */
    suspend fun logIn(resultCode: Int, data: Intent?): ParseUser = logIn(checkInitialized().signIn.grant(resultCode, data))

    /** Logs in with a grant the app received itself (`InstagramAuth.handleCallback`). */
    suspend fun logIn(grant: CodeGrant): ParseUser = ParseUserTasks.logInWith(AUTH_TYPE, authData(grant))

    /** Links the Instagram account that answered the sign-in to [user] (the signed-in user), and saves it. */
    suspend fun link(user: ParseUser, resultCode: Int, data: Intent?) = link(user, checkInitialized().signIn.grant(resultCode, data))

    /** Links with a grant the app received itself. */
    suspend fun link(user: ParseUser, grant: CodeGrant) = ParseUserTasks.linkWith(user, AUTH_TYPE, authData(grant))

    /** Removes Instagram from [user]'s authData and saves the user. */
    suspend fun unlink(user: ParseUser) = ParseUserTasks.unlinkFrom(user, AUTH_TYPE)

    /** Whether [user] has Instagram authData. */
    fun isLinked(user: ParseUser): Boolean = user.isLinked(AUTH_TYPE)

    private suspend fun authData(grant: CodeGrant): Map<String, String> {
        val setup = checkInitialized()
        return setup.auth.exchangeCodeWith(grant, setup.exchanger).authData().toMap()
    }

    private fun checkInitialized(): Setup =
        setup ?: throw IllegalStateException("ParseInstagramUtils.initialize(context, auth) must run first, after Parse.initialize (e.g. in Application.onCreate).")
}
