// Demo app for Sign in with Instagram. The library comes from ../bindings/android as an
// included build (build its jniLibs and Kotlin first: scripts/build-android.sh).
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
        maven("https://jitpack.io") // Parse Android SDK
    }
}

rootProject.name = "instagram-signin-demo"
include(":app")
includeBuild("../bindings/android")
