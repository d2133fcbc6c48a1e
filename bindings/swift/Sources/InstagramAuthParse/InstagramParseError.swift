import Foundation
import ParseCore

/// Why the Parse side of a log-in or link failed.
public enum InstagramParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `Parse.initialize(with:)` has not run yet: call it first (at launch).
    case parseNotInitialized
    /// Parse could not be reached (`kPFErrorConnectionFailed`). Retry when online.
    case parseUnreachable(message: String)
    /// Parse refused, with its error code: e.g. 101 "Instagram auth is invalid for this user."
    /// or 208 (this Instagram account is linked to another user).
    case parseRejected(code: Int, message: String)

    /// What happened, for people (and logs: it holds no secret).
    public var description: String {
        switch self {
        case .parseNotInitialized: "Parse is not initialized: call Parse.initialize(with:) first"
        case let .parseUnreachable(message): "Parse could not be reached: \(message)"
        case let .parseRejected(code, message): "Parse refused (code \(code)): \(message)"
        }
    }

    /// A Parse SDK error, by what the app does about it.
    init(_ error: any Error) {
        let error = error as NSError
        let message = (error.userInfo["error"] as? String) ?? error.localizedDescription
        if error.domain == NSURLErrorDomain
            || (error.domain == PFParseErrorDomain && error.code == PFErrorCode.errorConnectionFailed.rawValue) {
            self = .parseUnreachable(message: message)
        } else {
            self = .parseRejected(code: error.code, message: message)
        }
    }
}
