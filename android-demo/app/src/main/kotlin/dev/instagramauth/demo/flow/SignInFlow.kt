package dev.instagramauth.demo.flow

import dev.instagramauth.BackendExchange
import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Where the sign-in in flight is kept while the browser is open (SharedPreferences in the app). */
interface PendingStore {
    fun save(saved: String)
    fun load(): String?
    fun clear()
}

/** The Parse side (the Parse Android SDK in the app). */
interface ParseSession {
    /** Logs in with authData and returns the Parse user's objectId. */
    suspend fun logIn(provider: String, authData: Map<String, String>): String
    suspend fun logOut()
}

/** What the screen shows. */
sealed interface SignInState {
    data object SignedOut : SignInState
    data object WaitingForBrowser : SignInState
    data object Working : SignInState
    /** A link that is not this sign-in's answer opened the app; the sign-in is still open. */
    data class StillOpen(val message: String, val authorizationUrl: String) : SignInState
    data class SignedIn(val parseUserId: String, val username: String?, val profilePictureUrl: String?) : SignInState
    data class Failed(val message: String) : SignInState
}

/**
 * The whole "Sign in with Instagram" flow, free of android.* so it runs (and is tested) on
 * the JVM. The activity opens the URL from [start] in Custom Tabs and hands the redirect to
 * [complete]; the pending sign-in is saved before the browser opens, so [complete] works
 * even after Android killed the app in between.
 */
class SignInFlow(
    private val auth: InstagramAuth,
    private val backend: BackendExchange,
    private val store: PendingStore,
    private val parse: ParseSession,
) {
    private val mutableState = MutableStateFlow<SignInState>(SignInState.SignedOut)
    val state: StateFlow<SignInState> = mutableState.asStateFlow()

    /** Saves a new pending sign-in and returns the consent URL to open, or null on failure. */
    fun start(): String? = try {
        val pending = auth.startAuthorization(listOf("instagram_business_basic"))
        store.save(pending.toSavedString())
        mutableState.value = SignInState.WaitingForBrowser
        pending.authorizationUrl()
    } catch (error: InstagramAuthException) {
        mutableState.value = SignInState.Failed(friendlyMessage(error))
        null
    }

    /** True when a sign-in was started and the app was relaunched before it finished. */
    fun hasPendingSignIn(): Boolean = store.load() != null

    /** Finishes the sign-in with the URL Instagram redirected to. */
    suspend fun complete(callbackUrl: String) {
        val saved = store.load()
        if (saved == null) {
            mutableState.value = SignInState.Failed("No sign-in is in progress. Please start again.")
            return
        }
        mutableState.value = SignInState.Working
        try {
            val pending = auth.restoreAuthorization(saved)
            val grant = try {
                auth.handleCallback(pending, callbackUrl)
            } catch (stray: InstagramAuthException.StrayCallback) {
                // Any page can open the app's redirect link: that ends nothing. The sign-in
                // stays saved and open for its real callback, nothing of the link is shown,
                // and the user can go back to Instagram or cancel.
                mutableState.value = SignInState.StillOpen(friendlyMessage(stray), pending.authorizationUrl())
                return
            }
            store.clear()
            val token = auth.exchangeCodeViaBackend(grant, backend)
            val authData = token.authData()
            val parseUserId = parse.logIn(authData.provider(), authData.toMap())
            val profile = auth.fetchProfile(token.accessToken())
            mutableState.value = SignInState.SignedIn(parseUserId, profile.username, profile.profilePictureUrl)
        } catch (error: InstagramAuthException) {
            store.clear()
            mutableState.value = if (error is InstagramAuthException.AccessDenied) SignInState.SignedOut else SignInState.Failed(friendlyMessage(error))
        } catch (error: ParseLoginException) {
            mutableState.value = SignInState.Failed("Parse could not log you in: ${error.message}")
        }
    }

    /** After [SignInState.StillOpen]: the consent URL to open again, or null if none is open. */
    fun resume(): String? {
        val open = mutableState.value as? SignInState.StillOpen ?: return null
        mutableState.value = SignInState.WaitingForBrowser
        return open.authorizationUrl
    }

    /** The user closed the browser without finishing. */
    fun cancel() {
        store.clear()
        mutableState.value = SignInState.SignedOut
    }

    suspend fun signOut() {
        parse.logOut()
        mutableState.value = SignInState.SignedOut
    }

    companion object {
        /** What to tell the user, by what they can do about it. */
        fun friendlyMessage(error: InstagramAuthException): String = when (error) {
            is InstagramAuthException.AccessDenied -> "Sign-in was cancelled."
            is InstagramAuthException.Network, is InstagramAuthException.Timeout ->
                "Instagram can't be reached. Check your connection and try again."
            is InstagramAuthException.StrayCallback ->
                "That link isn't the answer to your sign-in, which is still open."
            is InstagramAuthException.MissingCode ->
                "Instagram's answer was incomplete. Please start again."
            is InstagramAuthException.Expired, is InstagramAuthException.AlreadyUsed,
            is InstagramAuthException.InvalidSavedAuthorization ->
                "The sign-in took too long. Please start again."
            is InstagramAuthException.ProviderRejected -> "Instagram didn't accept the sign-in. Please try again."
            is InstagramAuthException.BackendRejected -> "The sign-in service refused the sign-in. Please try again later."
            is InstagramAuthException.InvalidReply -> "Instagram answered unexpectedly. Please try again later."
            is InstagramAuthException.Configuration -> "The app is misconfigured: $error"
        }
    }
}

/** Thrown by a [ParseSession] when Parse refuses the login (e.g. error 101). */
class ParseLoginException(message: String, cause: Throwable? = null) : Exception(message, cause)
