package dev.instagramauth.demo

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import dev.instagramauth.BackendExchange
import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthConfig
import dev.instagramauth.demo.flow.SignInFlow
import kotlinx.coroutines.launch

/** Holds the [SignInFlow] across configuration changes and runs it on viewModelScope. */
class SignInViewModel(application: Application) : AndroidViewModel(application) {
    private val flow = SignInFlow(
        auth = InstagramAuth(
            InstagramAuthConfig(
                clientId = DemoConfig.instagramAppId,
                redirectUri = DemoConfig.redirectUri,
                baseUrl = if (DemoConfig.USE_SANDBOX) DemoConfig.SANDBOX_URL else null,
            ),
        ),
        backend = BackendExchange.parseCloudFunction(
            serverUrl = DemoConfig.exchangeServerUrl,
            functionName = DemoConfig.EXCHANGE_FUNCTION,
            applicationId = DemoConfig.exchangeAppId,
            key = DemoConfig.exchangeKey,
        ),
        store = AndroidPendingStore(application),
        parse = ParseSdkSession(),
    )

    val state = flow.state

    fun start(): String? = flow.start()

    fun hasPendingSignIn() = flow.hasPendingSignIn()

    fun complete(callbackUrl: String) {
        viewModelScope.launch { flow.complete(callbackUrl) }
    }

    fun resume(): String? = flow.resume()

    fun cancel() = flow.cancel()

    fun signOut() {
        viewModelScope.launch { flow.signOut() }
    }
}
