import Foundation
import InstagramAuthKit
import InstagramAuthParse
import ParseCore

/// Everything the demo needs to know, in one place. None of it is secret: the Instagram app
/// secret lives in the Parse Cloud function (server/cloud/main.js), never in the app.
enum DemoConfig {
    /// Development mode: the local sandbox (`igauth sandbox --port 8910` on the Mac; the
    /// simulator shares the Mac's 127.0.0.1) instead of Instagram, and a local Parse Server
    /// whose Cloud function and Instagram adapter reach the sandbox (ios-demo/README.md).
    static let useSandbox = true
    static let sandboxURL = "http://127.0.0.1:8910/"

    static let instagramAppId = useSandbox ? "990602627938098" : "YOUR_INSTAGRAM_APP_ID"
    /// Instagram accepts only https redirect URIs: production uses a Universal Link of the
    /// app (ASWebAuthenticationSession's https callback is taken from it).
    static let redirectURI = useSandbox ? "igauthdemo://auth/callback" : "https://app.example.com/auth/"

    /// Parse / Back4App (client key: Back4App → App Settings → Security & Keys).
    static let parseServerURL = useSandbox ? "http://127.0.0.1:1337/parse" : "https://parseapi.back4app.com"
    static let parseAppId = "YOUR_PARSE_APP_ID"
    static let parseClientKey = "YOUR_PARSE_CLIENT_KEY"

    static var parse: ParseClientConfiguration {
        ParseClientConfiguration {
            $0.applicationId = parseAppId
            $0.clientKey = parseClientKey
            $0.server = parseServerURL
        }
    }

    /// Instagram sign-in and Parse log-in with this configuration. The Linux tests pass a
    /// played browser sheet and a store in memory.
    @MainActor
    static func makeInstagram(store: PendingSignInStore = UserDefaultsPendingSignInStore(),
                              browser: WebAuthenticationBrowser = SystemWebAuthenticationBrowser()) throws -> InstagramParseUtils {
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: instagramAppId, redirectUri: redirectURI, baseUrl: useSandbox ? sandboxURL : nil))
        return InstagramParseUtils(auth: auth, signIn: InstagramWebSignIn(auth: auth, store: store, browser: browser))
    }
}
