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
        "InstagramRedirectURI": "https://signin.example.org/auth/",
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
        XCTAssertEqual(config, DemoConfig(instagramAppId: "1234567890123456", redirectURI: "https://signin.example.org/auth/",
                                          sandboxURL: nil, parseServerURL: "https://parseapi.back4app.com",
                                          parseApplicationId: "app-id", parseClientKey: "client-key"))
        ParseStub.reset()
        Parse.initialize(with: config.parse)
        try InstagramParseUtils.initialize()
        let model = SignInModel(instagram: try config.makeInstagram(store: SandboxParse.MemoryStore()))
        XCTAssertEqual(model.state, .signedOut)
    }

    func testAnInfoPlistThatIsNotBuiltFromTheSettingsIsRefusedWithWhatToDo() async {
        var missing = instagram
        missing["InstagramRedirectURI"] = nil
        var unexpanded = instagram
        unexpanded["InstagramRedirectURI"] = "https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)"
        var placeholder = instagram
        placeholder["ParseClientKey"] = "YOUR_PARSE_CLIENT_KEY"
        var emptyHost = instagram
        emptyHost["ParseServerURL"] = "https://"
        var emptyId = instagram
        emptyId["InstagramAppID"] = ""
        let cases: [([String: Any], DemoConfig.Problem)] = [
            ([:], .missing(.backend)),
            (["DemoBackend": "$(DEMO_BACKEND)"], .unexpanded(.backend, "$(DEMO_BACKEND)")),
            (["DemoBackend": "production"], .unknownBackend("production")),
            (missing, .missing(.redirectURI)),
            (unexpanded, .unexpanded(.redirectURI, "https://$(APP_LINK_HOST)$(INSTAGRAM_REDIRECT_PATH)")),
            (placeholder, .notSet(.parseClientKey)),
            (emptyHost, .notSet(.parseServerURL)),
            (emptyId, .notSet(.instagramAppId)),
        ]
        for (info, problem) in cases {
            XCTAssertThrowsError(try DemoConfig(info: info), "\(problem)") { error in
                XCTAssertEqual(error as? DemoConfig.Problem, problem)
            }
        }
        XCTAssertEqual("\(DemoConfig.Problem.unexpanded(.redirectURI, "https://$(APP_LINK_HOST)/"))",
                       "Info.plist's InstagramRedirectURI is https://$(APP_LINK_HOST)/: base the target on Config/Demo.xcconfig (project.yml's configFiles) and run xcodegen")
        XCTAssertEqual("\(DemoConfig.Problem.notSet(.parseClientKey))",
                       "ParseClientKey is not set: set its setting in Config/Local.xcconfig (see Config/Demo.xcconfig)")
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
