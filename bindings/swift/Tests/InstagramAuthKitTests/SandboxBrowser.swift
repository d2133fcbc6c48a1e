import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plays the user in the browser: opens the sandbox's consent URL with an automatic
/// decision and returns where "Instagram" redirects, without following the redirect.
///
/// Behaves the same on Apple systems and on Linux: the redirect is refused by the
/// session's own delegate, in its completion-handler form, which both Foundation and
/// swift-corelibs-foundation call (a per-task `data(for:delegate:)` delegate is ignored on
/// Linux, which then follows the redirect to the app's host and fails).
/// Shared by the bindings' tests and the iOS demo's tests.
enum SandboxBrowser {
    struct NoRedirect: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the sandbox answered HTTP \(status), not a redirect" }
    }

    /// The redirect for `authorizationUrl` after the user chose `decision` (`allow` or `deny`).
    static func redirect(for authorizationUrl: String, decision: String = "allow") async throws -> String {
        let url = URL(string: authorizationUrl + "&sandbox_decision=" + decision)!
        let session = URLSession(configuration: .ephemeral, delegate: RefuseRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let response: URLResponse = try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: url) { _, response, error in
                if let response {
                    continuation.resume(returning: response)
                } else {
                    continuation.resume(throwing: error ?? URLError(.badServerResponse))
                }
            }.resume()
        }
        let http = response as? HTTPURLResponse
        guard let http, http.statusCode == 302, let location = http.value(forHTTPHeaderField: "Location") else {
            throw NoRedirect(status: http?.statusCode ?? 0)
        }
        return location
    }

    private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession,
            task: URLSessionTask,
            willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest,
            completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
