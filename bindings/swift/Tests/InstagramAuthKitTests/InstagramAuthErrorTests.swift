import Foundation
import XCTest

import InstagramAuthKit

/// Every InstagramAuthError case an app switches on, each produced for real, and what each
/// prints: `description`, `"\(error)"` and `localizedDescription` are the same human message
/// (never the raw case, never a secret). SANDBOX_SLOW_URL and SANDBOX_HTML_URL are sandboxes
/// started with `--fault delay:2000` and `--fault html` (scripts/test-swift.sh).
final class InstagramAuthErrorTests: XCTestCase {
    /// Runs `body`, which must throw an InstagramAuthError; checks how it prints.
    private func error<T>(
        secrets: [String] = [], file: StaticString = #filePath, line: UInt = #line,
        _ body: () async throws -> T
    ) async throws -> InstagramAuthError {
        let value: T
        do {
            value = try await body()
        } catch let error as InstagramAuthError {
            let human = error.description
            XCTAssertEqual("\(error)", human, file: file, line: line)
            XCTAssertEqual(error.localizedDescription, human, file: file, line: line)
            XCTAssertEqual(String(describing: error), human, file: file, line: line)
            XCTAssertFalse(human.hasPrefix(Self.caseName(error)), "raw case printed: \(human)", file: file, line: line)
            for secret in secrets + ["sandbox-app-secret-eb8c7", "sandbox-parse-rest-key"] {
                XCTAssertFalse(human.contains(secret), "a secret in \(human)", file: file, line: line)
            }
            return error
        }
        XCTFail("expected an InstagramAuthError, got \(value)", file: file, line: line)
        throw NoError()
    }

    private struct NoError: Error {}

    /// The case's name. Exhaustive on purpose: a new case does not compile until it is
    /// named here and has a test below.
    private static func caseName(_ error: InstagramAuthError) -> String {
        switch error {
        case .AccessDenied: "AccessDenied" // testCancel
        case .StrayCallback: "StrayCallback" // testAnotherSignInsCallback
        case .MissingCode: "MissingCode" // testThisSignInsAnswerWithoutACode
        case .Expired: "Expired" // testExpired
        case .AlreadyUsed: "AlreadyUsed" // testReplay
        case .InvalidSavedAuthorization: "InvalidSavedAuthorization" // testUnreadableSavedSignIn
        case .ProviderRejected: "ProviderRejected" // testSpentCode, testForgedToken
        case .BackendRejected: "BackendRejected" // CodeExchangerTests.testRefusedIsBackendRejectedWithTheBackendsCode
        case .Network: "Network" // testNoServer
        case .Timeout: "Timeout" // testSlowServer
        case .InvalidReply: "InvalidReply" // testCaptivePortal
        case .Configuration: "Configuration" // testBadConfiguration
        }
    }

    func testCancelIsAccessDeniedWithInstagramsReason() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl(), decision: "deny")
        let denied = try await error(secrets: [Sandbox.state(of: pending)]) {
            try auth.handleCallback(pending: pending, callbackUrl: callback)
        }
        guard case let .AccessDenied(reason, description) = denied else { return XCTFail("\(denied)") }
        XCTAssertEqual(reason, "user_denied")
        XCTAssertEqual(description, "The user denied your request")
        XCTAssertEqual("\(denied)", "the user declined to sign in with Instagram")
    }

    func testAnotherSignInsCallbackIsAStrayCallback() async throws {
        let auth = try Sandbox.auth()
        let mine = try auth.startAuthorization(scopes: [])
        let other = try auth.startAuthorization(scopes: [])
        let callback = try await SandboxBrowser.redirect(for: other.authorizationUrl())
        let stray = try await error(secrets: [Sandbox.state(of: mine), Sandbox.state(of: other), Sandbox.code(in: callback)]) {
            try auth.handleCallback(pending: mine, callbackUrl: callback)
        }
        guard case .StrayCallback(.stateMismatch, _) = stray else { return XCTFail("\(stray)") }
        XCTAssertEqual("\(stray)", "this link is not the answer to the sign-in in progress, which is still open")
    }

    func testStrayLinksPrintNothingTheyCarried() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let state = Sandbox.state(of: pending)
        let links = [
            "not a url AQxsecretcode",
            "https://evil.example/auth/?code=AQxsecretcode&state=\(state)",
            "\(Sandbox.redirect)?error=access_denied&error_description=Call+0800+123+AQxsecretcode",
        ]
        for link in links {
            let stray = try await error(secrets: [state, "AQxsecretcode", "0800"]) {
                try auth.handleCallback(pending: pending, callbackUrl: link)
            }
            guard case let .StrayCallback(_, detail) = stray else { return XCTFail("\(stray)") }
            XCTAssertFalse(detail.contains("AQxsecretcode") || detail.contains(state) || detail.contains("0800"), detail)
        }
    }

    func testThisSignInsAnswerWithoutACodeIsMissingCode() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let state = Sandbox.state(of: pending)
        let invalid = try await error(secrets: [state]) {
            try auth.handleCallback(pending: pending, callbackUrl: "\(Sandbox.redirect)?state=\(state)")
        }
        guard case .MissingCode = invalid else { return XCTFail("\(invalid)") }
        XCTAssertTrue("\(invalid)".hasPrefix("the sign-in response is invalid: "), "\(invalid)")
    }

    func testAnExpiredSignInIsExpired() async throws {
        let auth = try Sandbox.auth(pendingLifetimeMs: 0)
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        let expired = try await error(secrets: [Sandbox.code(in: callback)]) {
            try auth.handleCallback(pending: pending, callbackUrl: callback)
        }
        XCTAssertEqual(expired, .Expired)
        XCTAssertEqual("\(expired)", "the sign-in attempt has expired; start a new one")
    }

    func testAReplayedCallbackIsAlreadyUsed() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        _ = try auth.handleCallback(pending: pending, callbackUrl: callback)
        let replay = try await error(secrets: [Sandbox.code(in: callback)]) {
            try auth.handleCallback(pending: pending, callbackUrl: callback)
        }
        XCTAssertEqual(replay, .AlreadyUsed)
        XCTAssertEqual("\(replay)", "the sign-in attempt has already been completed")
    }

    func testAnUnreadableSavedSignInIsInvalidSavedAuthorization() async throws {
        let invalid = try await error { try Sandbox.auth().restoreAuthorization(saved: "{not saved}") }
        guard case .InvalidSavedAuthorization = invalid else { return XCTFail("\(invalid)") }
        XCTAssertTrue("\(invalid)".hasPrefix("the saved sign-in attempt cannot be restored: "), "\(invalid)")
    }

    func testASpentCodeIsProviderRejectedThroughTheBackend() async throws {
        let auth = try Sandbox.auth()
        let code = try await Sandbox.code(from: auth)
        let token = try await auth.exchangeCodeViaBackend(grant: code, backend: try Sandbox.backend())
        let rejected = try await error(secrets: [token.accessToken()]) {
            try await auth.exchangeCodeViaBackend(grant: code, backend: try Sandbox.backend())
        }
        guard case let .ProviderRejected(_, _, code: errorCode, detail) = rejected else { return XCTFail("\(rejected)") }
        XCTAssertEqual(errorCode, 141, "Parse's Cloud Code error")
        XCTAssertTrue(detail.contains("Matching code was not found or was already used"), detail)
        XCTAssertTrue("\(rejected)".hasPrefix("Instagram refused the request: "), "\(rejected)")
    }

    func testAForgedTokenIsProviderRejectedWithGraphCode190() async throws {
        let rejected = try await error(secrets: ["IGAAforgedtoken"]) {
            try await Sandbox.auth().fetchProfile(accessToken: "IGAAforgedtoken")
        }
        guard case let .ProviderRejected(_, _, code, _) = rejected else { return XCTFail("\(rejected)") }
        XCTAssertEqual(code, 190)
    }

    func testNoServerIsANetworkError() async throws {
        let auth = try Sandbox.auth()
        let code = try await Sandbox.code(from: auth)
        let backend = try BackendExchange(url: "http://127.0.0.1:9/exchange", headers: ["X-Parse-REST-API-Key": "sandbox-parse-rest-key"])
        let network = try await error {
            try await auth.exchangeCodeViaBackend(grant: code, backend: backend)
        }
        guard case .Network = network else { return XCTFail("\(network)") }
        XCTAssertTrue("\(network)".hasPrefix("network error: "), "\(network)")
    }

    func testASlowServerIsATimeout() async throws {
        let slow = try Sandbox.auth(requestTimeoutMs: 300, baseUrl: try Sandbox.url("SANDBOX_SLOW_URL"))
        let timeout = try await error(secrets: ["IGAAslowtoken"]) {
            try await slow.fetchProfile(accessToken: "IGAAslowtoken")
        }
        XCTAssertEqual(timeout, .Timeout)
        XCTAssertEqual("\(timeout)", "the request timed out")
    }

    func testACaptivePortalPageIsAnInvalidReply() async throws {
        let portal = try Sandbox.auth(baseUrl: try Sandbox.url("SANDBOX_HTML_URL"))
        let invalid = try await error(secrets: ["IGAAportaltoken"]) {
            try await portal.fetchProfile(accessToken: "IGAAportaltoken")
        }
        guard case let .InvalidReply(status, _) = invalid else { return XCTFail("\(invalid)") }
        XCTAssertEqual(status, 200)
        XCTAssertTrue("\(invalid)".hasPrefix("unexpected reply (HTTP 200): "), "\(invalid)")
    }

    func testBadConfigurationIsConfiguration() async throws {
        let redirect = Sandbox.redirect
        let attempts: [() throws -> Any] = [
            { try InstagramAuth(config: InstagramAuthConfig(clientId: "1", redirectUri: redirect, baseUrl: "http://instagram.example/")) },
            { try Sandbox.auth().startAuthorization(scopes: ["two words"]) },
            { try BackendExchange(url: "https://x.example/", headers: ["bad header": "v"]) },
            { try ParseAuthData(userId: "", accessToken: "IGQVJ") },
            { try ParseAuthData(userId: "17841405793187218", accessToken: "") },
        ]
        for attempt in attempts {
            let configuration = try await error { try attempt() }
            guard case .Configuration = configuration else { return XCTFail("\(configuration)") }
            // The core's own message, once: not the raw case, not "invalid configuration: " twice.
            let text = "\(configuration)"
            XCTAssertFalse(text.isEmpty || text.hasPrefix("Configuration"), text)
            XCTAssertFalse(text.contains("invalid configuration: invalid configuration"), text)
        }
    }
}
