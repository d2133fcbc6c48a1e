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

    sourceSets["main"].java.srcDirs("src/main/kotlin")
    sourceSets["main"].jniLibs.srcDirs("src/main/jniLibs")
    sourceSets["test"].java.srcDirs("src/test/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // JVM unit tests load the host build of the library (cargo build) through JNA
            // and need a running sandbox; scripts/test-kotlin.sh does the same without Gradle.
            it.useJUnitPlatform()
            it.systemProperty("jna.library.path", rootDir.resolve("../../target/debug").absolutePath)
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // UniFFI's Kotlin calls into the .so through JNA; the AAR carries JNA's own native parts.
    implementation("net.java.dev.jna:jna:5.14.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")

    testImplementation("net.java.dev.jna:jna:5.14.0")
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testImplementation("org.jetbrains.kotlin:kotlin-test:2.1.0")
}
