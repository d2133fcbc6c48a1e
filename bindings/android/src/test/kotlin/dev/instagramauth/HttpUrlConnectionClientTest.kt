package dev.instagramauth

/** [HttpUrlConnectionClient], what `InstagramAuth(config)` sends through, held to [HttpClientContract]. */
class HttpUrlConnectionClientTest : HttpClientContract() {
    override fun client(): HttpClient = HttpUrlConnectionClient()
}
