import Foundation
import InstagramAuthKit
import InstagramAuthParse
import ParseCore

/// What the demo talks to. None of it is secret: the Instagram app secret lives in the Parse
/// Cloud function (server/cloud/main.js), never in the app.
///
/// The values come from the app's Info.plist, which project.yml builds from
/// Config/Demo.xcconfig (and your Config/Local.xcconfig): the team, the domain and the keys
/// are written there once. `DemoBackend` chooses the sandbox (`DemoConfig.sandbox`) or the
/// settings of the other entries.
struct DemoConfig: Equatable, Sendable {
    let instagramAppId: String
    /// Instagram accepts only https redirect URIs: production uses a Universal Link of the
    /// app (ASWebAuthenticationSession's https callback is taken from it). The sandbox also
    /// takes the custom scheme the demos register with it.
    let redirectURI: String
    /// The Instagram sandbox instead of Instagram; nil: Instagram.
    let sandboxURL: String?
    let parseServerURL: String
    let parseApplicationId: String
    let parseClientKey: String

    /// The backend of `scripts/dev-server.sh` on the Mac, which the simulator reaches at
    /// 127.0.0.1: the Instagram sandbox and its test app on port 8910, and a Parse Server 9.10
    /// on port 1337 whose Cloud function and Instagram adapter talk to the sandbox. The same
    /// values as dev-server.sh's (scripts/check_ios_project.py compares them).
    static let sandbox = DemoConfig(
        instagramAppId: "990602627938098",
        redirectURI: "igauthdemo://auth/callback",
        sandboxURL: "http://127.0.0.1:8910/",
        parseServerURL: "http://127.0.0.1:1337/parse",
        parseApplicationId: "e2e-app-id",
        parseClientKey: "e2e-client-key"
    )

    /// The Info.plist keys project.yml writes.
    enum Key: String, CaseIterable {
        case backend = "DemoBackend"
        case instagramAppId = "InstagramAppID"
        case redirectURI = "InstagramRedirectURI"
        case parseServerURL = "ParseServerURL"
        case parseApplicationId = "ParseApplicationID"
        case parseClientKey = "ParseClientKey"
    }

    /// Why the Info.plist gives no usable configuration; shown on the demo's screen.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case missing(Key)
        /// A `$(SETTING)` left as it is: the target is not based on Config/Demo.xcconfig.
        case unexpanded(Key, String)
        /// A YOUR_… placeholder of Demo.xcconfig, or an empty setting, with DEMO_BACKEND = instagram.
        case notSet(Key)
        case unknownBackend(String)

        var description: String {
            switch self {
            case let .missing(key):
                "Info.plist has no \(key.rawValue): run xcodegen in ios-demo (project.yml writes it)"
            case let .unexpanded(key, value):
                "Info.plist's \(key.rawValue) is \(value): base the target on Config/Demo.xcconfig (project.yml's configFiles) and run xcodegen"
            case let .notSet(key):
                "\(key.rawValue) is not set: set its setting in Config/Local.xcconfig (see Config/Demo.xcconfig)"
            case let .unknownBackend(value):
                "DEMO_BACKEND is \(value); it is sandbox or instagram (Config/Demo.xcconfig)"
            }
        }
    }

    /// The configuration an Info.plist's entries give (`Bundle.main.infoDictionary`).
    init(info: [String: Any]) throws {
        func value(_ key: Key) throws -> String {
            guard let value = info[key.rawValue] as? String else { throw Problem.missing(key) }
            guard !value.contains("$(") else { throw Problem.unexpanded(key, value) }
            return value
        }
        switch try value(.backend) {
        case "sandbox":
            self = .sandbox
        case "instagram":
            func setting(_ key: Key) throws -> String {
                let text = try value(key)
                // An empty setting leaves "https://" or "" behind.
                guard !text.contains("YOUR_"), !text.isEmpty, text != "https://" else { throw Problem.notSet(key) }
                return text
            }
            self.init(instagramAppId: try setting(.instagramAppId), redirectURI: try setting(.redirectURI), sandboxURL: nil,
                      parseServerURL: try setting(.parseServerURL), parseApplicationId: try setting(.parseApplicationId),
                      parseClientKey: try setting(.parseClientKey))
        case let other:
            throw Problem.unknownBackend(other)
        }
    }

    init(instagramAppId: String, redirectURI: String, sandboxURL: String?, parseServerURL: String,
         parseApplicationId: String, parseClientKey: String) {
        self.instagramAppId = instagramAppId
        self.redirectURI = redirectURI
        self.sandboxURL = sandboxURL
        self.parseServerURL = parseServerURL
        self.parseApplicationId = parseApplicationId
        self.parseClientKey = parseClientKey
    }

    /// The app's own configuration.
    static func fromMainBundle() throws -> DemoConfig {
        try DemoConfig(info: Bundle.main.infoDictionary ?? [:])
    }

    var parse: ParseClientConfiguration {
        ParseClientConfiguration {
            $0.applicationId = parseApplicationId
            $0.clientKey = parseClientKey
            $0.server = parseServerURL
        }
    }

    /// Instagram sign-in and Parse log-in with this configuration. The Linux tests pass a
    /// played browser sheet and a store in memory.
    @MainActor
    func makeInstagram(store: PendingSignInStore = FilePendingSignInStore(),
                       browser: WebAuthenticationBrowser = SystemWebAuthenticationBrowser()) throws -> InstagramParseUtils {
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: instagramAppId, redirectUri: redirectURI, baseUrl: sandboxURL))
        return InstagramParseUtils(auth: auth, signIn: InstagramWebSignIn(auth: auth, store: store, browser: browser))
    }
}
