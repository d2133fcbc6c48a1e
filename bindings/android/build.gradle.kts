// Android library module: the generated Kotlin bindings (src/main/kotlin) and the Rust
// library for each ABI (src/main/jniLibs), both written by scripts/build-android.sh.
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.0"
}

// Coordinates under which an app's composite build (includeBuild) substitutes this module.
group = "dev.instagramauth"
version = "0.1.0"

android {
    namespace = "dev.instagramauth"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }

    // Generated bindings (src/main/kotlin), the hand-written platform HttpClient (plain JVM,
    // src/platform) and the browser, redirect and result activities (android.*, src/android).
    sourceSets["main"].java.srcDirs("src/main/kotlin", "src/platform/kotlin", "src/android/kotlin")
    sourceSets["main"].jniLibs.srcDirs("src/main/jniLibs")
    sourceSets["test"].java.srcDirs("src/test/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // JVM unit tests load the host build of the library (cargo build) through JNA
            // and read the sandbox's base URL from SANDBOX_URL, which Gradle passes on from
            // the environment. scripts/test-kotlin.sh starts a sandbox and is what CI runs;
            // README.md here says what `./gradlew test` needs first.
            it.useJUnitPlatform()
            it.systemProperty("jna.library.path", rootDir.resolve("../../target/debug").absolutePath)
            // The fault table every HTTP client is held to (HttpUrlConnectionClientTest).
            it.environment("IGAUTH_TESTDATA", rootDir.resolve("../../testdata").absolutePath)
            // LibraryManifestTest reads the manifest the library ships.
            it.environment("ANDROID_LIBRARY_MANIFEST", rootDir.resolve("src/main/AndroidManifest.xml").absolutePath)
            // ParseServerTest needs a Parse Server at PARSE_URL (scripts/test-parse.sh).
            if (System.getenv("PARSE_URL") == null) it.filter.excludeTestsMatching("dev.instagramauth.ParseServerTest")
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // UniFFI's Kotlin calls into the .so through JNA; the AAR carries JNA's own native parts.
    // 5.17.0 or newer: before it, JNA's libjnidispatch.so does not load on 16 KiB-page
    // devices (JNA #1618, #1647). scripts/check_android_settings.py enforces the floor.
    implementation("net.java.dev.jna:jna:5.17.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")

    testImplementation("net.java.dev.jna:jna:5.17.0") // the desktop natives, for JVM unit tests
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testImplementation("org.jetbrains.kotlin:kotlin-test:2.1.0")
    // src/test/kotlin/dev/instagramauth/android: Robolectric (JUnit 4, through the vintage engine).
    testImplementation("org.robolectric:robolectric:4.17")
    testImplementation("junit:junit:4.13.2")
    testRuntimeOnly("org.junit.vintage:junit-vintage-engine:5.11.3")
}
