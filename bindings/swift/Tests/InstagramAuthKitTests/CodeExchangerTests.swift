import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

import InstagramAuthKit

/// `startAuthorization(scopes:options:)`, `exchangeCodeWith(grant:exchanger:)` with an app's
/// `CodeExchanger`, and the headers `URLSessionHttpClient` hands back, against the local
/// sandbox. The same cases as the Kotlin suite's CodeExchangerTest.kt.
final class CodeExchangerTests: XCTestCase {
    /// What an app's exchanger does with the Parse SDK, played with URLSession against the
    /// sandbox's Cloud function: the function's reply as it came, or only its result (what
    /// `PFCloud.callFunction` hands the app), and Parse's error as `Refused`.
    private final class CloudCall: CodeExchanger {
        let unwrap: Bool
        let functionUrl: URL

        init(unwrap: Bool) throws {
            self.unwrap = unwrap
            functionUrl = URL(string: "\(try Sandbox.url())sandbox/parse/functions/instagramExchange")!
        }

        func exchangeCode(code: String, redirectUri: String) async throws -> String {
            var request = URLRequest(url: functionUrl)
            request.httpMethod = "POST"
            request.setValue("sandbox-parse-app-id", forHTTPHeaderField: "X-Parse-Application-Id")
            request.setValue("sandbox-parse-rest-key", forHTTPHeaderField: "X-Parse-REST-API-Key")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: ["code": code, "redirect_uri": redirectUri])
            let (data, status): (Data, Int) = try await withCheckedThrowingContinuation { continuation in
                URLSession.shared.dataTask(with: request) { data, response, error in
                    if let data, let http = response as? HTTPURLResponse {
                        continuation.resume(returning: (data, http.statusCode))
                    } else {
                        continuation.resume(throwing: CodeExchangerError.Unreachable(detail: "\(error.map { "\($0)" } ?? "no reply")"))
                    }
                }.resume()
            }
            let body = String(decoding: data, as: UTF8.self)
            guard status == 200 else {
                let parse = try? JSONDecoder().decode(ParseError.self, from: data)
                throw CodeExchangerError.Refused(code: parse?.code ?? -1, detail: body)
            }
            guard unwrap else { return body }
            let reply = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let result = try JSONSerialization.data(withJSONObject: reply?["result"] ?? [:])
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// Parse's error reply, `{"code": 141, "error": "..."}`.
    private struct ParseError: Decodable {
        let code: Int32
    }

    /// Answers with `answer`, whatever it is given.
    private final class Answering: CodeExchanger {
        let answer: @Sendable () async throws -> String

        init(_ answer: @escaping @Sendable () async throws -> String) {
            self.answer = answer
        }

        func exchangeCode(code: String, redirectUri: String) async throws -> String {
            try await answer()
        }
    }

    private struct AppBug: Error, CustomStringConvertible {
        var description: String { "the app's own bug" }
    }

    private func exchange(with exchanger: CodeExchanger, auth: InstagramAuth? = nil) async throws -> TokenResponse {
        let auth = try auth ?? Sandbox.auth()
        return try await auth.exchangeCodeWith(grant: try await Sandbox.code(from: auth), exchanger: exchanger)
    }

    /// The InstagramAuthError `body` throws.
    private func failure(_ body: () async throws -> TokenResponse, file: StaticString = #filePath, line: UInt = #line) async -> InstagramAuthError? {
        do {
            let token = try await body()
            XCTFail("expected an error, got \(token)", file: file, line: line)
        } catch let error as InstagramAuthError {
            return error
        } catch {
            XCTFail("expected an InstagramAuthError, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testSignInOptionsReachTheConsentUrlAndARestoredSignInKeepsThem() throws {
        let auth = try Sandbox.auth()
        func options(_ pending: PendingAuthorization) -> String {
            let afterState = pending.authorizationUrl().components(separatedBy: "&state=")[1]
            return afterState.split(separator: "&", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        }
        XCTAssertEqual(options(try auth.startAuthorization(scopes: [])), "")
        XCTAssertEqual(options(try auth.startAuthorization(scopes: [], options: SignInOptions())), "")
        XCTAssertEqual(options(try auth.startAuthorization(scopes: [], options: SignInOptions(forceReauth: true))), "force_reauth=true")
        let all = try auth.startAuthorization(
            scopes: ["instagram_business_basic"],
            options: SignInOptions(forceReauth: true, forceAuthentication: false, enableFbLogin: true)
        )
        XCTAssertEqual(options(all), "force_reauth=true&force_authentication=0&enable_fb_login=1")
        XCTAssertEqual(try auth.restoreAuthorization(saved: all.toSavedString()).authorizationUrl(), all.authorizationUrl())
    }

    func testAnExchangersReplyBecomesTheTokenWrappedAsACloudResultOrNot() async throws {
        for unwrap in [false, true] {
            let token = try await exchange(with: try CloudCall(unwrap: unwrap))
            XCTAssertEqual(token.userId(), "17841405793187219", "unwrap: \(unwrap)")
            XCTAssertFalse(token.accessToken().isEmpty)
        }
    }

    func testUnreachableOrAnyOtherErrorFromTheAppIsANetworkError() async throws {
        let unreachable = await failure { try await self.exchange(with: Answering { throw CodeExchangerError.Unreachable(detail: "no network") }) }
        guard case .Network(let detail) = unreachable else { return XCTFail("\(String(describing: unreachable))") }
        XCTAssertTrue(detail.contains("no network"), detail)
        let crashed = await failure { try await self.exchange(with: Answering { throw AppBug() }) }
        guard case .Network = crashed else { return XCTFail("\(String(describing: crashed))") }
    }

    func testRefusedIsBackendRejectedWithTheBackendsCode() async throws {
        // The Cloud function's own failure is Parse's 141; a code spent is Instagram's refusal,
        // passed on as the result (as server/cloud/main.js does): ProviderRejected.
        let auth = try Sandbox.auth()
        let grant = try await Sandbox.code(from: auth)
        _ = try await auth.exchangeCodeWith(grant: grant, exchanger: try CloudCall(unwrap: false))
        let spent = await failure { try await auth.exchangeCodeWith(grant: grant, exchanger: try CloudCall(unwrap: false)) }
        guard case .ProviderRejected(_, _, let spentCode, _, _, _) = spent else { return XCTFail("\(String(describing: spent))") }
        XCTAssertEqual(spentCode, 400)
        let failed = await failure { try await self.exchange(with: Answering { throw CodeExchangerError.Refused(code: 141, detail: "code and redirect_uri are required") }) }
        guard case .BackendRejected(_, let code, _, _) = failed else { return XCTFail("\(String(describing: failed))") }
        XCTAssertEqual(code, 141)
        let session = await failure { try await self.exchange(with: Answering { throw CodeExchangerError.Refused(code: 209, detail: "Invalid session token") }) }
        guard case .BackendRejected(_, let sessionCode, let message, _) = session else { return XCTFail("\(String(describing: session))") }
        XCTAssertEqual(sessionCode, 209)
        XCTAssertEqual(message, "Invalid session token")
    }

    func testAReplyThatIsNotATokenIsInvalidReplyAndInstagramsRefusalInsideItProviderRejected() async throws {
        for reply in [#"{"result":"ok"}"#, "<html>captive portal</html>"] {
            let error = await failure { try await self.exchange(with: Answering { reply }) }
            guard case .InvalidReply = error else { return XCTFail("\(reply): \(String(describing: error))") }
        }
        let refusal = #"{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}"#
        let error = await failure { try await self.exchange(with: Answering { refusal }) }
        guard case .ProviderRejected = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue("\(error!)".contains("code 400"), "\(error!)")
    }

    func testAHungExchangerEndsAsTimeoutAtTheRequestTimeout() async throws {
        let auth = try Sandbox.auth(requestTimeoutMs: 500)
        let started = Date()
        let error = await failure {
            try await self.exchange(with: Answering { try await Task.sleep(nanoseconds: 60_000_000_000); return "" }, auth: auth)
        }
        let took = Date().timeIntervalSince(started)
        guard case .Timeout = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue((0.5..<5).contains(took), "took \(took) s")
    }

    /// Keeps every reply the shipped client hands back.
    private final class Recording: HttpClient, @unchecked Sendable {
        private let client = URLSessionHttpClient()
        private let lock = NSLock()
        private var received: [HttpResponse] = []

        var replies: [HttpResponse] {
            locked { received }
        }

        func send(request: HttpRequest) async throws -> HttpResponse {
            let reply = try await client.send(request: request)
            locked { received.append(reply) }
            return reply
        }

        /// NSLock's lock() is unavailable in async code; a synchronous helper is not.
        private func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }
    }

    func testURLSessionHttpClientHandsBackTheRepliesHeaders() async throws {
        let recording = Recording()
        let auth = try InstagramAuth(
            config: InstagramAuthConfig(clientId: "990602627938098", redirectUri: Sandbox.redirect, baseUrl: try Sandbox.url()),
            httpClient: recording
        )
        _ = try await auth.exchangeCodeWithClientSecret(grant: try await Sandbox.code(from: auth), clientSecret: "sandbox-app-secret-eb8c7")
        let headers = try XCTUnwrap(recording.replies.first).headers
        let contentType = headers.filter { $0.name.lowercased() == "content-type" }
        XCTAssertEqual(contentType.count, 1, "\(headers)")
        XCTAssertTrue(contentType.first?.value.hasPrefix("application/json") ?? false, "\(contentType)")
        XCTAssertTrue(headers.contains { $0.name.lowercased() == "content-length" }, "\(headers)")
        XCTAssertEqual(headers.map(\.name), headers.map(\.name).sorted(), "sorted by name")
    }
}
