// The Android library that ships the Rust core: generated Kotlin + jniLibs.
// Build with scripts/build-android.sh (needs the Android SDK/NDK and cargo-ndk).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

plugins {
    // jvmToolchain(17) in the build files: with no JDK 17 installed (Android Studio's bundled
    // JDK can be another version), Gradle downloads one through this resolver.
    id("org.gradle.toolchains.foojay-resolver-convention") version "0.9.0"
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
        maven("https://jitpack.io") // Parse Android SDK 4.x, for the Parse module's parse4 flavor
    }
}

rootProject.name = "instagram-auth"

// Modules of their own, so an app takes only what it uses: ParseInstagramUtils (needs the
// Parse Android SDK) and the OkHttp HttpClient (needs OkHttp).
include(":instagram-auth-parse", ":instagram-auth-okhttp")
project(":instagram-auth-parse").projectDir = file("../android-parse")
project(":instagram-auth-okhttp").projectDir = file("../android-okhttp")
