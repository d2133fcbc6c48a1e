plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

android {
    namespace = "dev.instagramauth.demo"
    compileSdk = 36

    defaultConfig {
        applicationId = "dev.instagramauth.demo"
        minSdk = 26
        targetSdk = 36 // Google Play: new apps and updates since 2026-08-31
        versionCode = 1
        versionName = "0.1.0"
    }

    buildFeatures { compose = true }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // The flow's tests call the real bindings: the host build of the library
            // (cargo build) through JNA, and a sandbox at SANDBOX_URL (from the environment).
            // CI runs them with scripts/test-kotlin.sh; README.md says what Gradle needs.
            it.useJUnitPlatform()
            it.systemProperty("jna.library.path", rootDir.resolve("../target/debug").absolutePath)
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    implementation("dev.instagramauth:instagram-auth:0.1.0") // ../bindings/android (included build)
    implementation("com.github.parse-community.Parse-SDK-Android:parse:4.3.0")

    implementation(platform("androidx.compose:compose-bom:2024.12.01"))
    implementation("androidx.compose.material3:material3")
    implementation("androidx.activity:activity-compose:1.9.3")
    implementation("androidx.lifecycle:lifecycle-viewmodel-compose:2.8.7")
    implementation("androidx.browser:browser:1.8.0")
    implementation("io.coil-kt:coil-compose:2.7.0")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")

    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testImplementation("net.java.dev.jna:jna:5.17.0") // the desktop natives, for JVM unit tests
    testRuntimeOnly("org.junit.platform:junit-platform-launcher:1.11.3") // Gradle 8 adds none itself
}
