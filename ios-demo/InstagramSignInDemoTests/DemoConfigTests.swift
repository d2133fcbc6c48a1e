import Foundation
import InstagramAuthKit
import XCTest

@testable import InstagramSignInDemo

/// The demo's configuration and its UserDefaults store, as the app builds them.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test (and its test discovery calls only async tests that way); XCTest runs
// one test at a time, so nothing here is shared across threads.
final class DemoConfigTests: XCTestCase, @unchecked Sendable {
    private struct NoParse: ParseSession {
        func logIn(provider: String, authData: [String: String]) async throws -> String { "" }
        func logOut() async {}
    }

    private struct NoBrowser: WebAuthenticator {
        func authenticate(url: URL, callback: CallbackRoute) async throws -> URL { throw WebAuthenticationCancelled() }
    }

    func testTheAppsConfigurationIsAccepted() async throws {
        let flow = try DemoConfig.makeFlow(parse: NoParse(), browser: NoBrowser(), store: UserDefaultsPendingStore(defaults: try defaults()))
        XCTAssertEqual(flow.state, .signedOut)
        XCTAssertFalse(flow.hasPendingSignIn)
    }

    func testTheCallbackRouteMatchesTheRedirectUri() async throws {
        let redirect = try XCTUnwrap(URLComponents(string: DemoConfig.redirectURI))
        switch DemoConfig.callback {
        case let .customScheme(scheme):
            XCTAssertEqual(redirect.scheme, scheme)
        case let .https(host, path):
            XCTAssertEqual(redirect.scheme, "https")
            XCTAssertEqual(redirect.host, host)
            XCTAssertEqual(redirect.path, path)
        }
    }

    func testThePendingSignInSurvivesInUserDefaults() async throws {
        let defaults = try defaults()
        UserDefaultsPendingStore(defaults: defaults).save("saved sign-in")
        let relaunched = UserDefaultsPendingStore(defaults: defaults)
        XCTAssertEqual(relaunched.load(), "saved sign-in")
        relaunched.clear()
        XCTAssertNil(UserDefaultsPendingStore(defaults: defaults).load())
    }

    private func defaults() throws -> UserDefaults {
        let suite = "dev.instagramauth.demo.tests.\(UUID().uuidString)"
        addTeardownBlock { UserDefaults.standard.removePersistentDomain(forName: suite) }
        return try XCTUnwrap(UserDefaults(suiteName: suite))
    }
}
