package dev.instagramauth.parse

import com.parse.boltsinternal.Continuation
import com.parse.boltsinternal.Task
import com.parse.ParseUser
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The three ParseUser calls that exist only as Task-returning methods, as suspend functions,
 * so no Task reaches the module's API. Flavor parse1 is Parse Android 1.x (Maven Central,
 * `bolts.Task`), flavor parse4 is 4.x (JitPack, `com.parse.boltsinternal.Task`); their two
 * copies of this file differ only in the imports of Task and Continuation, which
 * scripts/test-android-framework.sh checks.
 */
internal object ParseUserTasks {
    suspend fun logInWith(authType: String, authData: Map<String, String>): ParseUser =
        ParseUser.logInWithInBackground(authType, authData).await()

    suspend fun linkWith(user: ParseUser, authType: String, authData: Map<String, String>) {
        user.linkWithInBackground(authType, authData).await()
    }

    suspend fun unlinkFrom(user: ParseUser, authType: String) {
        user.unlinkFromInBackground(authType).await()
    }

    private suspend fun <T> Task<T>.await(): T = suspendCancellableCoroutine { continuation ->
        continueWith(
            Continuation<T, Unit> { task ->
                when {
                    task.isCancelled -> continuation.cancel()
                    task.isFaulted -> continuation.resumeWithException(task.error)
                    else -> continuation.resume(task.result)
                }
            },
        )
    }
}
