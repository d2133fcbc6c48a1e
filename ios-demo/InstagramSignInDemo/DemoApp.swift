import ParseCore
import SwiftUI

@main
struct InstagramSignInDemoApp: App {
    @State private var flow: SignInFlow?
    @State private var setupError: String?

    init() {
        Parse.initialize(with: ParseClientConfiguration {
            $0.applicationId = DemoConfig.parseAppId
            $0.clientKey = DemoConfig.parseClientKey
            $0.server = DemoConfig.parseServerURL
        })
        do {
            _flow = State(initialValue: try DemoConfig.makeFlow(parse: ParseSDKSession(), browser: SystemWebAuthenticator()))
        } catch {
            _setupError = State(initialValue: "\(error)")
        }
    }

    var body: some Scene {
        WindowGroup {
            if let flow {
                ContentView(flow: flow)
                    // A Universal Link that relaunched the app after it was killed mid-sign-in.
                    .onOpenURL { url in Task { await flow.complete(callbackURL: url.absoluteString) } }
            } else {
                Text("Configuration error: \(setupError ?? "unknown")").padding()
            }
        }
    }
}
