import Foundation
import InstagramAuthKit
import InstagramAuthParse
import ParseCore
import XCTest

@testable import InstagramSignInDemo

/// The demo's configuration as the app builds it.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class DemoConfigTests: XCTestCase, @unchecked Sendable {
    func testTheAppsConfigurationIsAccepted() async throws {
        ParseStub.reset()
        Parse.initialize(with: DemoConfig.parse)
        XCTAssertEqual(Parse.currentConfiguration?.server, DemoConfig.parseServerURL)
        try InstagramParseUtils.initialize()
        let model = SignInModel(instagram: try DemoConfig.makeInstagram(store: SandboxParse.MemoryStore()))
        XCTAssertEqual(model.state, .signedOut)
    }

    func testARelaunchWithASavedSignInOffersToContinue() async throws {
        ParseStub.reset()
        Parse.initialize(with: DemoConfig.parse)
        let store = SandboxParse.MemoryStore()
        store.value = "a sign-in saved before iOS ended the app"
        let model = SignInModel(instagram: try DemoConfig.makeInstagram(store: store))
        XCTAssertEqual(model.state, .stillOpen(message: "Your sign-in with Instagram is still open."))
    }
}
