package dev.instagramauth.demo

import android.content.Intent
import android.net.Uri
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.browser.customtabs.CustomTabsIntent
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.unit.dp
import coil.compose.AsyncImage
import dev.instagramauth.demo.flow.SignInState
import dev.instagramauth.demo.launch.RedirectLaunch

class MainActivity : ComponentActivity() {
    private val viewModel: SignInViewModel by viewModels()
    private var browserOpen = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Launched by the redirect, possibly into a new process: the flow restores the saved
        // sign-in. Recreated, or launched from Recents: the intent is the old one again and
        // its redirect was handled already (RedirectLaunch says why). No new redirect while
        // a sign-in is saved: the browser was closed while the app was dead, and onResume
        // cancels it.
        val launchedFromHistory = (intent.flags and Intent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY) != 0
        if (RedirectLaunch.isNewRedirect(intent.data != null, savedInstanceState != null, launchedFromHistory)) {
            handleRedirect(intent)
        } else {
            if (intent.data != null) setIntent(Intent(intent).setData(null))
            browserOpen = viewModel.hasPendingSignIn()
        }
        setContent {
            MaterialTheme {
                Surface(Modifier.fillMaxSize()) {
                    val state by viewModel.state.collectAsState()
                    SignInScreen(
                        state,
                        onSignIn = ::openConsentPage,
                        onResume = ::reopenConsentPage,
                        onCancel = viewModel::cancel,
                        onSignOut = viewModel::signOut,
                    )
                }
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        handleRedirect(intent)
    }

    override fun onResume() {
        super.onResume()
        // Back from Custom Tabs without a redirect: the user closed the browser.
        if (browserOpen && intent?.data == null) viewModel.cancel()
        browserOpen = false
    }

    private fun openConsentPage() = openBrowser(viewModel.start())

    /** After a stray link: the sign-in is still open, on the same consent page. */
    private fun reopenConsentPage() = openBrowser(viewModel.resume())

    private fun openBrowser(url: String?) {
        if (url == null) return
        browserOpen = true
        CustomTabsIntent.Builder().build().launchUrl(this, Uri.parse(url))
    }

    private fun handleRedirect(intent: Intent?) {
        val data = intent?.data ?: return
        browserOpen = false
        setIntent(Intent(intent).setData(null)) // handle each redirect once
        viewModel.complete(data.toString())
    }
}

@Composable
private fun SignInScreen(
    state: SignInState,
    onSignIn: () -> Unit,
    onResume: () -> Unit,
    onCancel: () -> Unit,
    onSignOut: () -> Unit,
) {
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        when (state) {
            SignInState.SignedOut -> Button(onClick = onSignIn) { Text("Sign in with Instagram") }
            SignInState.WaitingForBrowser, SignInState.Working -> CircularProgressIndicator()
            is SignInState.StillOpen -> {
                Text(state.message)
                Button(onClick = onResume) { Text("Continue with Instagram") }
                OutlinedButton(onClick = onCancel) { Text("Cancel") }
            }
            is SignInState.SignedIn -> {
                AsyncImage(
                    model = state.profilePictureUrl,
                    contentDescription = "Profile picture",
                    modifier = Modifier.size(96.dp).clip(CircleShape),
                )
                Text("@${state.username ?: "?"}", style = MaterialTheme.typography.headlineSmall)
                Text("Parse user ${state.parseUserId}")
                OutlinedButton(onClick = onSignOut) { Text("Sign out") }
            }
            is SignInState.Failed -> {
                Text(state.message, color = MaterialTheme.colorScheme.error)
                Button(onClick = onSignIn) { Text("Try again") }
            }
        }
    }
}
