import Foundation

/// Where the sign-in in flight waits while the browser sheet is open. It must outlive the
/// process: iOS may end a backgrounded app while the user is on Instagram, and the relaunched
/// app restores the sign-in from here (`InstagramWebSignIn.resume` / `complete(callbackURL:)`).
public protocol PendingSignInStore: AnyObject {
    /// Keeps `saved` (`PendingAuthorization.toSavedString()`), replacing any earlier one.
    func save(_ saved: String)
    /// What `save` kept, if anything.
    func load() -> String?
    /// Forgets it.
    func clear()
}

/// Keeps the pending sign-in in `UserDefaults`. The saved text holds the sign-in's state and
/// options, no token or code, and lives only until the sign-in ends.
public final class UserDefaultsPendingSignInStore: PendingSignInStore {
    /// The key used unless you pass another.
    public static let defaultKey = "dev.instagramauth.pendingSignIn"

    private let defaults: UserDefaults
    private let key: String

    /// - Parameters:
    ///   - defaults: where to keep it; `.standard` by default.
    ///   - key: the entry's key.
    public init(defaults: UserDefaults = .standard, key: String = UserDefaultsPendingSignInStore.defaultKey) {
        self.defaults = defaults
        self.key = key
    }

    public func save(_ saved: String) { defaults.set(saved, forKey: key) }
    public func load() -> String? { defaults.string(forKey: key) }
    public func clear() { defaults.removeObject(forKey: key) }
}
