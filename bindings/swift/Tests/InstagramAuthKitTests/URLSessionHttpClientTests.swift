import Foundation
import XCTest

import InstagramAuthKit

/// The platform transport: Rust decides each request and checks each reply, URLSession
/// sends it. Every fault must give what the library's own reqwest client gives, as recorded
/// in testdata/transport-faults.tsv (checked against reqwest by
/// bindings/tests/builtin_client_faults.rs). scripts/test-swift.sh starts one sandbox per
/// fault and lists them in SANDBOX_FAULT_URLS (`fault url` pairs, `;`-separated).
final class URLSessionHttpClientTests: XCTestCase {
    private static let secret = "sandbox-app-secret-eb8c7"

    private func config(_ base: String, timeoutMs: UInt64 = 5000) -> InstagramAuthConfig {
        InstagramAuthConfig(
            clientId: "990602627938098", redirectUri: Sandbox.redirect, baseUrl: base,
            connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs
        )
    }

    /// A code for this app without the network: a callback as Instagram would send it.
    private func code(_ auth: InstagramAuth) throws -> CodeGrant {
        let pending = try auth.startAuthorization(scopes: [])
        return try auth.handleCallback(
            pending: pending, callbackUrl: "\(Sandbox.redirect)?code=AQcode&state=\(Sandbox.state(of: pending))#_"
        )
    }

    /// The case, for the ones a transport can cause.
    private static func kind(_ error: InstagramAuthError) -> String {
        switch error {
        case .Timeout: "Timeout"
        case .Network: "Network"
        case .InvalidReply: "InvalidReply"
        case .ProviderRejected: "ProviderRejected"
        default: "unexpected"
        }
    }

    /// The sandbox started with `--fault <fault>`.
    private static func sandbox(with fault: String) throws -> String {
        let pairs = try Sandbox.url("SANDBOX_FAULT_URLS").split(separator: ";").map { $0.split(separator: " ") }
        guard let pair = pairs.first(where: { $0.first.map(String.init) == fault }), pair.count == 2 else {
            throw XCTSkip("no sandbox with --fault \(fault) in SANDBOX_FAULT_URLS")
        }
        return String(pair[1])
    }

    func testAWholeSignInGoesThroughURLSession() async throws {
        let auth = try InstagramAuth(config: config(try Sandbox.url()))
        let code = try await Sandbox.code(from: auth)
        let token = try await auth.exchangeCodeViaBackend(grant: code, backend: try Sandbox.backend())
        XCTAssertEqual(token.userId(), "17841405793187219")
        let profile = try await auth.fetchProfile(accessToken: token.accessToken())
        XCTAssertEqual(profile.username, "sandbox.creator")
    }

    func testEverySandboxFaultGivesWhatTheReqwestClientGives() async throws {
        guard let testdata = ProcessInfo.processInfo.environment["IGAUTH_TESTDATA"] else {
            throw XCTSkip("IGAUTH_TESTDATA is not set; scripts/test-swift.sh sets it")
        }
        let table = try String(contentsOfFile: testdata + "/transport-faults.tsv", encoding: .utf8)
            .split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(table.count, 7, "one line per fault")
        for row in table {
            let (fault, kind, message) = (row[0], row[1], row[2])
            let auth = try InstagramAuth(config: config(try Self.sandbox(with: fault), timeoutMs: 800))
            let started = Date()
            do {
                let token = try await auth.exchangeCodeWithClientSecret(grant: try code(auth), clientSecret: Self.secret)
                XCTFail("\(fault): a token came back: \(token)")
                continue
            } catch let error as InstagramAuthError {
                let took = Date().timeIntervalSince(started)
                XCTAssertLessThan(took, 3, fault)
                XCTAssertEqual(Self.kind(error), kind, "\(fault): \(error)")
                if kind == "Timeout" {
                    // Not before the request's time is up (Linux once timed out at once).
                    XCTAssertGreaterThan(took, 0.75, fault)
                }
                if message != "*" {
                    XCTAssertEqual("\(error)", message, fault)
                }
            }
        }
    }

    func testARedirectIsHandedBackNotFollowed() async throws {
        let auth = try InstagramAuth(config: config(try Self.sandbox(with: "redirect")))
        do {
            _ = try await auth.fetchProfile(accessToken: "IGAAtoken")
            XCTFail("a redirect was accepted")
        } catch InstagramAuthError.InvalidReply(let status, let detail) {
            XCTAssertEqual(status, 302)
            XCTAssertTrue(detail.contains("redirect"), detail)
        }
    }

    /// A client that fails with everything it was asked to send in its message.
    private final class Blabbing: HttpClient {
        func send(request: HttpRequest) async throws -> HttpResponse {
            let body = String(decoding: request.body(), as: UTF8.self)
            throw HttpClientError.Network(
                detail: "\(request.method()) \(request.url()) \(body) \(request.headers()) \(request)"
            )
        }
    }

    func testNoSecretReachesAnErrorsTextWhateverTheClientSays() async throws {
        for client in [URLSessionHttpClient(), Blabbing()] as [HttpClient] {
            let auth = try InstagramAuth(config: config("http://127.0.0.1:9/"), httpClient: client)
            do {
                _ = try await auth.fetchProfile(accessToken: "IGAAsecret-token-123")
                XCTFail("no server answered, yet a profile came back")
            } catch let error as InstagramAuthError {
                guard case .Network = error else { return XCTFail("\(error)") }
                XCTAssertFalse("\(error)".contains("IGAAsecret"), "\(error)")
            }
            do {
                _ = try await auth.exchangeCodeWithClientSecret(grant: try code(auth), clientSecret: Self.secret)
                XCTFail("no server answered, yet a token came back")
            } catch let error as InstagramAuthError {
                guard case .Network = error else { return XCTFail("\(error)") }
                for leak in ["AQcode", Self.secret] {
                    XCTAssertFalse("\(error)".contains(leak), "\(error)")
                }
            }
        }
    }
}
