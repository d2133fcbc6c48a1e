package dev.instagramauth.parse

import android.content.Context
import android.util.Xml
import java.io.File
import java.io.StringReader
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.xmlpull.v1.XmlPullParser

/**
 * The demo app's backup rules (android-demo/app/src/main/res/xml) as Android reads them, and
 * the files of an app's data that they would let out.
 *
 * The XML goes through Android's own parser, `FullBackup.BackupScheme` (hidden API, reached by
 * reflection; Robolectric runs the real framework class), so each `<exclude>` maps to the
 * directory Android gives its domain (root, file, database, sharedpref, external, and the
 * device-protected ones), with the `-journal`/`-wal` and `.xml` it adds. A file is left out of
 * a backup as `BackupAgent.fullBackupFileTree` leaves it out: its canonical path, or one of its
 * directories', is an exclude; or it lies in the cache, code cache or no-backup directory,
 * which Android never backs up.
 */
internal class DemoBackupRules(private val context: Context) {
    /** Each rule set's name and its canonical exclude paths. */
    private val ruleSets: Map<String, Set<String>> = mapOf(
        "data_extraction_rules.xml <cloud-backup>" to excludes("data_extraction_rules.xml", "cloud-backup", CLOUD),
        "data_extraction_rules.xml <device-transfer>" to excludes("data_extraction_rules.xml", "device-transfer", DEVICE_TRANSFER),
        "backup_rules.xml (Android 11 and older)" to excludes("backup_rules.xml", null, CLOUD),
    )

    private val neverBackedUp = listOf(context.cacheDir, context.codeCacheDir, context.noBackupFilesDir).map { it.canonicalFile }

    /** The files under the app's data (and external files) directory whose bytes contain one of [secrets]. */
    fun filesHolding(secrets: List<String>): List<File> =
        listOfNotNull(context.dataDir, context.getExternalFilesDir(null)).flatMap { root ->
            root.walkTopDown().filter { it.isFile }.filter { file ->
                val text = file.readBytes().toString(Charsets.ISO_8859_1)
                secrets.any { text.contains(it) }
            }.toList()
        }.map { it.canonicalFile }.distinct()

    /**
     * Fails, naming the rule set and the file (never the secret), when a file holding one of
     * [secrets] would be backed up; and when no file holds one, as the test would then prove
     * nothing.
     */
    fun assertLeftOut(what: String, secrets: List<String>) {
        val holding = filesHolding(secrets)
        assertTrue("no file of the app holds $what: nothing to check", holding.isNotEmpty())
        for ((name, excludes) in ruleSets) {
            val carried = holding.filterNot { isLeftOut(it, excludes) }
            assertEquals("files holding $what that android-demo's $name lets into a backup (its excludes: $excludes)",
                emptyList<String>(), carried.map { it.path })
        }
    }

    private fun isLeftOut(file: File, excludes: Set<String>): Boolean =
        generateSequence(file) { it.parentFile }.any { it.path in excludes || it in neverBackedUp }

    /** Android's own reading of [name]: its excludes for [section] (null: a full-backup-content file). */
    private fun excludes(name: String, section: String?, destination: Int): Set<String> {
        val schemeClass = Class.forName("android.app.backup.FullBackup\$BackupScheme")
        val scheme = schemeClass.getDeclaredConstructor(Context::class.java, Int::class.javaPrimitiveType)
            .apply { isAccessible = true }
            .newInstance(context, destination)
        // As aapt2 compiles it into the app: no comments, no whitespace-only text (Android's
        // parser expects a compiled resource and takes every event for a tag).
        val compiled = demoXml(name).readText().replace(Regex("<!--.*?-->", RegexOption.DOT_MATCHES_ALL), "")
            .replace(Regex(">\\s+<"), "><").trim()
        val parser = Xml.newPullParser().apply { setInput(StringReader(compiled)) }
        val excludes = LinkedHashSet<Any>()
        val includes = LinkedHashMap<String, MutableSet<Any>>()
        if (section == null) {
            schemeClass.getMethod("parseBackupSchemeFromXmlLocked", XmlPullParser::class.java, Set::class.java, Map::class.java)
                .invoke(scheme, parser, excludes, includes)
        } else {
            schemeClass.getMethod("parseNewBackupSchemeFromXmlLocked", XmlPullParser::class.java, String::class.java, Set::class.java, Map::class.java)
                .invoke(scheme, parser, section, excludes, includes)
        }
        assertTrue("android-demo's $name ${section ?: ""} includes only some files; the check here reads excludes only", includes.isEmpty())
        // Android maps the domains through the app's credential-protected storage context,
        // which on a device is the app's own data directory; Robolectric gives that context a
        // directory of its own, so the paths are moved back to the app's.
        val schemeRoot = (schemeClass.getDeclaredField("ROOT_DIR").apply { isAccessible = true }.get(scheme) as File).canonicalPath
        val appRoot = context.dataDir.canonicalPath
        return excludes.map { it.javaClass.getMethod("getPath").invoke(it) as String }
            .map { path -> if (path == schemeRoot || path.startsWith("$schemeRoot/")) appRoot + path.removePrefix(schemeRoot) else path }
            .toSet()
    }

    private companion object {
        /** android.app.backup.BackupAnnotations.BackupDestination */
        const val CLOUD = 0
        const val DEVICE_TRANSFER = 1

        /** The demo's res/xml file [name], found from the working directory up (the repository root, or a Gradle module). */
        fun demoXml(name: String): File =
            generateSequence(File(System.getProperty("user.dir")).absoluteFile) { it.parentFile }
                .map { File(it, "android-demo/app/src/main/res/xml/$name") }
                .firstOrNull { it.isFile }
                ?: error("android-demo/app/src/main/res/xml/$name not found above ${System.getProperty("user.dir")}")
    }
}
