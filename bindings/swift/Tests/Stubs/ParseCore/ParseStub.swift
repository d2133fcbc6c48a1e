// Not Parse API: the stub's state, driven and read by the tests (see ../README.md).
import Foundation

/// What the stub SDK was asked, and what its "server" answers.
public enum ParseStub {
    /// One restore call made through a registered delegate.
    public struct Restore: Equatable, Sendable {
        public let authType: String
        public let authData: [String: String]?
        public let returned: Bool

        public init(authType: String, authData: [String: String]?, returned: Bool) {
            self.authType = authType
            self.authData = authData
            self.returned = returned
        }
    }

    public struct State {
        var configuration: ParseClientConfiguration?
        var delegates: [String: any PFUserAuthenticationDelegate] = [:]
        /// `registerAuthenticationDelegate` calls, by type.
        public internal(set) var registrations: [String] = []
        public var currentUser: PFUser?
        /// PFConsistencyAssert failures: in the real SDK, an uncatchable NSInternalInconsistencyException.
        public internal(set) var assertions: [String] = []
        /// The SDK calls made, in order.
        public internal(set) var calls: [String] = []
        public internal(set) var restores: [Restore] = []
        /// Cloud functions called: name and parameters.
        public internal(set) var functionCalls: [(name: String, parameters: [String: String])] = []
        /// The server's answer to a Cloud function call (name, parameters): the reply body
        /// (`{"result": ...}`) or the NSError the SDK would make of a failure.
        public var cloudReply: @Sendable (String, [String: String]) async -> Result<String, NSError> = { _, _ in
            .failure(NSError(domain: PFParseErrorDomain, code: 141, userInfo: ["error": "no cloud reply set"]))
        }
        /// The server's answer to a third-party log-in: the user's objectId, or an error.
        public var logInReply: (String, [String: String]) -> Result<String, NSError> = { _, _ in .success("parseUser1") }
        /// Set: saving a user (link, unlink) fails with it.
        public var saveError: NSError?
    }

    private static let lock = NSLock()
    private static var current = State()

    /// Reads or changes the state under its lock.
    public static func state<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&current)
    }

    /// A fresh SDK: not initialized, no delegate, no user.
    public static func reset() { state { $0 = State() } }

    static var configuration: ParseClientConfiguration? { state { $0.configuration } }
    static func configure(_ configuration: ParseClientConfiguration) { state { $0.configuration = configuration } }
    static func record(_ call: String) { state { $0.calls.append(call) } }

    /// PFUser.m's `PFConsistencyAssert([controller authenticationDelegateForAuthType:authType], …)`.
    static func consistencyAssertDelegate<T>(for authType: String) -> BFTask<T>? {
        guard state({ $0.delegates[authType] }) == nil else { return nil }
        let message = "No registered authentication delegate found for `\(authType)` authentication type. "
            + "Register a delegate first via PFUser.registerAuthenticationDelegate(delegate, forAuthType:)"
        state { $0.assertions.append(message) }
        return BFTask(error: NSError(domain: "NSInternalInconsistencyException", code: 0,
                                     userInfo: [NSLocalizedDescriptionKey: message]))
    }

    /// PFUserAuthenticationController.m restoreAuthenticationAsyncWithAuthData: on a
    /// background queue, awaited; YES when no delegate is registered.
    @discardableResult
    static func restore(_ authType: String, _ authData: [String: String]?) -> Bool {
        guard let delegate = state({ $0.delegates[authType] }) else { return true }
        let box = DelegateBox(delegate: delegate)
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            result.value = box.delegate.restoreAuthentication(withAuthData: authData)
            done.signal()
        }
        done.wait()
        state { $0.restores.append(Restore(authType: authType, authData: authData, returned: result.value)) }
        return result.value
    }

    /// PFCloud: encodes the parameters, asks the "server", decodes `result` from its reply.
    static func callFunction(_ name: String, parameters: [AnyHashable: Any]?) -> BFTask<AnyObject> {
        record("callFunction(inBackground: \(name))")
        var strings: [String: String] = [:]
        for (key, value) in parameters ?? [:] {
            strings["\(key)"] = value as? String ?? "<not a string: \(type(of: value))>"
        }
        let server = state { state -> @Sendable (String, [String: String]) async -> Result<String, NSError> in
            state.functionCalls.append((name, strings))
            return state.cloudReply
        }
        let source = BFTaskCompletionSource<AnyObject>()
        let completion = UncheckedSource(source: source)
        let parameters = strings
        Task.detached {
            let source = completion.source
            switch await server(name, parameters) {
            case let .failure(error):
                source.set(error: error)
            case let .success(body):
                let decoded = (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]))
                    as? [String: Any]
                if let result = decoded?["result"] {
                    source.set(result: bridged(result))
                } else {
                    source.set(error: NSError(domain: PFParseErrorDomain, code: PFErrorCode.errorInternalServer.rawValue,
                                              userInfo: [NSLocalizedDescriptionKey: body, "error": body]))
                }
            }
        }
        return source.task
    }

    /// What NSJSONSerialization gives on Apple systems: NSDictionary, NSArray, NSString, NSNumber, NSNull.
    private static func bridged(_ value: Any) -> AnyObject {
        switch value {
        case let dictionary as [String: Any]:
            return NSDictionary(dictionary: dictionary.mapValues(bridged))
        case let array as [Any]:
            return NSArray(array: array.map(bridged))
        case let string as String:
            return NSString(string: string)
        case let number as NSNumber:
            return number
        case let bool as Bool:
            return NSNumber(value: bool)
        case let int as Int:
            return NSNumber(value: int)
        case let double as Double:
            return NSNumber(value: double)
        default:
            return NSNull()
        }
    }
}

private struct UncheckedSource: @unchecked Sendable {
    let source: BFTaskCompletionSource<AnyObject>
}

private struct DelegateBox: @unchecked Sendable {
    let delegate: any PFUserAuthenticationDelegate
}

private final class ResultBox: @unchecked Sendable {
    var value = true
}
