import Foundation
import InstagramAuthKit
import ParseCore

/// Exchanges the code through your Cloud function (`server/cloud/main.js`, `instagramExchange`)
/// with `PFCloud.callFunction(inBackground:withParameters:)`: the Parse SDK's own keys and the
/// current user's session go with it, and the app holds no other key. The core reads the
/// function's result (Instagram's token reply) as it reads any backend's.
public final class ParseCloudCodeExchanger: CodeExchanger {
    /// The Cloud function's name.
    public let functionName: String

    /// - Parameter functionName: `instagramExchange` unless you deployed it under another name.
    public init(functionName: String = "instagramExchange") {
        self.functionName = functionName
    }

    /// Calls the function with `{"code", "redirect_uri"}` and returns its result as JSON text.
    /// - Throws: `CodeExchangerError.Unreachable` when Parse cannot be reached,
    ///   `.Refused(code, message)` with Parse's code when it answers with an error (141 when
    ///   the function threw).
    public func exchangeCode(code: String, redirectUri: String) async throws -> String {
        // Before Parse.initialize the SDK has no Cloud controller to call.
        guard Parse.currentConfiguration != nil else {
            throw CodeExchangerError.Unreachable(detail: InstagramParseError.parseNotInitialized.description)
        }
        let call = PFCloud.callFunction(inBackground: functionName,
                                        withParameters: ["code": code, "redirect_uri": redirectUri])
        do {
            return try await completion(of: call) { result in
                // Wrapped as the REST reply was, so any JSON value serializes (a bare string
                // would not), and checked first: an invalid object raises, not throws.
                let reply: [String: Any] = ["result": result ?? NSNull()]
                guard JSONSerialization.isValidJSONObject(reply),
                      let json = try? JSONSerialization.data(withJSONObject: reply) else {
                    return "null" // the core reports a reply that is not a token reply
                }
                return String(decoding: json, as: UTF8.self)
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            switch InstagramParseError(error) {
            case let .parseUnreachable(message):
                throw CodeExchangerError.Unreachable(detail: message)
            case let .parseRejected(code, message):
                throw CodeExchangerError.Refused(code: Int32(clamping: code), detail: message)
            case .parseNotInitialized:
                throw CodeExchangerError.Unreachable(detail: InstagramParseError.parseNotInitialized.description)
            }
        }
    }
}
