package dev.instagramauth

import java.io.IOException
import java.io.InputStream
import java.net.HttpURLConnection
import java.net.SocketTimeoutException
import java.net.URL
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The library's requests over `java.net.HttpURLConnection`, so Android's own trust store
 * (with user and MDM certificates), proxy and network security config apply. It sends each
 * request as the library decided it: no redirect is followed, the timeouts are the
 * request's, and reading stops one byte past the size the library accepts.
 *
 * `InstagramAuth(config)` uses it. Pass another [HttpClient] as `InstagramAuth(config, client)`
 * to use OkHttp (with its interceptors and pinning) instead.
 */
class HttpUrlConnectionClient : HttpClient {
    override suspend fun send(request: HttpRequest): HttpResponse = coroutineScope {
        val connection = try {
            URL(request.url()).openConnection() as HttpURLConnection
        } catch (error: IOException) {
            throw HttpClientException.Network(describe(error))
        }
        // A cancelled caller (the app's scope, or the library giving up) closes the
        // connection under the blocking call, which ignores cancellation by itself.
        val finished = AtomicBoolean(false)
        val onCancel = launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                awaitCancellation()
            } catch (cancelled: CancellationException) {
                if (!finished.get()) connection.disconnect()
                throw cancelled
            }
        }
        try {
            withContext(Dispatchers.IO) { exchange(connection, request) }
        } finally {
            finished.set(true)
            onCancel.cancel()
        }
    }

    private fun exchange(connection: HttpURLConnection, request: HttpRequest): HttpResponse {
        val timeoutMs = request.timeoutMs().toMillisInt()
        val deadline = System.nanoTime() + timeoutMs * 1_000_000L
        // The request's timeout is a deadline for the whole exchange: HttpURLConnection's
        // own timeouts are per connect and per read, so a server dripping its head or body
        // would hold it for ever. At the deadline the connection is closed under it.
        val watchdog = deadlines.schedule({ connection.disconnect() }, timeoutMs.toLong(), TimeUnit.MILLISECONDS)
        return try {
            connection.instanceFollowRedirects = false
            connection.useCaches = false
            connection.connectTimeout = request.connectTimeoutMs().toMillisInt()
            connection.readTimeout = timeoutMs
            connection.requestMethod = request.method()
            for (header in request.headers()) connection.setRequestProperty(header.name, header.value)
            if (request.body().isNotEmpty()) {
                // Streamed with its length, never buffered: the JDK sends a buffered POST
                // again when the connection closes without a reply (sun.net.http.retryPost),
                // and a code must be sent once. Streaming costs about a millisecond on
                // loopback (BENCHMARKS.md).
                connection.doOutput = true
                connection.setFixedLengthStreamingMode(request.body().size)
                connection.outputStream.use { it.write(request.body()) }
            }
            val status = connection.responseCode
            val stream = if (status >= 400) connection.errorStream else connection.inputStream
            val limit = request.maxResponseBytes().toLong().coerceAtMost(Int.MAX_VALUE - 1L).toInt() + 1
            val body = stream?.use { readAtMost(it, limit, deadline) } ?: ByteArray(0)
            // HttpURLConnection ends a body that was cut short like a whole one; the
            // announced length tells them apart (reqwest reports it as a network error too).
            val announced = connection.contentLengthLong
            if (announced >= 0 && body.size < limit && body.size.toLong() != announced) {
                throw IOException("the connection closed after ${body.size} of $announced bytes")
            }
            HttpResponse(status.toUShort(), body, connection.url.toString(), headersOf(connection))
        } catch (error: IOException) {
            connection.disconnect()
            if (error is SocketTimeoutException || System.nanoTime() >= deadline) throw HttpClientException.Timeout()
            throw HttpClientException.Network(describe(error))
        } finally {
            watchdog.cancel(false)
        }
    }

    /**
     * The reply's headers in the order received, names as sent, a repeated header as
     * several entries. By position rather than `headerFields`, a map that loses the order
     * and, on some Android versions, the names' case. Position 0 is the status line, which
     * has no name.
     */
    private fun headersOf(connection: HttpURLConnection): List<HttpHeader> =
        generateSequence(0) { it + 1 }
            .map { connection.getHeaderFieldKey(it) to connection.getHeaderField(it) }
            .takeWhile { (name, value) -> name != null || value != null }
            .mapNotNull { (name, value) -> if (name == null) null else HttpHeader(name, value ?: "") }
            .toList()

    /** Reads up to [limit] bytes; a server that drips its body past the deadline times out. */
    private fun readAtMost(input: InputStream, limit: Int, deadline: Long): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        val buffer = ByteArray(16 * 1024)
        while (out.size() < limit) {
            val read = input.read(buffer, 0, minOf(buffer.size, limit - out.size()))
            if (read < 0) break
            out.write(buffer, 0, read)
            if (System.nanoTime() > deadline) throw SocketTimeoutException("the reply took too long")
        }
        return out.toByteArray()
    }

    /** The exception's kind and message; the library removes anything of the request. */
    private fun describe(error: IOException): String =
        listOfNotNull(error.javaClass.simpleName, error.message).joinToString(": ")

    /** Milliseconds as Java takes them; at least 1, since 0 means "no timeout" to Java. */
    private fun ULong.toMillisInt(): Int = coerceIn(1uL, Int.MAX_VALUE.toULong()).toInt()

    private companion object {
        /** One daemon thread closes connections that reach their deadline. */
        val deadlines: ScheduledExecutorService = Executors.newSingleThreadScheduledExecutor { task ->
            Thread(task, "instagram-auth-deadlines").apply { isDaemon = true }
        }
    }
}
