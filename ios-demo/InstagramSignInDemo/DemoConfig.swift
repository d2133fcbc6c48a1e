import Foundation
import InstagramAuthKit

/// Everything the demo needs to know, in one place. None of it is secret: the Instagram app
/// secret lives in the Parse Cloud function (server/cloud/main.js), never in the app.
enum DemoConfig {
    /// Development mode: the local sandbox (`igauth sandbox --port 8910` on the Mac; the
    /// simulator shares the Mac's 127.0.0.1) instead of Instagram.
    static let useSandbox = true
    static let sandboxURL = "http://127.0.0.1:8910/"

    static let instagramAppId = useSandbox ? "990602627938098" : "YOUR_INSTAGRAM_APP_ID"
    /// Instagram refuses custom schemes: production uses a Universal Link registered with Instagram.
    static let redirectURI = useSandbox ? "igauthdemo://auth/callback" : "https://app.example.com/auth/"
    static let callback: CallbackRoute = useSandbox ? .customScheme("igauthdemo") : .https(host: "app.example.com", path: "/auth/")

    /// Parse / Back4App (client key: Back4App → App Settings → Security & Keys).
    static let parseServerURL = "https://parseapi.back4app.com"
    static let parseAppId = "YOUR_PARSE_APP_ID"
    static let parseClientKey = "YOUR_PARSE_CLIENT_KEY"

    /// The Cloud function that exchanges the code; the sandbox plays it in development.
    static let exchangeServerURL = useSandbox ? "\(sandboxURL)sandbox/parse" : parseServerURL
    static let exchangeAppId = useSandbox ? "sandbox-parse-app-id" : parseAppId
    /// The sandbox checks a REST API key; Back4App takes the app's Client Key as one.
    static let exchangeKey: ParseApiKey = useSandbox
        ? .restApiKey(value: "sandbox-parse-rest-key") : .clientKey(value: parseClientKey)

    /// The flow with this configuration. The app passes the Parse SDK and the system
    /// browser (DemoApp.swift); the Linux tests pass fakes.
    @MainActor
    static func makeFlow(parse: ParseSession, browser: WebAuthenticator,
                         store: PendingStore = UserDefaultsPendingStore()) throws -> SignInFlow {
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: instagramAppId,
            redirectUri: redirectURI,
            baseUrl: useSandbox ? sandboxURL : nil
        ))
        let backend = try BackendExchange.parseCloudFunction(
            serverUrl: exchangeServerURL, functionName: "instagramExchange",
            applicationId: exchangeAppId, key: exchangeKey
        )
        return SignInFlow(auth: auth, backend: backend, callback: callback,
                          store: store, parse: parse, browser: browser)
    }
}
