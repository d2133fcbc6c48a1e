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
        case .ProviderRejected: "ProviderRejected" // testAnotherGraphCode, testASpentCode
        case .ReauthenticationRequired: "ReauthenticationRequired" // testForgedToken, testGraphCode190
        case .RateLimited: "RateLimited" // testThrottlingCodes
        case .PermissionMissing: "PermissionMissing" // testPermissionCodes
        case .BackendRejected: "BackendRejected" // testBackendWithoutItsKeys, CodeExchangerTests
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

    /// The sandbox's Parse stand-in passes Instagram's refusal on as the function's result,
    /// as server/cloud/main.js does, so the library reads Instagram's own refusal.
    func testASpentCodeThroughTheSandboxsParseStandInIsInstagramsRefusal() async throws {
        let auth = try Sandbox.auth()
        let code = try await Sandbox.code(from: auth)
        let token = try await auth.exchangeCodeViaBackend(grant: code, backend: try Sandbox.backend())
        let rejected = try await error(secrets: [token.accessToken()]) {
            try await auth.exchangeCodeViaBackend(grant: code, backend: try Sandbox.backend())
        }
        guard case let .ProviderRejected(_, _, errorCode, detail, _, _) = rejected else { return XCTFail("\(rejected)") }
        XCTAssertEqual(errorCode, 400, "Instagram's code")
        XCTAssertTrue(detail.contains("Matching code was not found or was already used"), detail)
        XCTAssertTrue("\(rejected)".hasPrefix("Instagram refused the request: "), "\(rejected)")
    }

    func testABackendWithoutItsKeysIsBackendRejectedNamingTheParseHeaders() async throws {
        let auth = try Sandbox.auth()
        let code = try await Sandbox.code(from: auth)
        let wrongKey = try BackendExchange.parseCloudFunction(
            serverUrl: "\(try Sandbox.url())sandbox/parse", functionName: "instagramExchange",
            applicationId: "sandbox-parse-app-id", key: .restApiKey(value: "not-the-rest-key-93")
        )
        let rejected = try await error(secrets: ["not-the-rest-key-93"]) {
            try await auth.exchangeCodeViaBackend(grant: code, backend: wrongKey)
        }
        guard case let .BackendRejected(status, _, _, detail) = rejected else { return XCTFail("\(rejected)") }
        XCTAssertEqual(status, 401)
        for header in ["X-Parse-Application-Id", "X-Parse-REST-API-Key", "X-Parse-Client-Key"] {
            XCTAssertTrue(detail.contains(header), detail)
        }
    }

    func testAForgedTokenIsReauthenticationRequired() async throws {
        let rejected = try await error(secrets: ["IGAAforgedtoken"]) {
            try await Sandbox.auth().fetchProfile(accessToken: "IGAAforgedtoken")
        }
        guard case .ReauthenticationRequired = rejected else { return XCTFail("\(rejected)") }
        XCTAssertEqual(
            "\(rejected)",
            "Instagram no longer accepts this sign-in; sign in again: Invalid OAuth access token - Cannot parse access token (OAuthException, code 190)"
        )
    }

    /// Answers every request as graph.instagram.com answers a refusal.
    private final class Graph: HttpClient {
        let body: String
        init(_ body: String) { self.body = body }
        func send(request: HttpRequest) async throws -> HttpResponse {
            HttpResponse(status: 400, body: Data(body.utf8), url: request.url())
        }
    }

    private func graphRefusal(code: Int, _ extra: String = "") async throws -> InstagramAuthError {
        let body = #"{"error":{"message":"m","type":"OAuthException","code":\#(code)\#(extra),"fbtrace_id":"T"}}"#
        let auth = try InstagramAuth(
            config: InstagramAuthConfig(clientId: "990602627938098", redirectUri: Sandbox.redirect),
            httpClient: Graph(body)
        )
        return try await error(secrets: ["IGAAsecret-token"]) { try await auth.fetchProfile(accessToken: "IGAAsecret-token") }
    }

    func testGraphCode190AsksForANewSignInWithMetasTextForTheUser() async throws {
        let expired = try await graphRefusal(
            code: 190, #","error_subcode":460,"error_user_title":"Password changed","error_user_msg":"Sign in again to continue.""#
        )
        guard case let .ReauthenticationRequired(subcode, _, title, message) = expired else { return XCTFail("\(expired)") }
        XCTAssertEqual(subcode, 460)
        XCTAssertEqual(title, "Password changed")
        XCTAssertEqual(message, "Sign in again to continue.")
        XCTAssertEqual("\(expired)", "Instagram no longer accepts this sign-in; sign in again: m (OAuthException, code 190, subcode 460)")
    }

    func testThrottlingCodesAreRateLimited() async throws {
        for code in [4, 17, 32, 613, 80002] {
            let throttled = try await graphRefusal(code: code)
            guard case let .RateLimited(errorCode, retryAfterMs, _, _, _, _) = throttled else { return XCTFail("\(code): \(throttled)") }
            XCTAssertEqual(errorCode, Int64(code))
            XCTAssertNil(retryAfterMs, "no usage headers, no wait")
            XCTAssertTrue("\(throttled)".hasPrefix("Instagram's rate limit was reached; retry later"), "\(throttled)")
        }
    }

    func testPermissionCodesArePermissionMissing() async throws {
        for code in [10, 200, 299] {
            let forbidden = try await graphRefusal(code: code)
            guard case let .PermissionMissing(errorCode, _, _, _) = forbidden else { return XCTFail("\(code): \(forbidden)") }
            XCTAssertEqual(errorCode, Int64(code))
            XCTAssertTrue("\(forbidden)".hasPrefix("a permission the request needs is missing"), "\(forbidden)")
        }
    }

    func testAnotherGraphCodeStaysProviderRejectedWithTheUsersMessage() async throws {
        let other = try await graphRefusal(code: 100, #","error_user_msg":"Try again later.""#)
        guard case let .ProviderRejected(_, _, code, _, title, message) = other else { return XCTFail("\(other)") }
        XCTAssertEqual(code, 100)
        XCTAssertNil(title)
        XCTAssertEqual(message, "Try again later.")
        XCTAssertTrue("\(other)".hasPrefix("Instagram refused the request: "), "\(other)")
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
