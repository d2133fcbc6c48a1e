import SwiftUI

struct ContentView: View {
    let flow: SignInFlow

    var body: some View {
        VStack(spacing: 16) {
            switch flow.state {
            case .signedOut:
                signInButton("Sign in with Instagram")
            case .waitingForBrowser:
                ProgressView()
                Text("Finish signing in on Instagram.").foregroundStyle(.secondary)
            case let .stillOpen(message):
                Text(message).multilineTextAlignment(.center)
                Button("Continue on Instagram") { Task { await flow.resume() } }
                    .buttonStyle(.borderedProminent)
                Button("Cancel", role: .cancel) { flow.cancel() }
            case .working:
                ProgressView()
            case let .signedIn(parseUserId, username, pictureURL):
                AsyncImage(url: pictureURL) { image in
                    image.resizable().scaledToFill()
                } placeholder: {
                    Color.secondary.opacity(0.2)
                }
                .frame(width: 96, height: 96)
                .clipShape(Circle())
                Text("@\(username ?? "?")").font(.title2)
                Text("Parse user \(parseUserId)").foregroundStyle(.secondary)
                Button("Sign out") { Task { await flow.signOut() } }
            case let .failed(message):
                Text(message).foregroundStyle(.red).multilineTextAlignment(.center)
                signInButton("Try again")
            }
        }
        .padding(24)
    }

    private func signInButton(_ title: String) -> some View {
        Button(title) { Task { await flow.signIn() } }
            .buttonStyle(.borderedProminent)
    }
}
