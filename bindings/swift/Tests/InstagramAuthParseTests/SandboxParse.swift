import AuthenticationServices
import Foundation
import ParseCore
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

import InstagramAuthKit

/// What the Parse suites share (also the iOS demo's, scripts/test-swift.sh copies this file):
/// the ParseCore stub's server answering Cloud function calls with the sandbox's stand-in for
/// `instagramExchange`, a played browser sheet and an in-memory store.
enum SandboxParse {
    /// Makes the stub's Cloud function calls reach the sandbox (SANDBOX_URL).
    static func answerCloudFunctions() throws {
        let sandbox = try Sandbox.url()
        ParseStub.state { $0.cloudReply = { name, parameters in await cloudFunction(sandbox, name, parameters) } }
    }

    /// The sandbox's stand-in for the Cloud function, over HTTP; failures as the Parse SDK
    /// reports them (PFURLSessionJSONDataTaskDelegate.m): the reply's code and error, or 100.
    private static func cloudFunction(_ sandbox: String, _ name: String,
                                      _ parameters: [String: String]) async -> Result<String, NSError> {
        var request = URLRequest(url: URL(string: "\(sandbox)sandbox/parse/functions/\(name)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("sandbox-parse-app-id", forHTTPHeaderField: "X-Parse-Application-Id")
        request.setValue("sandbox-parse-rest-key", forHTTPHeaderField: "X-Parse-REST-API-Key")
        request.httpBody = try? JSONSerialization.data(withJSONObject: parameters)
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let body = String(decoding: data, as: UTF8.self)
            if (response as? HTTPURLResponse)?.statusCode == 200 { return .success(body) }
            let reply = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let message = reply?["error"] as? String ?? body
            return .failure(NSError(domain: PFParseErrorDomain, code: reply?["code"] as? Int ?? 1,
                                    userInfo: ["error": message, NSLocalizedDescriptionKey: message]))
        } catch {
            return .failure(NSError(domain: PFParseErrorDomain, code: 100,
                                    userInfo: ["error": "\(error)", NSLocalizedDescriptionKey: "\(error)"]))
        }
    }

    /// Answers the consent page as the user would (`decision`), or closes the sheet (nil).
    @MainActor
    final class SheetPlayer: WebAuthenticationBrowser {
        var decision: String?
        private(set) var opened = 0
        init(decision: String?) { self.decision = decision }
        var supportsHTTPSCallback: Bool { true }
        func authenticate(_ request: WebAuthenticationRequest, presentationAnchor: ASPresentationAnchor?) async throws -> URL {
            opened += 1
            guard let decision else { throw WebSignInError.cancelled }
            let redirect = try await SandboxBrowser.redirect(for: request.url.absoluteString, decision: decision)
            return try XCTUnwrap(URL(string: redirect))
        }
        func cancel() {}
    }

    final class MemoryStore: PendingSignInStore {
        var value: String?
        func save(_ saved: String) { value = saved }
        func load() -> String? { value }
        func clear() { value = nil }
    }
}
