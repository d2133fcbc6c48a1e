import InstagramAuthParse
import ParseCore
import SwiftUI

@main
struct InstagramSignInDemoApp: App {
    @State private var model: SignInModel?
    @State private var setupError: String?

    init() {
        do {
            // Info.plist, built from Config/Demo.xcconfig (project.yml).
            let config = try DemoConfig.fromMainBundle()
            Parse.initialize(with: config.parse)
            try InstagramParseUtils.initialize() // registers "instagram" with PFUser
            _model = State(initialValue: SignInModel(instagram: try config.makeInstagram()))
        } catch {
            _setupError = State(initialValue: "\(error)")
        }
    }

    var body: some Scene {
        WindowGroup {
            if let model {
                ContentView(model: model)
                    // A Universal Link that relaunched the app after iOS ended it mid-sign-in.
                    .onOpenURL { url in Task { await model.complete(callbackURL: url) } }
            } else {
                Text("Configuration error: \(setupError ?? "unknown")").padding()
            }
        }
    }
}
