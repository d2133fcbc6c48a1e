import Foundation
import XCTest

@testable import InstagramAuthKit

/// The whole sign-in through the generated Swift bindings against the local Instagram
/// sandbox. Run on a Mac with `scripts/test-swift-mac.sh`, which starts the sandbox and
/// passes its base URL in SANDBOX_URL. Mirrors the Kotlin suite.
final class InstagramAuthTests: XCTestCase {
    private let redirect = "https://app.example.com/auth/"
    private let userId = "17841405793187219"

    private var sandbox: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["SANDBOX_URL"] else {
                throw XCTSkip("SANDBOX_URL is not set; run scripts/test-swift-mac.sh")
            }
            return url
        }
    }

    private func auth(pendingLifetimeSeconds: UInt64 = 3600, baseUrl: String? = nil) throws -> InstagramAuth {
        try InstagramAuth(config: InstagramAuthConfig(
            clientId: "990602627938098",
            redirectUri: redirect,
            baseUrl: baseUrl ?? sandbox,
            requestTimeoutMs: 5000,
            pendingLifetimeSeconds: pendingLifetimeSeconds
        ))
    }

    private func backend() throws -> BackendExchange {
        try BackendExchange.parseCloudFunction(
            serverUrl: "\(try sandbox)sandbox/parse",
            functionName: "instagramExchange",
            applicationId: "sandbox-parse-app-id",
            restApiKey: "sandbox-parse-rest-key"
        )
    }

    /// Plays the browser: answers the consent page, returns where Instagram redirects.
    private func consent(_ pending: PendingAuthorization, decision: String = "allow") async throws -> String {
        let url = URL(string: pending.authorizationUrl() + "&sandbox_decision=" + decision)!
        let (_, response) = try await URLSession.shared.data(for: URLRequest(url: url), delegate: NoRedirects())
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        XCTAssertEqual(http.statusCode, 302)
        return try XCTUnwrap(http.value(forHTTPHeaderField: "Location"))
    }

    private func code(from auth: InstagramAuth) async throws -> AuthorizationCode {
        let pending = try auth.startAuthorization(scopes: [])
        return try auth.handleCallback(pending: pending, callbackUrl: try await consent(pending))
    }

    func testAuthorizationUrlCarriesTheAppRedirectScopesAndFreshState() throws {
        let auth = try auth()
        let first = try auth.startAuthorization(scopes: ["instagram_business_basic", "instagram_business_manage_comments", "instagram_business_basic"])
        let second = try auth.startAuthorization(scopes: [])
        let url = first.authorizationUrl()
        XCTAssertTrue(url.hasPrefix("\(try sandbox)oauth/authorize?client_id=990602627938098&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2F&response_type=code"), url)
        XCTAssertEqual(first.scopes(), ["instagram_business_basic", "instagram_business_manage_comments"])
        XCTAssertEqual(second.scopes(), ["instagram_business_basic"])
        XCTAssertNotEqual(url.components(separatedBy: "state=").last, second.authorizationUrl().components(separatedBy: "state=").last)
    }

    func testWholeSignInThroughTheBackendEndsInParseAuthData() async throws {
        let auth = try auth()
        let pending = try auth.startAuthorization(scopes: ["instagram_business_basic"])
        let callback = try await consent(pending)
        XCTAssertTrue(callback.hasPrefix(redirect + "?code=") && callback.hasSuffix("#_"), callback)
        let code = try auth.handleCallback(pending: pending, callbackUrl: callback)
        let token = try await auth.exchangeViaBackend(code: code, backend: try backend())
        XCTAssertEqual(token.userId(), userId)

        let profile = try await auth.fetchProfile(accessToken: token.accessToken())
        XCTAssertEqual(profile.id, userId)
        XCTAssertEqual(profile.username, "sandbox.creator")

        let authData = token.authData()
        XCTAssertEqual(authData.provider(), "instagram")
        XCTAssertEqual(authData.toMap(), ["id": userId, "access_token": token.accessToken()])
    }

    func testASavedSignInIsFinishedByARelaunchedApp() async throws {
        let saved = try auth().startAuthorization(scopes: []).toSavedString()
        let relaunched = try auth()
        let pending = try relaunched.restoreAuthorization(saved: saved)
        let code = try relaunched.handleCallback(pending: pending, callbackUrl: try await consent(pending))
        let token = try await relaunched.exchangeViaBackend(code: code, backend: try backend())
        XCTAssertEqual(token.userId(), userId)
        XCTAssertThrowsError(try relaunched.restoreAuthorization(saved: "{not saved}")) { error in
            guard case InstagramAuthError.InvalidSavedAuthorization = error else { return XCTFail("\(error)") }
        }
    }

    func testCancelThrowsAccessDeniedWithInstagramsReason() async throws {
        let auth = try auth()
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await consent(pending, decision: "deny")
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: callback)) { error in
            guard case let InstagramAuthError.AccessDenied(reason, description) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "user_denied")
            XCTAssertEqual(description, "The user denied your request")
        }
    }

    func testAnotherSignInsCallbackIsAStateMismatch() async throws {
        let auth = try auth()
        let mine = try auth.startAuthorization(scopes: [])
        let other = try auth.startAuthorization(scopes: [])
        let othersCallback = try await consent(other)
        XCTAssertThrowsError(try auth.handleCallback(pending: mine, callbackUrl: othersCallback)) { error in
            guard case InstagramAuthError.StateMismatch = error else { return XCTFail("\(error)") }
        }
        _ = try auth.handleCallback(pending: mine, callbackUrl: try await consent(mine))
    }

    func testAnExpiredSignInThrowsExpired() async throws {
        let auth = try auth(pendingLifetimeSeconds: 0)
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await consent(pending)
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: callback)) { error in
            guard case InstagramAuthError.Expired = error else { return XCTFail("\(error)") }
        }
    }

    func testACallbackIsAcceptedOnce() async throws {
        let auth = try auth()
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await consent(pending)
        _ = try auth.handleCallback(pending: pending, callbackUrl: callback)
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: callback)) { error in
            guard case InstagramAuthError.AlreadyUsed = error else { return XCTFail("\(error)") }
        }
    }

    func testASpentCodeIsRejectedThroughTheBackend() async throws {
        let auth = try auth()
        let code = try await code(from: auth)
        _ = try await auth.exchangeViaBackend(code: code, backend: try backend())
        do {
            _ = try await auth.exchangeViaBackend(code: code, backend: try backend())
            XCTFail("a spent code was accepted")
        } catch let InstagramAuthError.ProviderRejected(_, _, code, detail) {
            XCTAssertEqual(code, 141)
            XCTAssertTrue(detail.contains("Matching code was not found or was already used"), detail)
        }
    }

    func testNoServerIsANetworkError() async throws {
        let code = try await code(from: try auth())
        let offline = try auth(baseUrl: "http://127.0.0.1:9/")
        do {
            _ = try await offline.exchangeViaBackend(code: code, backend: try BackendExchange(url: "http://127.0.0.1:9/exchange", headers: [:]))
            XCTFail("no server, yet an answer")
        } catch InstagramAuthError.Network {
        }
    }

    func testDescriptionsNeverShowASecret() async throws {
        let auth = try auth()
        let pending = try auth.startAuthorization(scopes: [])
        let state = try XCTUnwrap(pending.authorizationUrl().components(separatedBy: "state=").last)
        let code = try auth.handleCallback(pending: pending, callbackUrl: try await consent(pending))
        let token = try await auth.exchangeViaBackend(code: code, backend: try backend())
        let printed = "\(pending) \(code) \(token) \(token.authData()) \(try backend())"
        for secret in [state, token.accessToken(), "sandbox-parse-rest-key"] {
            XCTAssertFalse(printed.contains(secret), printed)
        }
    }
}

/// Stops URLSession at the redirect so the test can read where Instagram sends the user.
private final class NoRedirects: NSObject, URLSessionTaskDelegate {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest
    ) async -> URLRequest? {
        nil
    }
}
