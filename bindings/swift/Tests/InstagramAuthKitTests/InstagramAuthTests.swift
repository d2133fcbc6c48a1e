import Foundation
import XCTest

@testable import InstagramAuthKit

/// The whole sign-in through the generated Swift bindings against the local Instagram
/// sandbox, whose base URL arrives in SANDBOX_URL (scripts/test-swift.sh starts it; on a
/// Mac: `igauth sandbox --port 8910` and `SANDBOX_URL=http://127.0.0.1:8910/ swift test`).
/// Covers what the Kotlin suite covers (InstagramAuthTest.kt); the error cases an app
/// switches on are in InstagramAuthErrorTests.
final class InstagramAuthTests: XCTestCase {
    private let redirect = "https://app.example.com/auth/"
    private let userId = "17841405793187219"

    func testAuthorizationUrlCarriesTheAppRedirectScopesAndFreshState() throws {
        let auth = try Sandbox.auth()
        let first = try auth.startAuthorization(scopes: ["instagram_business_basic", "instagram_business_manage_comments", "instagram_business_basic"])
        let second = try auth.startAuthorization(scopes: [])
        let url = first.authorizationUrl()
        XCTAssertTrue(url.hasPrefix("\(try Sandbox.url())oauth/authorize?client_id=990602627938098&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2F&response_type=code"), url)
        XCTAssertTrue(url.contains("&scope=instagram_business_basic%2Cinstagram_business_manage_comments&state="), url)
        XCTAssertEqual(first.scopes(), ["instagram_business_basic", "instagram_business_manage_comments"])
        XCTAssertEqual(second.scopes(), ["instagram_business_basic"])
        XCTAssertEqual(first.redirectUri(), redirect)
        XCTAssertNotEqual(Sandbox.state(of: first), Sandbox.state(of: second))
        XCTAssertEqual(Sandbox.state(of: first).count, 64)
    }

    func testWholeSignInThroughTheBackendEndsInParseAuthData() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: ["instagram_business_basic"])
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        XCTAssertTrue(callback.hasPrefix(redirect + "?code=") && callback.hasSuffix("#_"), callback)
        let grant = try auth.handleCallback(pending: pending, callbackUrl: callback)
        XCTAssertEqual(grant.redirectUri(), redirect)

        let token = try await auth.exchangeCodeViaBackend(grant: grant, backend: try Sandbox.backend())
        XCTAssertEqual(token.userId(), userId)
        XCTAssertEqual(token.permissions(), ["instagram_business_basic"])

        let profile = try await auth.fetchProfile(accessToken: token.accessToken())
        XCTAssertEqual(profile.id, userId)
        XCTAssertEqual(profile.username, "sandbox.creator")

        let authData = token.authData()
        XCTAssertEqual(authData.provider(), "instagram")
        XCTAssertEqual(authData.toMap(), ["id": userId, "access_token": token.accessToken()])
        XCTAssertEqual(authData.toJson(), #"{"instagram":{"access_token":"\#(token.accessToken())","id":"\#(userId)"}}"#)
    }

    func testDirectExchangeWithTheAppSecretForServersAndTheSandbox() async throws {
        let auth = try Sandbox.auth()
        let token = try await auth.exchangeCodeWithClientSecret(grant: try await Sandbox.code(from: auth), clientSecret: "sandbox-app-secret-eb8c7")
        XCTAssertEqual(token.userId(), userId)
    }

    func testASavedSignInIsFinishedByARelaunchedApp() async throws {
        let saved = try Sandbox.auth().startAuthorization(scopes: []).toSavedString()
        // The process dies while the browser is open; a new one restores and finishes.
        let relaunched = try Sandbox.auth()
        let pending = try relaunched.restoreAuthorization(saved: saved)
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        let grant = try relaunched.handleCallback(pending: pending, callbackUrl: callback)
        let token = try await relaunched.exchangeCodeViaBackend(grant: grant, backend: try Sandbox.backend())
        XCTAssertEqual(token.userId(), userId)
    }

    func testAnotherSignInsCallbackIsAStrayCallbackAndLeavesThisOneOpen() async throws {
        let auth = try Sandbox.auth()
        let mine = try auth.startAuthorization(scopes: [])
        let other = try auth.startAuthorization(scopes: [])
        let othersCallback = try await SandboxBrowser.redirect(for: other.authorizationUrl())
        XCTAssertThrowsError(try auth.handleCallback(pending: mine, callbackUrl: othersCallback)) { error in
            guard case InstagramAuthError.StrayCallback(.stateMismatch, _) = error else { return XCTFail("\(error)") }
        }
        let callback = try await SandboxBrowser.redirect(for: mine.authorizationUrl())
        XCTAssertNoThrow(try auth.handleCallback(pending: mine, callbackUrl: callback))
    }

    func testADenialWithoutThisSignInsStateIsAStrayCallbackThatShowsNothingOfTheLink() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let forged = redirect + "?error=access_denied&error_reason=user_denied&error_description=Call+0800+123"
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: forged)) { error in
            guard case InstagramAuthError.StrayCallback(.missingState, let detail) = error else { return XCTFail("\(error)") }
            XCTAssertFalse("\(error) \(detail) \(error.localizedDescription)".contains("0800"), "\(error)")
        }
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        XCTAssertNoThrow(try auth.handleCallback(pending: pending, callbackUrl: callback))
    }

    func testThisSignInsCallbackWithoutACodeEndsItWithMissingCode() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: "\(redirect)?state=\(Sandbox.state(of: pending))")) { error in
            guard case InstagramAuthError.MissingCode = error else { return XCTFail("\(error)") }
        }
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: callback)) { error in
            XCTAssertEqual(error as? InstagramAuthError, .AlreadyUsed)
        }
    }

    func testForeignOrBrokenLinksAreStrayCallbacks() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let strays: [(String, StrayCallbackReason)] = [
            ("not a url", .malformed),
            ("https://evil.example/auth/?code=x&state=y", .wrongRedirectUri),
        ]
        for (link, reason) in strays {
            XCTAssertThrowsError(try auth.handleCallback(pending: pending, callbackUrl: link)) { error in
                guard case InstagramAuthError.StrayCallback(let actual, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(actual, reason, link)
            }
        }
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        XCTAssertNoThrow(try auth.handleCallback(pending: pending, callbackUrl: callback))
    }

    func testATamperedSavedSignInIsRefused() throws {
        let saved = try Sandbox.auth().startAuthorization(scopes: []).toSavedString()
        let tampered = [
            saved.replacingOccurrences(of: "https://app.example.com/auth/", with: "https://evil.example/auth/"),
            saved.replacingOccurrences(of: #""response_type":"code""#, with: #""response_type":"token""#),
            saved.replacingOccurrences(of: #""created_at":\d+"#, with: #""created_at":4102444800"#, options: .regularExpression),
        ]
        for text in tampered {
            XCTAssertNotEqual(text, saved)
            XCTAssertThrowsError(try Sandbox.auth().restoreAuthorization(saved: text)) { error in
                guard case InstagramAuthError.InvalidSavedAuthorization = error else { return XCTFail("\(error)") }
            }
        }
    }

    func testObjectsPrintNoSecret() async throws {
        let auth = try Sandbox.auth()
        let pending = try auth.startAuthorization(scopes: [])
        let callback = try await SandboxBrowser.redirect(for: pending.authorizationUrl())
        let grant = try auth.handleCallback(pending: pending, callbackUrl: callback)
        let token = try await auth.exchangeCodeViaBackend(grant: grant, backend: try Sandbox.backend())
        let objects: [Any] = [pending, grant, token, token.authData(), try Sandbox.backend()]
        let printed = objects.map { "\($0) \(String(reflecting: $0))" }.joined(separator: " ")
        for secret in [Sandbox.state(of: pending), Sandbox.code(in: callback), token.accessToken(), "sandbox-parse-rest-key"] {
            XCTAssertFalse(printed.contains(secret), printed)
        }
        XCTAssertTrue(printed.contains("[redacted]"), printed)
    }

    func testAuthDataForATokenFromElsewhere() throws {
        let data = try ParseAuthData(userId: "17841405793187218", accessToken: "IGQVJ")
        XCTAssertEqual(data.toMap(), ["id": "17841405793187218", "access_token": "IGQVJ"])
        XCTAssertFalse("\(data)".contains("IGQVJ"))
    }
}
