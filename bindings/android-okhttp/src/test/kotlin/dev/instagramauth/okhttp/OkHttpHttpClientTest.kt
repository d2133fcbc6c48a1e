package dev.instagramauth.okhttp

import dev.instagramauth.HttpClient
import dev.instagramauth.HttpClientContract

/** [OkHttpHttpClient] held to the same faults and rules as every shipped client. */
class OkHttpHttpClientTest : HttpClientContract() {
    override fun client(): HttpClient = OkHttpHttpClient()
}
