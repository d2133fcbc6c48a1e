package dev.instagramauth

/**
 * Signs users in with Instagram, sending every request through Android's own HTTP stack
 * ([HttpUrlConnectionClient]): the system trust store, proxy and network security config
 * apply. Create one at app start and keep it.
 *
 * To send through OkHttp (interceptors, certificate pinning) or any other stack, implement
 * [HttpClient] and call `InstagramAuth(config, client)` instead.
 *
 * @throws InstagramAuthException.Configuration when the configuration is unusable.
 */
fun InstagramAuth(config: InstagramAuthConfig): InstagramAuth = InstagramAuth(config, HttpUrlConnectionClient())
