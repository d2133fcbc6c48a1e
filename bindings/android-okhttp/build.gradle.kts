// OkHttpHttpClient: the library's requests over the app's OkHttp (a module of the build in
// ../android, whose settings include it), for apps that configure one OkHttpClient for
// everything (interceptors, certificate pinning).
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    `maven-publish`
}

android {
    namespace = "dev.instagramauth.okhttp"
    compileSdk = 36

    defaultConfig {
        minSdk = 24
    }

    sourceSets["main"].java.srcDirs("src/main/kotlin")
    sourceSets["test"].java.srcDirs("src/test/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // The host build of the library (cargo build) through JNA; rootDir is ../android.
            it.systemProperty("jna.library.path", rootDir.resolve("../../target/debug").absolutePath)
            // OkHttpHttpClientTest starts sandboxes of its own (IGAUTH) and reads the fault table.
            it.environment("IGAUTH_TESTDATA", rootDir.resolve("../../testdata").absolutePath)
        }
    }
}

dependencies {
    api(project(":")) // the library: HttpClient
    api("com.squareup.okhttp3:okhttp:4.12.0") // 4.12 or newer; OkHttp 5 keeps the API used here
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")
}

// Published next to the library (docs/release.md): group, version, licences and repositories come
// from ../android/build.gradle.kts (allprojects).
android {
    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

publishing {
    publications {
        register<MavenPublication>("release") {
            artifactId = "instagram-auth-okhttp"
            afterEvaluate { from(components["release"]) }
            pom {
                name.set("instagram-auth-okhttp")
                description.set("The instagram-auth HttpClient over the app's OkHttp")
            }
        }
    }
}
