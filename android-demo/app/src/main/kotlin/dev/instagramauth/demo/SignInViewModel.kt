package dev.instagramauth.demo

import android.content.Intent
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import com.parse.ParseException
import com.parse.ParseUser
import dev.instagramauth.InstagramAuthException
import dev.instagramauth.android.InstagramSignInException
import dev.instagramauth.parse.ParseInstagramUtils
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** What the screen shows. */
sealed interface SignInState {
    data object SignedOut : SignInState
    data object Working : SignInState
    data class SignedIn(val parseUserId: String) : SignInState
    data class Failed(val message: String) : SignInState
}

/** The screen's state across configuration changes; the sign-in itself is the library's. */
class SignInViewModel : ViewModel() {
    private val mutableState = MutableStateFlow(
        ParseUser.getCurrentUser()?.takeIf(ParseInstagramUtils::isLinked)?.let { SignInState.SignedIn(it.objectId) } ?: SignInState.SignedOut,
    )
    val state: StateFlow<SignInState> = mutableState.asStateFlow()

    /** The sign-in activity's result (the browser's answer): log in to Parse with it. */
    fun finish(resultCode: Int, data: Intent?) {
        mutableState.value = SignInState.Working
        viewModelScope.launch {
            mutableState.value = try {
                SignInState.SignedIn(ParseInstagramUtils.logIn(resultCode, data).objectId)
            } catch (error: Exception) {
                failure(error)
            }
        }
    }

    fun failed(error: Exception) {
        mutableState.value = failure(error)
    }

    fun signOut() {
        ParseUser.logOut()
        mutableState.value = SignInState.SignedOut
    }

    /** What to tell the user, by what they can do about it. */
    private fun failure(error: Exception): SignInState = when (error) {
        is InstagramSignInException.Cancelled, is InstagramAuthException.AccessDenied -> SignInState.SignedOut
        is InstagramSignInException -> SignInState.Failed(error.message ?: "Sign-in failed.")
        is InstagramAuthException.Network, is InstagramAuthException.Timeout ->
            SignInState.Failed("Instagram can't be reached. Check your connection and try again.")
        is InstagramAuthException -> SignInState.Failed("Instagram sign-in failed: $error")
        is ParseException -> SignInState.Failed("Parse could not log you in: ${error.message}")
        else -> throw error
    }
}
