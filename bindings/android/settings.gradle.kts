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
    }
}

rootProject.name = "instagram-auth"
