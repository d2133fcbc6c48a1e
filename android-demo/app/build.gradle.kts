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
        // The Parse module's flavor for the Parse SDK below (parse1 for Parse Android 1.x).
        missingDimensionStrategy("parseSdk", "parse4")

        // Development against the local sandbox, which (unlike Instagram) takes a custom
        // scheme; false: Instagram, and the https App Link registered with it, which
        // Android verifies through app.example.com/.well-known/assetlinks.json.
        val useSandbox = true
        buildConfigField("boolean", "USE_SANDBOX", "$useSandbox")
        manifestPlaceholders += if (useSandbox) {
            mapOf("instagramRedirectScheme" to "igauthdemo", "instagramRedirectHost" to "auth", "instagramRedirectPath" to "/callback")
        } else {
            mapOf("instagramRedirectScheme" to "https", "instagramRedirectHost" to "app.example.com", "instagramRedirectPath" to "/auth/")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // ../bindings/android (an included build): the library, and its Parse module.
    implementation("dev.instagramauth:instagram-auth-parse:0.1.0")
    implementation("com.github.parse-community.Parse-SDK-Android:parse:4.3.0")

    implementation(platform("androidx.compose:compose-bom:2024.12.01"))
    implementation("androidx.compose.material3:material3")
    implementation("androidx.activity:activity-compose:1.9.3")
    implementation("androidx.lifecycle:lifecycle-viewmodel-compose:2.8.7")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")
}
