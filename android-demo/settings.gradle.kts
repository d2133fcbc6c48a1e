// Demo app for Sign in with Instagram. The library comes from ../bindings/android as an
// included build (build its jniLibs and Kotlin first: scripts/build-android.sh).
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
        maven("https://jitpack.io") // Parse Android SDK
    }
}

rootProject.name = "instagram-signin-demo"
include(":app")
includeBuild("../bindings/android")
