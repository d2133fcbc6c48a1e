// The Android library that ships the Rust core: generated Kotlin + jniLibs.
// Build with scripts/build-android.sh (needs the Android SDK/NDK and cargo-ndk).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "instagram-auth"
