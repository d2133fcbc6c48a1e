// Hand-written, shipped with the generated InstagramAuthKit.swift: the call apps make.

extension InstagramAuth {
    /// Signs users in with Instagram, sending every request through `URLSession`
    /// (`URLSessionHttpClient`): the system's trust store, proxy settings and App Transport
    /// Security apply. Create one at app start and keep it.
    ///
    /// To send through another stack (a pinned `URLSession`, say), implement `HttpClient`
    /// and call `InstagramAuth(config:httpClient:)` instead.
    ///
    /// - Throws: `InstagramAuthError.Configuration` when the configuration is unusable.
    public convenience init(config: InstagramAuthConfig) throws {
        try self.init(config: config, httpClient: URLSessionHttpClient())
    }
}
