import Foundation

/// Where the sign-in in flight waits while the browser sheet is open. It must outlive the
/// process: iOS may end a backgrounded app while the user is on Instagram, and the relaunched
/// app restores the sign-in from here (`InstagramWebSignIn.resume` / `complete(callbackURL:)`).
public protocol PendingSignInStore: AnyObject {
    /// Keeps `saved` (`PendingAuthorization.toSavedString()`), replacing any earlier one.
    /// - Throws: when it could not be kept; the sign-in then does not start.
    func save(_ saved: String) throws
    /// What `save` kept, if anything.
    func load() -> String?
    /// Forgets it.
    func clear()
}

/// Keeps the pending sign-in in a file of its own, in Application Support, in a directory
/// excluded from iCloud and computer backups: a sign-in lives for minutes on one device, so a
/// copy in a backup (or restored onto another phone) can only be stale. The default store.
///
/// The directory carries the exclusion (`URLResourceValues.isExcludedFromBackup`) rather than
/// the file, because Apple notes that replacing a file, as an atomic write does, can reset
/// the flag on it. The file is written atomically, so a reader sees a whole sign-in or none,
/// with the data protection Parse's SDK also uses for its files
/// (`completeUntilFirstUserAuthentication`). The text holds the sign-in's state and options,
/// no code or token.
public final class FilePendingSignInStore: PendingSignInStore, Sendable {
    /// The file's name unless you pass another.
    public static let defaultFileName = "pending-sign-in"

    /// The directory the file is in.
    public let directory: URL
    private let file: URL

    /// - Parameters:
    ///   - directory: where to keep it; nil: `dev.instagramauth` in Application Support.
    ///     Created on the first save, and excluded from backups then.
    ///   - fileName: the file's name in it.
    public init(directory: URL? = nil, fileName: String = FilePendingSignInStore.defaultFileName) {
        self.directory = directory ?? Self.defaultDirectory
        file = self.directory.appendingPathComponent(fileName, isDirectory: false)
    }

    /// `dev.instagramauth` in the app's Application Support directory.
    public static var defaultDirectory: URL {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask).first
            ?? FileManager.default.temporaryDirectory
        return support.appendingPathComponent("dev.instagramauth", isDirectory: true)
    }

    public func save(_ saved: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.excludeFromBackup(directory)
        #if canImport(Darwin)
        let options: Data.WritingOptions = [.atomic, .completeFileProtectionUntilFirstUserAuthentication]
        #else
        let options: Data.WritingOptions = [.atomic]
        #endif
        try Data(saved.utf8).write(to: file, options: options)
    }

    /// The saved text; nil when there is none, or when the file is not a saved sign-in's text
    /// (empty, or not UTF-8): such a file is removed, so `hasPendingSignIn` stops offering it.
    public func load() -> String? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        guard !data.isEmpty, let text = String(data: data, encoding: .utf8) else {
            clear()
            return nil
        }
        return text
    }

    public func clear() {
        try? FileManager.default.removeItem(at: file)
    }

    /// Marks `directory` (and so everything in it) as not to be backed up. Apple's platforms
    /// only: swift-corelibs-foundation has no backup to leave it out of, and this call is not
    /// run on Linux, where the other behaviour of this store is tested.
    static func excludeFromBackup(_ directory: URL) throws {
        #if canImport(Darwin)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        var url = directory
        try url.setResourceValues(values)
        #endif
    }
}

/// Keeps the pending sign-in in `UserDefaults`. **Backed up**: the app's preferences are part
/// of its iCloud and computer backups, so prefer `FilePendingSignInStore` (the default). Kept
/// for apps that already chose it; the text holds the sign-in's state and options, no token
/// or code, and lives only until the sign-in ends.
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
