import Foundation
import InstagramAuthKit
import InstagramAuthParse
import ParseCore
import XCTest

@testable import InstagramSignInDemo

/// The demo's configuration as the app builds it from its Info.plist (which project.yml
/// writes from Config/Demo.xcconfig), and the sandbox mode that scripts/dev-server.sh serves.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class DemoConfigTests: XCTestCase, @unchecked Sendable {
    /// The Info.plist of a build with DEMO_BACKEND = instagram and every setting filled in.
    private let instagram: [String: Any] = [
        "DemoBackend": "instagram",
        "InstagramAppID": "1234567890123456",
        "InstagramRedirectURI": "https://signin.demo-app.dev/auth/",
        "ParseServerURL": "https://parseapi.back4app.com",
        "ParseApplicationID": "app-id",
        "ParseClientKey": "client-key",
        "CFBundleDisplayName": "Instagram sign-in demo",
    ]

    func testTheCommittedSettingsGiveTheSandboxOfDevServer() async throws {
        // Demo.xcconfig's DEMO_BACKEND; the other entries are then not read.
        XCTAssertEqual(try DemoConfig(info: ["DemoBackend": "sandbox"]), .sandbox)
        let sandbox = DemoConfig.sandbox
        XCTAssertEqual(sandbox.sandboxURL, "http://127.0.0.1:8910/")
        XCTAssertEqual(sandbox.instagramAppId, "990602627938098")
        XCTAssertEqual(sandbox.redirectURI, "igauthdemo://auth/callback")
        ParseStub.reset()
        Parse.initialize(with: sandbox.parse)
        XCTAssertEqual(Parse.currentConfiguration?.server, "http://127.0.0.1:1337/parse")
        XCTAssertEqual(Parse.currentConfiguration?.applicationId, "e2e-app-id")
        XCTAssertEqual(Parse.currentConfiguration?.clientKey, "e2e-client-key")
    }

    func testTheSandboxConfigurationSignsInOnTheSandbox() async throws {
        // The sandbox mode's app id and custom-scheme redirect, with the test's sandbox in
        // place of the one dev-server.sh starts on port 8910.
        let sandbox = DemoConfig.sandbox
        let config = DemoConfig(instagramAppId: sandbox.instagramAppId, redirectURI: sandbox.redirectURI,
                                sandboxURL: try Sandbox.url(), parseServerURL: sandbox.parseServerURL,
                                parseApplicationId: sandbox.parseApplicationId, parseClientKey: sandbox.parseClientKey)
        ParseStub.reset()
        Parse.initialize(with: config.parse)
        try SandboxParse.answerCloudFunctions()
        let sheet = SandboxParse.SheetPlayer(decision: "allow")
        let model = SignInModel(instagram: try config.makeInstagram(store: SandboxParse.MemoryStore(), browser: sheet))
        await model.signIn()
        XCTAssertEqual(model.state, .signedIn(parseUserId: "parseUser1"))
        XCTAssertEqual(sheet.opened, 1)
    }

    func testTheSandboxConsentPageIsDevServersSandbox() async throws {
        // Accepted as it is: a custom-scheme redirect and plain http to a loopback sandbox.
        _ = try DemoConfig.sandbox.makeInstagram(store: SandboxParse.MemoryStore(),
                                                 browser: SandboxParse.SheetPlayer(decision: nil))
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: DemoConfig.sandbox.instagramAppId, redirectUri: DemoConfig.sandbox.redirectURI,
            baseUrl: DemoConfig.sandbox.sandboxURL))
        let url = try auth.startAuthorization(scopes: []).authorizationUrl()
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:8910/oauth/authorize?client_id=990602627938098&redirect_uri=igauthdemo%3A%2F%2Fauth%2Fcallback&"), url)
    }

    func testInstagramModeTakesEveryValueFromTheInfoPlist() async throws {
        let config = try DemoConfig(info: instagram)
        XCTAssertEqual(config, DemoConfig(instagramAppId: "1234567890123456", redirectURI: "https://signin.demo-app.dev/auth/",
                                          sandboxURL: nil, parseServerURL: "https://parseapi.back4app.com",
                                          parseApplicationId: "app-id", parseClientKey: "client-key"))
        ParseStub.reset()
        Parse.initialize(with: config.parse)
        try InstagramParseUtils.initialize()
        let model = SignInModel(instagram: try config.makeInstagram(store: SandboxParse.MemoryStore()))
        XCTAssertEqual(model.state, .signedOut)
    }

    /// `instagram` with `key` set to `value` (nil: removed).
    private func instagram(_ key: DemoConfig.Key, _ value: String?) -> [String: Any] {
        var info = instagram
        info[key.rawValue] = value
        return info
    }

    private func assertRefused(_ cases: [([String: Any], DemoConfig.Problem)], line: UInt = #line) {
        for (info, problem) in cases {
            XCTAssertThrowsError(try DemoConfig(info: info), "\(problem)", line: line) { error in
                XCTAssertEqual(error as? DemoConfig.Problem, problem, line: line)
            }
        }
    }

    func testAnInfoPlistThatIsNotBuiltFromTheSettingsIsRefusedWithWhatToDo() async {
        assertRefused([
            ([:], .missing(.backend)),
            (instagram(.redirectURI, nil), .missing(.redirectURI)),
            // What Xcode gives a target not based on Demo.xcconfig: every $(SETTING) expands to "".
            (["DemoBackend": "", "InstagramAppID": "", "InstagramRedirectURI": "https://", "ParseServerURL": "https://"],
             .empty(.backend)),
            (instagram(.instagramAppId, ""), .empty(.instagramAppId)),
            (instagram(.parseApplicationId, ""), .empty(.parseApplicationId)),
            (instagram(.parseClientKey, ""), .empty(.parseClientKey)),
            // INFOPLIST_EXPAND_BUILD_SETTINGS = NO: the entries as project.yml writes them.
            (["DemoBackend": "$(DEMO_BACKEND)"], .unexpanded(.backend, "$(DEMO_BACKEND)")),
            (instagram(.redirectURI, "https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)"),
             .unexpanded(.redirectURI, "https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)")),
            (["DemoBackend": "production"], .unknownBackend("production")),
        ])
        XCTAssertEqual("\(DemoConfig.Problem.empty(.backend))",
                       "Info.plist's DemoBackend is empty: this target is not built from Config/Demo.xcconfig; base it on that file (project.yml's configFiles) and run xcodegen")
        XCTAssertEqual("\(DemoConfig.Problem.empty(.parseClientKey))",
                       "Info.plist's ParseClientKey is empty: set PARSE_CLIENT_KEY in Config/Local.xcconfig, or, if the target is not built from Config/Demo.xcconfig, base it on that file (project.yml's configFiles) and run xcodegen")
        XCTAssertEqual("\(DemoConfig.Problem.unexpanded(.redirectURI, "https://$(APP_LINK_HOST)/"))",
                       "Info.plist's InstagramRedirectURI is https://$(APP_LINK_HOST)/: the target does not expand build settings in its Info.plist; set INFOPLIST_EXPAND_BUILD_SETTINGS = YES (Xcode's default)")
    }

    func testAURLWithNoHostIsNotSet() async {
        assertRefused([
            (instagram(.redirectURI, "https:///auth/"), .notSet(.redirectURI)), // APP_LINK_HOST empty
            (instagram(.redirectURI, "https://"), .notSet(.redirectURI)),
            (instagram(.parseServerURL, "https://"), .notSet(.parseServerURL)), // PARSE_SERVER_HOST empty
            (instagram(.parseServerURL, "https:///parse"), .notSet(.parseServerURL)),
        ])
        XCTAssertEqual("\(DemoConfig.Problem.notSet(.redirectURI))",
                       "InstagramRedirectURI is not set: set APP_LINK_HOST in Config/Local.xcconfig (see Config/Demo.xcconfig)")
    }

    func testInstagramModeRefusesDemoXcconfigsPlaceholders() async {
        assertRefused([
            (instagram(.instagramAppId, "YOUR_INSTAGRAM_APP_ID"), .notSet(.instagramAppId)),
            (instagram(.parseApplicationId, "YOUR_PARSE_APP_ID"), .notSet(.parseApplicationId)),
            (instagram(.parseClientKey, "YOUR_PARSE_CLIENT_KEY"), .notSet(.parseClientKey)),
            (instagram(.redirectURI, "https://YOUR_DOMAIN/auth/"), .notSet(.redirectURI)),
            (instagram(.parseServerURL, "https://YOUR_PARSE_HOST/parse"), .notSet(.parseServerURL)),
        ])
        XCTAssertEqual("\(DemoConfig.Problem.notSet(.parseClientKey))",
                       "ParseClientKey is not set: set PARSE_CLIENT_KEY in Config/Local.xcconfig (see Config/Demo.xcconfig)")
        XCTAssertEqual("\(DemoConfig.Problem.notSet(.instagramAppId))",
                       "InstagramAppID is not set: set INSTAGRAM_APP_ID in Config/Local.xcconfig (see Config/Demo.xcconfig)")
    }

    func testInstagramModeRefusesTheExampleDomainsOfRFC2606() async throws {
        assertRefused([
            (instagram(.redirectURI, "https://example.com/auth/"), .exampleHost(.redirectURI, "example.com")),
            (instagram(.redirectURI, "https://signin.example.com/auth/"), .exampleHost(.redirectURI, "signin.example.com")),
            (instagram(.redirectURI, "https://signin.example.org/auth/"), .exampleHost(.redirectURI, "signin.example.org")),
            (instagram(.redirectURI, "https://example.org/auth/"), .exampleHost(.redirectURI, "example.org")),
            (instagram(.redirectURI, "https://EXAMPLE.NET./auth/"), .exampleHost(.redirectURI, "example.net.")),
            (instagram(.parseServerURL, "https://parse.example.com/parse"), .exampleHost(.parseServerURL, "parse.example.com")),
            (instagram(.parseServerURL, "https://example.net"), .exampleHost(.parseServerURL, "example.net")),
        ])
        XCTAssertEqual("\(DemoConfig.Problem.exampleHost(.redirectURI, "signin.example.org"))",
                       "InstagramRedirectURI's host signin.example.org is a placeholder (example.com, .org and .net are reserved for examples): set APP_LINK_HOST to your own domain in Config/Local.xcconfig")
        XCTAssertEqual("\(DemoConfig.Problem.exampleHost(.parseServerURL, "example.net"))",
                       "ParseServerURL's host example.net is a placeholder (example.com, .org and .net are reserved for examples): set PARSE_SERVER_HOST to your own domain in Config/Local.xcconfig")
        // Only those domains: a name that merely contains one is someone's own.
        for host in ["myexample.com", "example.com.au", "example.co", "notexample.org"] {
            XCTAssertEqual(try DemoConfig(info: instagram(.redirectURI, "https://\(host)/auth/")).redirectURI, "https://\(host)/auth/")
        }
        // The sandbox mode reads none of those entries.
        XCTAssertEqual(try DemoConfig(info: ["DemoBackend": "sandbox", "InstagramRedirectURI": "https://example.com/auth/"]), .sandbox)
    }

    func testARelaunchWithASavedSignInOffersToContinue() async throws {
        ParseStub.reset()
        Parse.initialize(with: DemoConfig.sandbox.parse)
        let store = SandboxParse.MemoryStore()
        store.value = "a sign-in saved before iOS ended the app"
        let model = SignInModel(instagram: try DemoConfig.sandbox.makeInstagram(store: store))
        XCTAssertEqual(model.state, .stillOpen(message: "Your sign-in with Instagram is still open."))
    }
}
