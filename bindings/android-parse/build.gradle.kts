// ParseInstagramUtils: "Sign in with Instagram" for Parse users (a module of the build in
// ../android, whose settings include it). The app brings its own Parse Android SDK
// (compileOnly here). Parse moved its Task class between 1.x (bolts.Task) and 4.x
// (com.parse.boltsinternal.Task), so the module has one flavor per SDK; an app picks one:
//   android { defaultConfig { missingDimensionStrategy("parseSdk", "parse4") } }
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    `maven-publish`
}

android {
    namespace = "dev.instagramauth.parse"
    compileSdk = 36

    defaultConfig {
        minSdk = 24
    }

    flavorDimensions += "parseSdk"
    productFlavors {
        create("parse4") {
            dimension = "parseSdk"
            isDefault = true
        }
        create("parse1") { dimension = "parseSdk" }
    }

    sourceSets["main"].java.srcDirs("src/main/kotlin")
    sourceSets["parse4"].java.srcDirs("src/parse4/kotlin")
    sourceSets["parse1"].java.srcDirs("src/parse1/kotlin")
    sourceSets["test"].java.srcDirs("src/test/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // The host build of the library (cargo build) through JNA; rootDir is ../android.
            it.systemProperty("jna.library.path", rootDir.resolve("../../target/debug").absolutePath)
            // ParseInstagramUtilsTest needs a Parse Server and the sandbox (README.md).
            it.environment("ANDROID_LIBRARY_MANIFEST", rootDir.resolve("src/main/AndroidManifest.xml").absolutePath)
        }
    }
}

dependencies {
    api(project(":")) // the library: InstagramAuth, InstagramSignIn
    "parse4CompileOnly"("com.github.parse-community.Parse-SDK-Android:parse:4.3.0")
    "parse1CompileOnly"("com.parse:parse-android:1.17.3")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")

    // CI runs the tests with scripts/test-android-framework.sh parse (Robolectric, Parse 1.17.3).
    "testParse1Implementation"("com.parse:parse-android:1.17.3")
    testImplementation("org.robolectric:robolectric:4.17")
    testImplementation("junit:junit:4.13.2")
}

// Published next to the library (docs/release.md): group, version, licences and repositories come
// from ../android/build.gradle.kts (allprojects).
android {
    publishing {
        singleVariant("parse4Release") {
            withSourcesJar()
        }
        singleVariant("parse1Release") {
            withSourcesJar()
        }
    }
}

publishing {
    publications {
        register<MavenPublication>("parse4Release") {
            artifactId = "instagram-auth-parse"
            afterEvaluate { from(components["parse4Release"]) }
            pom {
                name.set("instagram-auth-parse")
                description.set("ParseInstagramUtils for the Parse Android SDK 2.x-4.x (JitPack)")
            }
        }
        register<MavenPublication>("parse1Release") {
            artifactId = "instagram-auth-parse1"
            afterEvaluate { from(components["parse1Release"]) }
            pom {
                name.set("instagram-auth-parse1")
                description.set("ParseInstagramUtils for the Parse Android SDK 1.x (Maven Central)")
            }
        }
    }
}
