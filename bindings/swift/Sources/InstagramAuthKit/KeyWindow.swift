import AuthenticationServices

#if canImport(UIKit) && !os(watchOS)
import UIKit

/// The window to anchor the sheet on when the app passes none.
enum KeyWindow {
    /// The key window of a foreground scene, else any window of one.
    @MainActor
    static func current() -> ASPresentationAnchor? {
        let scenes = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }
        let foreground = scenes.filter { $0.activationState == .foregroundActive }
        return foreground.flatMap(\.windows).first(where: \.isKeyWindow) ?? foreground.first?.windows.first
    }
}
#elseif canImport(AppKit)
import AppKit

/// The window to anchor the sheet on when the app passes none.
enum KeyWindow {
    /// The key window, else the main window.
    @MainActor
    static func current() -> ASPresentationAnchor? {
        NSApplication.shared.keyWindow ?? NSApplication.shared.mainWindow
    }
}
#else
/// Linux test builds (AuthenticationServices is a stub there): no windows.
enum KeyWindow {
    @MainActor
    static func current() -> ASPresentationAnchor? { nil }
}
#endif
