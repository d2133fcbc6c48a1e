import Foundation

/// UserDefaults outlive the process; the saved string holds only the sign-in's state.
final class UserDefaultsPendingStore: PendingStore {
    private let key = "instagramPendingAuthorization"
    private let defaults: UserDefaults

    init(defaults: UserDefaults = .standard) {
        self.defaults = defaults
    }

    func save(_ saved: String) { defaults.set(saved, forKey: key) }
    func load() -> String? { defaults.string(forKey: key) }
    func clear() { defaults.removeObject(forKey: key) }
}
