package dev.instagramauth

import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.net.ServerSocket
import kotlin.concurrent.thread
import kotlin.test.assertFailsWith
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * What every platform transport must do: Rust decides each request and checks each reply,
 * and the app's HTTP stack sends it. Every fault must give what the library's own reqwest
 * client gives, as recorded in testdata/transport-faults.tsv (checked against reqwest by
 * bindings/tests/builtin_client_faults.rs). Each shipped client's test extends this class:
 * [HttpUrlConnectionClientTest], and OkHttpHttpClientTest in bindings/android-okhttp.
 */
abstract class HttpClientContract {
    /** A new instance of the client under test. */
    protected abstract fun client(): HttpClient

    private val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    private val igauth = System.getenv("IGAUTH") ?: error("IGAUTH (the igauth binary) is not set")
    private val redirect = "https://app.example.com/auth/"
    private val secret = "sandbox-app-secret-eb8c7"
    private val faults = java.io.File(System.getenv("IGAUTH_TESTDATA") ?: error("IGAUTH_TESTDATA is not set"), "transport-faults.tsv")

    private fun config(baseUrl: String = sandbox, timeoutMs: ULong = 5000uL) = InstagramAuthConfig(
        clientId = "990602627938098",
        redirectUri = redirect,
        baseUrl = baseUrl,
        requestTimeoutMs = timeoutMs,
        connectTimeoutMs = timeoutMs,
    )

    private fun auth(baseUrl: String = sandbox, timeoutMs: ULong = 5000uL, client: HttpClient = client()) =
        InstagramAuth(config(baseUrl, timeoutMs), client)

    /** A code for this app without the network: a callback as Instagram would send it. */
    private fun code(auth: InstagramAuth, value: String = "AQcode"): CodeGrant {
        val pending = auth.startAuthorization(emptyList())
        val state = pending.authorizationUrl().substringAfter("state=")
        return auth.handleCallback(pending, "$redirect?code=$value&state=$state#_")
    }

    private fun backend(base: String = sandbox) = BackendExchange.parseCloudFunction(
        serverUrl = "${base}sandbox/parse",
        functionName = "instagramExchange",
        applicationId = "sandbox-parse-app-id",
        key = ParseApiKey.RestApiKey("sandbox-parse-rest-key"),
    )

    /** The sandbox user allows the consent page; returns the redirect it sends the browser to. */
    private fun consent(pending: PendingAuthorization): String {
        val browser = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
        return browser.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("${pending.authorizationUrl()}&sandbox_decision=allow")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding(),
        ).headers().firstValue("location").get()
    }

    @Test
    fun `a whole sign-in goes through the platform transport`() = runBlocking<Unit> {
        val auth = auth()
        val pending = auth.startAuthorization(emptyList())
        val token = auth.exchangeCodeViaBackend(auth.handleCallback(pending, consent(pending)), backend())
        assertEquals("17841405793187219", token.userId())
        assertEquals("sandbox.creator", auth.fetchProfile(token.accessToken()).username)
    }

    /** Keeps the last reply its client received. */
    private class Recording(private val inner: HttpClient) : HttpClient {
        @Volatile var last: HttpResponse? = null

        override suspend fun send(request: HttpRequest): HttpResponse = inner.send(request).also { last = it }
    }

    @Test
    fun `the reply's headers reach the library, names as received`() = runBlocking<Unit> {
        val recording = Recording(client())
        val auth = auth(client = recording)
        val pending = auth.startAuthorization(emptyList())
        auth.exchangeCodeViaBackend(auth.handleCallback(pending, consent(pending)), backend())
        val headers = recording.last!!.headers
        val contentType = headers.single { it.name.equals("content-type", ignoreCase = true) }
        assertTrue(contentType.value.startsWith("application/json"), contentType.value)
        assertTrue(headers.any { it.name.equals("content-length", ignoreCase = true) }, headers.toString())
    }

    @Test
    fun `Instagram's refusals come back as what they ask for, with its words`() {
        val auth = auth()
        val spent = assertFailsWith<InstagramAuthException.ProviderRejected> { runBlocking { auth.exchangeCodeWithClientSecret(code(auth, "AQnever-issued"), secret) } }
        assertEquals(400.toUShort(), spent.httpStatus)
        assertEquals(SPENT_CODE, spent.toString())
        val forged = assertFailsWith<InstagramAuthException.ReauthenticationRequired> { runBlocking { auth.fetchProfile("IGAAforged") } }
        assertEquals(FORGED_TOKEN, forged.toString())
    }

    @Test
    fun `every sandbox fault gives the error the reqwest client gives`() {
        val table = faults.readLines().filter { it.isNotBlank() && !it.startsWith("#") }.map { it.split("\t") }
        assertEquals(7, table.size, "one line per fault")
        for ((fault, case, message) in table) {
            withSandbox(fault) { base ->
                val auth = auth(base, timeoutMs = 800uL)
                val started = System.nanoTime()
                val error = assertFailsWith<InstagramAuthException>(fault) { runBlocking { auth.exchangeCodeWithClientSecret(code(auth), secret) } }
                val tookMs = (System.nanoTime() - started) / 1_000_000
                assertTrue(tookMs < 3000, "$fault took $tookMs ms")
                assertEquals(case, error.javaClass.simpleName, "$fault: $error")
                if (case == "Timeout") assertTrue(tookMs >= 750, "$fault: timed out after $tookMs ms of 800")
                if (message != "*") assertEquals(message, error.toString(), fault)
            }
        }
    }

    @Test
    fun `a redirect is handed back, not followed`() {
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        val followed = java.util.concurrent.atomic.AtomicInteger()
        server.createContext("/") { exchange ->
            if (exchange.requestURI.path == "/elsewhere") followed.incrementAndGet()
            exchange.responseHeaders.add("Location", "http://127.0.0.1:${server.address.port}/elsewhere")
            exchange.sendResponseHeaders(302, -1)
            exchange.close()
        }
        server.start()
        try {
            val base = "http://127.0.0.1:${server.address.port}/"
            val auth = auth(base)
            val error = assertFailsWith<InstagramAuthException.InvalidReply> { runBlocking { auth.exchangeCodeViaBackend(code(auth), backend(base)) } }
            assertEquals(302.toUShort(), error.httpStatus)
            assertEquals(0, followed.get(), "the code went to the redirect's target")
        } finally {
            server.stop(0)
        }
    }

    /**
     * A loopback server that hands each connection to [handle] on a thread of its own, for
     * what the sandbox cannot do; [body] gets its base URL.
     */
    private fun serving(handle: (java.net.Socket) -> Unit, body: (base: String) -> Unit) {
        ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()).use { socket ->
            thread(isDaemon = true) {
                try {
                    while (true) {
                        val client = socket.accept()
                        thread(isDaemon = true) { client.use { runCatching { handle(it) } } }
                    }
                } catch (_: Exception) {}
            }
            body("http://127.0.0.1:${socket.localPort}/")
        }
    }

    /** The client gives up on [base] with a Timeout, well within a few seconds. */
    private fun assertTimesOut(base: String, timeoutMs: ULong) {
        val auth = auth(base, timeoutMs)
        val started = System.nanoTime()
        assertFailsWith<InstagramAuthException.Timeout> { runBlocking { auth.fetchProfile("IGAAtoken") } }
        val tookMs = (System.nanoTime() - started) / 1_000_000
        assertTrue(tookMs < 3000, "took $tookMs ms")
    }

    @Test
    fun `a server that never answers times out`() =
        serving({ Thread.sleep(10_000) }) { base -> assertTimesOut(base, 600uL) }

    /** A client that fails with everything it was asked to send in its message. */
    private class Blabbing : HttpClient {
        override suspend fun send(request: HttpRequest): HttpResponse =
            throw HttpClientException.Network("${request.method()} ${request.url()} ${String(request.body())} ${request.headers()} $request")
    }

    @Test
    fun `no secret reaches an error's text, whatever the client says`() {
        val auth = InstagramAuth(config(), Blabbing())
        val profile = assertFailsWith<InstagramAuthException.Network> { runBlocking { auth.fetchProfile("IGAAsecret-token-123") } }
        assertTrue(!profile.toString().contains("IGAAsecret"), profile.toString())
        val exchange = assertFailsWith<InstagramAuthException.Network> { runBlocking { auth.exchangeCodeWithClientSecret(code(auth, "AQsecret-code-4567"), secret) } }
        for (leak in listOf("AQsecret", secret)) assertTrue(!exchange.toString().contains(leak), exchange.toString())
        val viaBackend = assertFailsWith<InstagramAuthException.Network> { runBlocking { auth.exchangeCodeViaBackend(code(auth, "AQsecret-code-4567"), backend()) } }
        for (leak in listOf("AQsecret", "sandbox-parse-rest-key")) assertTrue(!viaBackend.toString().contains(leak), viaBackend.toString())
    }

    @Test
    fun `a code is sent once even when the connection drops without a reply`() {
        val requests = java.util.concurrent.atomic.AtomicInteger()
        // Reads each request, counts it, and hangs up without a word.
        serving({ client ->
            client.soTimeout = 2000
            val head = client.getInputStream().bufferedReader().readLine()
            if (head != null && head.startsWith("POST")) requests.incrementAndGet()
        }) { base ->
            val auth = auth(base)
            assertFailsWith<InstagramAuthException.Network> { runBlocking { auth.exchangeCodeWithClientSecret(code(auth), secret) } }
            Thread.sleep(200)
            assertEquals(1, requests.get(), "the POST with the code was sent again")
        }
    }

    /** Found by review: the blocking call ignored cancellation until its own deadline. */
    @Test
    fun `a caller that gives up closes the connection`() {
        val closed = java.util.concurrent.CountDownLatch(1)
        serving({ client ->
            val input = client.getInputStream()
            val head = input.bufferedReader()
            while (!head.readLine().isNullOrEmpty()) {}
            client.soTimeout = 5000
            if (input.read() == -1) closed.countDown()
        }) { base ->
            val auth = auth(base, timeoutMs = 10_000uL)
            runBlocking {
                val call = launch(kotlinx.coroutines.Dispatchers.Default) { runCatching { auth.fetchProfile("IGAAtoken") } }
                kotlinx.coroutines.delay(300)
                call.cancelAndJoin()
            }
            assertTrue(closed.await(2, java.util.concurrent.TimeUnit.SECONDS), "the connection stayed open after the caller gave up")
        }
    }

    @Test
    fun `a server dripping its head is cut off at the deadline`() =
        serving({ client ->
            // The request's head first, then an answer one header at a time.
            val input = client.getInputStream().bufferedReader()
            while (!input.readLine().isNullOrEmpty()) {}
            val out = client.getOutputStream()
            out.write("HTTP/1.1 200 OK\r\n".toByteArray())
            repeat(100) { i ->
                Thread.sleep(200)
                out.write("X-Drip-$i: x\r\n".toByteArray())
                out.flush()
            }
        }) { base -> assertTimesOut(base, 1000uL) }

    /** Runs [body] against `igauth sandbox --fault <fault>`, a sandbox of its own. */
    private fun withSandbox(fault: String, body: (String) -> Unit) {
        val process = ProcessBuilder(igauth, "sandbox", "--port", "0", "--fault", fault)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        try {
            val first = process.inputStream.bufferedReader().readLine() ?: error("the sandbox did not start")
            val base = Regex("\"base_url\"\\s*:\\s*\"([^\"]+)\"").find(first)!!.groupValues[1]
            body(base)
        } finally {
            process.destroy()
        }
    }

    private companion object {
        // Instagram's words, as the sandbox gives them (the same through any client).
        const val SPENT_CODE = "Instagram refused the request: Matching code was not found or was already used (OAuthException, code 400)"
        const val FORGED_TOKEN = "Instagram no longer accepts this sign-in; sign in again: Invalid OAuth access token - Cannot parse access token (OAuthException, code 190)"
    }
}
