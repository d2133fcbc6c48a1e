package dev.instagramauth.bench

import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthConfig
import dev.instagramauth.builtInHttpClient
import dev.instagramauth.okhttp.OkHttpHttpClient
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.runBlocking

/**
 * Per-call cost through the Kotlin bindings (JNA) on the JVM, against the sandbox at
 * SANDBOX_URL: starting a sign-in, checking a callback, and a code exchange, sent by the
 * platform client apps get (HttpURLConnection), by the OkHttp client
 * (bindings/android-okhttp) and by the reqwest client the library carried before, compiled
 * in for this benchmark only (`--features builtin-http`), interleaved. Run by scripts/bench.sh; prints `name value` lines.
 */
fun main() = runBlocking {
    val sandbox = System.getenv("SANDBOX_URL") ?: error("SANDBOX_URL is not set")
    val redirect = "https://app.example.com/auth/"
    val config = InstagramAuthConfig(clientId = "990602627938098", redirectUri = redirect, baseUrl = sandbox)
    val platform = InstagramAuth(config)
    val okHttp = InstagramAuth(config, OkHttpHttpClient())
    val auth = InstagramAuth(config, builtInHttpClient())

    fun medianMicros(samples: LongArray) = samples.sorted()[samples.size / 2] / 1000.0
    fun p99Micros(samples: LongArray) = samples.sorted()[samples.size * 99 / 100] / 1000.0

    // Start + callback: the callback is built here from the URL's state, so only the two
    // FFI calls are timed. Warm-up first: JIT and JNA's first-call binding.
    val rounds = 20_000
    repeat(2_000) {
        val pending = auth.startAuthorization(emptyList())
        auth.handleCallback(pending, "$redirect?code=AQwarm&state=${pending.authorizationUrl().substringAfter("state=")}#_")
    }
    val starts = LongArray(rounds)
    val callbacks = LongArray(rounds)
    for (i in 0 until rounds) {
        val t0 = System.nanoTime()
        val pending = auth.startAuthorization(emptyList())
        starts[i] = System.nanoTime() - t0
        val callback = "$redirect?code=AQBx-hBsH3a1b2c3d4e5f6g7h8i9j0&state=${pending.authorizationUrl().substringAfter("state=")}#_"
        val t1 = System.nanoTime()
        auth.handleCallback(pending, callback)
        callbacks[i] = System.nanoTime() - t1
    }
    println("jvm_start_authorization_us ${"%.1f".format(medianMicros(starts))}")
    println("jvm_handle_callback_us ${"%.1f".format(medianMicros(callbacks))}")

    // Exchanges: codes come from the consent page first (not timed), then each exchange is timed.
    val browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
    fun code(): dev.instagramauth.CodeGrant {
        val pending = auth.startAuthorization(emptyList())
        val answer = browser.send(HttpRequest.newBuilder(URI.create("${pending.authorizationUrl()}&sandbox_decision=allow")).build(), HttpResponse.BodyHandlers.discarding())
        return auth.handleCallback(pending, answer.headers().firstValue("location").get())
    }
    repeat(50) {
        auth.exchangeCodeWithClientSecret(code(), "sandbox-app-secret-eb8c7")
        platform.exchangeCodeWithClientSecret(code(), "sandbox-app-secret-eb8c7")
        okHttp.exchangeCodeWithClientSecret(code(), "sandbox-app-secret-eb8c7")
    }
    // Interleaved, so the three clients see the same machine load.
    val rounds2 = 1_000
    val codes = List(3 * rounds2) { code() }
    val builtIn = LongArray(rounds2)
    val viaPlatform = LongArray(rounds2)
    val viaOkHttp = LongArray(rounds2)
    for (i in 0 until rounds2) {
        val t0 = System.nanoTime()
        auth.exchangeCodeWithClientSecret(codes[3 * i], "sandbox-app-secret-eb8c7")
        builtIn[i] = System.nanoTime() - t0
        val t1 = System.nanoTime()
        platform.exchangeCodeWithClientSecret(codes[3 * i + 1], "sandbox-app-secret-eb8c7")
        viaPlatform[i] = System.nanoTime() - t1
        val t2 = System.nanoTime()
        okHttp.exchangeCodeWithClientSecret(codes[3 * i + 2], "sandbox-app-secret-eb8c7")
        viaOkHttp[i] = System.nanoTime() - t2
    }
    println("jvm_exchange_us ${"%.1f".format(medianMicros(builtIn))}")
    println("jvm_exchange_p99_us ${"%.1f".format(p99Micros(builtIn))}")
    println("jvm_exchange_platform_us ${"%.1f".format(medianMicros(viaPlatform))}")
    println("jvm_exchange_platform_p99_us ${"%.1f".format(p99Micros(viaPlatform))}")
    println("jvm_exchange_okhttp_us ${"%.1f".format(medianMicros(viaOkHttp))}")
    println("jvm_exchange_okhttp_p99_us ${"%.1f".format(p99Micros(viaOkHttp))}")
}
