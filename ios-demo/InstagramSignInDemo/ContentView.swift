import SwiftUI

struct ContentView: View {
    let model: SignInModel

    var body: some View {
        VStack(spacing: 16) {
            switch model.state {
            case .signedOut:
                signInButton("Sign in with Instagram")
            case .working:
                ProgressView()
            case let .stillOpen(message):
                Text(message).multilineTextAlignment(.center)
                Button("Continue on Instagram") { Task { await model.resume() } }
                    .buttonStyle(.borderedProminent)
                Button("Cancel", role: .cancel) { model.cancel() }
            case let .signedIn(parseUserId):
                Text("Signed in with Instagram").font(.title2)
                Text("Parse user \(parseUserId)").foregroundStyle(.secondary)
                Button("Sign out") { model.signOut() }
            case let .failed(message):
                Text(message).foregroundStyle(.red).multilineTextAlignment(.center)
                signInButton("Try again")
            }
        }
        .padding(24)
    }

    private func signInButton(_ title: String) -> some View {
        Button(title) { Task { await model.signIn() } }
            .buttonStyle(.borderedProminent)
    }
}
