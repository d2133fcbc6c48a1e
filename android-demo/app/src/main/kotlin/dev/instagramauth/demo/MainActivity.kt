package dev.instagramauth.demo

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
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
import androidx.compose.ui.unit.dp
import dev.instagramauth.android.InstagramSignInException
import dev.instagramauth.parse.ParseInstagramUtils

/** One screen: the sign-in button, then the Parse user. The library does the rest. */
class MainActivity : ComponentActivity() {
    private val viewModel: SignInViewModel by viewModels()

    // Registered in onCreate: Android delivers the result even to an activity it recreated
    // after killing the app while the browser was open.
    private val signIn = registerForActivityResult(ActivityResultContracts.StartActivityForResult()) { result ->
        viewModel.finish(result.resultCode, result.data)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent {
            MaterialTheme {
                Surface(Modifier.fillMaxSize()) {
                    val state by viewModel.state.collectAsState()
                    SignInScreen(state, onSignIn = ::startSignIn, onSignOut = viewModel::signOut)
                }
            }
        }
    }

    private fun startSignIn() {
        try {
            signIn.launch(ParseInstagramUtils.createSignInIntent())
        } catch (noBrowser: InstagramSignInException.NoBrowser) {
            viewModel.failed(noBrowser)
        }
    }
}

@Composable
private fun SignInScreen(state: SignInState, onSignIn: () -> Unit, onSignOut: () -> Unit) {
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        when (state) {
            SignInState.SignedOut -> Button(onClick = onSignIn) { Text("Sign in with Instagram") }
            SignInState.Working -> CircularProgressIndicator()
            is SignInState.SignedIn -> {
                Text("Signed in with Instagram", style = MaterialTheme.typography.headlineSmall)
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
