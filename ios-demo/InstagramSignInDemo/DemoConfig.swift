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

        /// The Config/Demo.xcconfig setting to set for this entry (for a URL: its host).
        var setting: String {
            switch self {
            case .backend: "DEMO_BACKEND"
            case .instagramAppId: "INSTAGRAM_APP_ID"
            case .redirectURI: "APP_LINK_HOST"
            case .parseServerURL: "PARSE_SERVER_HOST"
            case .parseApplicationId: "PARSE_APP_ID"
            case .parseClientKey: "PARSE_CLIENT_KEY"
            }
        }
    }

    /// Why the Info.plist gives no usable configuration; shown on the demo's screen.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case missing(Key)
        /// An empty entry. Xcode expands an undefined build setting to nothing, so a target
        /// not based on Config/Demo.xcconfig gives empty entries (Demo.xcconfig gives every
        /// one a value); with DEMO_BACKEND set, the setting was emptied in Local.xcconfig.
        case empty(Key)
        /// A `$(SETTING)` left as it is: Info.plist expansion is off for the target.
        case unexpanded(Key, String)
        /// A YOUR_… placeholder of Demo.xcconfig, or a URL with no host, with DEMO_BACKEND = instagram.
        case notSet(Key)
        /// A host RFC 2606 reserves for examples (Demo.xcconfig's and Local.xcconfig.example's),
        /// with DEMO_BACKEND = instagram.
        case exampleHost(Key, String)
        case unknownBackend(String)

        var description: String {
            switch self {
            case let .missing(key):
                "Info.plist has no \(key.rawValue): run xcodegen in ios-demo (project.yml writes it)"
            case .empty(.backend):
                "Info.plist's DemoBackend is empty: this target is not built from Config/Demo.xcconfig; base it on that file (project.yml's configFiles) and run xcodegen"
            case let .empty(key):
                "Info.plist's \(key.rawValue) is empty: set \(key.setting) in Config/Local.xcconfig, or, if the target is not built from Config/Demo.xcconfig, base it on that file (project.yml's configFiles) and run xcodegen"
            case let .unexpanded(key, value):
                "Info.plist's \(key.rawValue) is \(value): the target does not expand build settings in its Info.plist; set INFOPLIST_EXPAND_BUILD_SETTINGS = YES (Xcode's default)"
            case let .notSet(key):
                "\(key.rawValue) is not set: set \(key.setting) in Config/Local.xcconfig (see Config/Demo.xcconfig)"
            case let .exampleHost(key, host):
                "\(key.rawValue)'s host \(host) is a placeholder (example.com, .org and .net are reserved for examples): set \(key.setting) to your own domain in Config/Local.xcconfig"
            case let .unknownBackend(value):
                "DEMO_BACKEND is \(value); it is sandbox or instagram (Config/Demo.xcconfig)"
            }
        }
    }

    /// The configuration an Info.plist's entries give (`Bundle.main.infoDictionary`).
    init(info: [String: Any]) throws {
        func value(_ key: Key) throws -> String {
            guard let value = info[key.rawValue] as? String else { throw Problem.missing(key) }
            // Only with INFOPLIST_EXPAND_BUILD_SETTINGS = NO: with it on, Xcode replaces even
            // an undefined setting (by nothing).
            guard !value.contains("$(") else { throw Problem.unexpanded(key, value) }
            guard !value.isEmpty else { throw Problem.empty(key) }
            return value
        }
        switch try value(.backend) {
        case "sandbox":
            self = .sandbox
        case "instagram":
            func setting(_ key: Key) throws -> String {
                let text = try value(key)
                guard !text.contains("YOUR_") else { throw Problem.notSet(key) }
                return text
            }
            // project.yml writes both URLs as https://$(HOST)…: an empty host setting leaves
            // "https://" or "https:///auth/", which no server answers.
            func url(_ key: Key) throws -> String {
                let text = try setting(key)
                guard let host = URLComponents(string: text)?.host?.lowercased(), !host.isEmpty else {
                    throw Problem.notSet(key)
                }
                guard !Self.isExampleHost(host) else { throw Problem.exampleHost(key, host) }
                return text
            }
            self.init(instagramAppId: try setting(.instagramAppId), redirectURI: try url(.redirectURI), sandboxURL: nil,
                      parseServerURL: try url(.parseServerURL), parseApplicationId: try setting(.parseApplicationId),
                      parseClientKey: try setting(.parseClientKey))
        case let other:
            throw Problem.unknownBackend(other)
        }
    }

    /// RFC 2606's second-level example domains and their subdomains: Demo.xcconfig's and
    /// Local.xcconfig.example's hosts, which nobody can serve the app's Universal Link from.
    static func isExampleHost(_ host: String) -> Bool {
        let host = host.hasSuffix(".") ? String(host.dropLast()) : host
        return ["example.com", "example.org", "example.net"].contains { host == $0 || host.hasSuffix("." + $0) }
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
