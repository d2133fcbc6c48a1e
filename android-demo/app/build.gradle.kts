import java.net.URI

plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

/**
 * A demo setting (android-demo/gradle.properties). A production placeholder left in stops the
 * build: a `YOUR_…` value, or a host of the names reserved for examples (RFC 2606), which no
 * app can serve its App Link from.
 */
fun setting(name: String): String {
    val value = providers.gradleProperty(name).orNull
        ?: error("$name is not set: android-demo/gradle.properties holds the demo's settings")
    val host = if ("://" in value) URI(value).host.orEmpty() else value
    val placeholder = value.startsWith("YOUR_") ||
        Regex("""(^|\.)example\.(com|org|net)$""").containsMatchIn(host.lowercase())
    check(!placeholder) {
        "$name is still \"$value\": set it in android-demo/gradle.properties, ~/.gradle/gradle.properties or with -P$name=..."
    }
    return value
}

/** [value] as a Java string literal, for buildConfigField (BuildConfig is Java). */
fun javaString(value: String): String = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

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

        // The demo's settings come from ../gradle.properties (demo.*, overridable with -P or
        // ~/.gradle/gradle.properties); nothing here or in DemoConfig.kt repeats them.
        val useSandbox = setting("demo.useSandbox").toBooleanStrict()
        // The sandbox takes a custom scheme; Instagram takes only https, an App Link that
        // Android verifies through <host>/.well-known/assetlinks.json.
        val redirectUri = if (useSandbox) {
            setting("demo.sandbox.redirectUri")
        } else {
            "https://${setting("demo.appLinkHost")}${setting("demo.appLinkPath")}"
        }
        // The library's redirect receiver (its manifest) declares the intent filter from these.
        val redirect = URI(redirectUri)
        manifestPlaceholders += mapOf(
            "instagramRedirectScheme" to redirect.scheme,
            "instagramRedirectHost" to redirect.host,
            "instagramRedirectPath" to redirect.path,
        )
        // demo.sandbox.<name> in sandbox mode, demo.<name> otherwise.
        fun chosen(name: String) = setting(if (useSandbox) "demo.sandbox.$name" else "demo.$name")
        buildConfigField("boolean", "USE_SANDBOX", "$useSandbox")
        buildConfigField("String", "REDIRECT_URI", javaString(redirectUri))
        buildConfigField("String", "INSTAGRAM_APP_ID", javaString(chosen("instagramAppId")))
        // null: Instagram's own hosts.
        buildConfigField("String", "INSTAGRAM_BASE_URL", if (useSandbox) javaString(setting("demo.sandbox.instagramUrl")) else "null")
        buildConfigField("String", "PARSE_SERVER_URL", javaString(chosen("parseServerUrl")))
        buildConfigField("String", "PARSE_APP_ID", javaString(chosen("parseAppId")))
        buildConfigField("String", "PARSE_CLIENT_KEY", javaString(chosen("parseClientKey")))
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
