package dev.instagramauth.parse

import com.parse.ParseCloud
import com.parse.ParseException
import com.parse.FunctionCallback
import dev.instagramauth.CodeExchanger
import dev.instagramauth.CodeExchangerException
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine
import org.json.JSONArray
import org.json.JSONObject

/**
 * Exchanges the code through the Parse SDK's own Cloud call, so the request carries the
 * keys the app gave `Parse.initialize` and the signed-in user's session: no key is copied
 * into the exchange. The Cloud function (server/cloud/main.js, `instagramExchange` by
 * default) holds the Instagram app secret and answers Instagram's token reply, which the
 * core then checks as for any backend.
 *
 * @property functionName the Cloud function's name.
 */
class ParseCloudExchanger(private val functionName: String = DEFAULT_FUNCTION) : CodeExchanger {
    override suspend fun exchangeCode(code: String, redirectUri: String): String =
        suspendCancellableCoroutine { continuation ->
            val params = mapOf("code" to code, "redirect_uri" to redirectUri)
            // The callback overload: its signature is the same in Parse Android 1.x and 4.x.
            ParseCloud.callFunctionInBackground(functionName, params, FunctionCallback<Any?> { result, error ->
                if (error != null) continuation.resumeWithException(refusal(error)) else continuation.resume(toJson(result))
            })
        }

    private companion object {
        const val DEFAULT_FUNCTION = "instagramExchange"

        /**
         * No connection (100) and a failure inside the SDK (-1, OTHER_CAUSE) are not the
         * server's answer; every other code is.
         */
        fun refusal(error: ParseException): CodeExchangerException =
            if (error.code == ParseException.CONNECTION_FAILED || error.code == ParseException.OTHER_CAUSE) {
                CodeExchangerException.Unreachable(error.message ?: "the Parse Server could not be reached")
            } else {
                CodeExchangerException.Refused(error.code, error.message ?: "the Cloud function failed")
            }

        /** The SDK decodes the reply into maps and lists; the core reads JSON text. */
        fun toJson(result: Any?): String = when (result) {
            is Map<*, *> -> JSONObject(result).toString()
            is List<*> -> JSONArray(result).toString()
            is String -> JSONObject.quote(result)
            null -> "null"
            else -> result.toString()
        }
    }
}
