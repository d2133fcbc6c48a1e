package dev.instagramauth.demo

import com.parse.ParseUser
import dev.instagramauth.demo.flow.ParseLoginException
import dev.instagramauth.demo.flow.ParseSession
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine

/** The Parse Android SDK behind the flow's [ParseSession]. */
class ParseSdkSession : ParseSession {
    override suspend fun logIn(provider: String, authData: Map<String, String>): String =
        suspendCancellableCoroutine { continuation ->
            ParseUser.logInWithInBackground(provider, authData).continueWith { task ->
                when {
                    task.isFaulted -> continuation.resumeWithException(
                        ParseLoginException(task.error?.message ?: "unknown error", task.error),
                    )
                    else -> continuation.resume(task.result.objectId)
                }
                null
            }
        }

    override suspend fun logOut() = suspendCancellableCoroutine { continuation ->
        ParseUser.logOutInBackground { continuation.resume(Unit) }
    }
}
