package dev.instagramauth.okhttp

import dev.instagramauth.HttpClient
import dev.instagramauth.HttpClientException
import dev.instagramauth.HttpHeader
import dev.instagramauth.HttpRequest
import dev.instagramauth.HttpResponse
import java.io.IOException
import java.io.InterruptedIOException
import java.util.concurrent.TimeUnit
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine
import okhttp3.Call
import okhttp3.Callback
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.Response

/**
 * The library's requests over OkHttp, for apps that already configure one client
 * (interceptors, certificate pinning, their own DNS or proxy): pass it as
 * `OkHttpHttpClient(appClient)` and give that to `InstagramAuth(config, client)`.
 *
 * Each request is sent as the library decided it, whatever [base] says: redirects are not
 * followed, a failed connection is not retried (a code must be sent once), the request's
 * timeouts apply (the whole exchange and the connect), and reading stops one byte past
 * the size the library accepts. A cancelled caller cancels the call.
 */
class OkHttpHttpClient(base: OkHttpClient = OkHttpClient()) : HttpClient {
    private val client: OkHttpClient = base.newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .build()

    override suspend fun send(request: HttpRequest): HttpResponse {
        val call = client.newBuilder()
            .callTimeout(request.timeoutMs().toLong(), TimeUnit.MILLISECONDS)
            .connectTimeout(request.connectTimeoutMs().toLong(), TimeUnit.MILLISECONDS)
            .build()
            .newCall(okHttpRequest(request))
        return suspendCancellableCoroutine { continuation ->
            continuation.invokeOnCancellation { call.cancel() }
            call.enqueue(object : Callback {
                override fun onFailure(call: Call, e: IOException) = continuation.resumeWithException(clientError(e))

                override fun onResponse(call: Call, response: Response) {
                    val result = try {
                        Result.success(read(response, request.maxResponseBytes()))
                    } catch (error: IOException) {
                        Result.failure(clientError(error))
                    }
                    result.fold(continuation::resume, continuation::resumeWithException)
                }
            })
        }
    }

    private fun okHttpRequest(request: HttpRequest): Request {
        val body = request.body()
        val builder = Request.Builder()
            .url(request.url())
            // An empty body is sent as none; the library's GETs have none.
            .method(request.method(), if (body.isEmpty() && request.method() == "GET") null else body.toRequestBody())
        for (header in request.headers()) builder.addHeader(header.name, header.value)
        return builder.build()
    }

    /** Status, headers as received, and the body up to one byte past what the library accepts. */
    private fun read(response: Response, maxBytes: ULong): HttpResponse = response.use {
        val limit = maxBytes.coerceAtMost(Long.MAX_VALUE.toULong() - 1uL).toLong() + 1
        val source = it.body!!.source()
        // request() fills the buffer up to limit bytes or the end of the body, whichever comes first.
        source.request(limit)
        val body = source.buffer.readByteArray(minOf(limit, source.buffer.size))
        HttpResponse(
            status = it.code.toUShort(),
            body = body,
            url = it.request.url.toString(),
            headers = it.headers.map { (name, value) -> HttpHeader(name, value) },
        )
    }

    /**
     * A timeout (OkHttp's call timeout, or a socket's: both are InterruptedIOException), or a
     * network error in the exception's words. A call the caller cancelled fails too, but its
     * coroutine is cancelled already and drops the error.
     */
    private fun clientError(error: IOException): HttpClientException =
        if (error is InterruptedIOException) {
            HttpClientException.Timeout()
        } else {
            HttpClientException.Network(listOfNotNull(error.javaClass.simpleName, error.message).joinToString(": "))
        }
}
