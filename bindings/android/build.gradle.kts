// Android library module: the generated Kotlin bindings (src/main/kotlin) and the Rust
// library for each ABI (src/main/jniLibs), both written by scripts/build-android.sh.
plugins {
    // AGP 8.13 (API 36, Gradle 8.13+) and Kotlin 2.2 build the AAR; neither is carried by it
    // (an app on any AGP consumes it), and the Kotlin metadata is kept at 2.0 (below).
    id("com.android.library") version "8.13.2"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    `maven-publish`
}

// What every module of this build is built and published with, written once (the modules
// name only their artifact): the Maven coordinates' group and version (docs/release.md; also those under which
// an app's composite build, includeBuild, substitutes the modules), the licences in each POM,
// and the repositories. The version is the workspace's Cargo.toml one: scripts/check_versions.py
// holds them equal. scripts/publish-android.sh publishes every module to one staging repository
// (build/maven-staging here), checks it with scripts/check_maven_publication.py, then publishes
// to MAVEN_REPOSITORY_URL (with MAVEN_USERNAME / MAVEN_PASSWORD) when it is set.
allprojects {
    group = "dev.instagramauth"
    version = "0.1.0"
    // Every module's Kotlin, as it is published: compiled with JDK 17, and readable by the
    // Kotlin 1.9 compiler and newer in the consuming app (a compiler reads metadata up to one
    // version ahead): building with Kotlin 2.2 does not force it on apps, neither through these
    // modules' classes nor through the kotlin-stdlib their POMs name.
    pluginManager.withPlugin("org.jetbrains.kotlin.android") {
        extensions.configure<org.jetbrains.kotlin.gradle.dsl.KotlinAndroidProjectExtension> {
            jvmToolchain(17)
            coreLibrariesVersion = "2.0.21"
            compilerOptions {
                apiVersion.set(org.jetbrains.kotlin.gradle.dsl.KotlinVersion.KOTLIN_2_0)
                languageVersion.set(org.jetbrains.kotlin.gradle.dsl.KotlinVersion.KOTLIN_2_0)
            }
        }
    }
    pluginManager.withPlugin("maven-publish") {
        extensions.configure<PublishingExtension> {
            publications.withType<MavenPublication>().configureEach {
                pom {
                    licenses {
                        license { name.set("MIT"); url.set("https://opensource.org/license/mit") }
                        license { name.set("Apache-2.0"); url.set("https://www.apache.org/licenses/LICENSE-2.0") }
                    }
                }
            }
            repositories {
                maven {
                    name = "staging"
                    url = rootProject.layout.buildDirectory.dir("maven-staging").get().asFile.toURI()
                }
                val releaseUrl = providers.environmentVariable("MAVEN_REPOSITORY_URL")
                if (releaseUrl.isPresent) {
                    maven {
                        name = "release"
                        url = uri(releaseUrl.get())
                        credentials {
                            username = providers.environmentVariable("MAVEN_USERNAME").orNull
                            password = providers.environmentVariable("MAVEN_PASSWORD").orNull
                        }
                    }
                }
            }
        }
    }
}

android {
    namespace = "dev.instagramauth"
    compileSdk = 36

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
            // ParseServerTest needs a Parse Server at PARSE_URL, ParseCodeFlowTest one with the
            // code-flow patch at PATCHED_URL (both started by scripts/test-parse.sh).
            if (System.getenv("PARSE_URL") == null) it.filter.excludeTestsMatching("dev.instagramauth.ParseServerTest")
            if (System.getenv("PATCHED_URL") == null) it.filter.excludeTestsMatching("dev.instagramauth.ParseCodeFlowTest")
        }
    }
}


// Publishing: the release variant with its sources, as a Maven publication whose POM and
// Gradle module metadata carry the dependencies below (JNA as `@aar`: <type>aar</type> and
// the module's artifactSelector; coroutines); licences and repositories: allprojects above.
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
            artifactId = "instagram-auth"
            afterEvaluate { from(components["release"]) }
            pom {
                name.set("instagram-auth")
                description.set("Sign in with Instagram for Android apps on Parse / Back4App: a Rust core over UniFFI")
            }
        }
    }
}

dependencies {
    // UniFFI's Kotlin calls into the .so through JNA; the AAR carries JNA's own native parts.
    // 5.17.0 or newer: before it, JNA's libjnidispatch.so does not load on 16 KiB-page
    // devices (JNA #1618, #1647). scripts/check_android_settings.py enforces the floor.
    implementation("net.java.dev.jna:jna:5.17.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")

    testImplementation("net.java.dev.jna:jna:5.17.0") // the desktop natives, for JVM unit tests
    // Gradle 8 no longer puts a JUnit Platform launcher on the test runtime by itself.
    testRuntimeOnly("org.junit.platform:junit-platform-launcher:1.11.3")
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testImplementation("org.jetbrains.kotlin:kotlin-test:2.1.0")
    // src/test/kotlin/dev/instagramauth/android: Robolectric (JUnit 4, through the vintage engine).
    testImplementation("org.robolectric:robolectric:4.17")
    testImplementation("junit:junit:4.13.2")
    testRuntimeOnly("org.junit.vintage:junit-vintage-engine:5.11.3")
}
