import Foundation
import XCTest

import InstagramAuthKit

/// FilePendingSignInStore, the default store, on the file system. Its exclusion from backups
/// (`URLResourceValues.isExcludedFromBackup`) is an Apple-only call that Linux does not run:
/// swift-corelibs-foundation has no backups to leave a file out of.
final class FilePendingSignInStoreTests: XCTestCase {
    /// A directory of its own for each test, not created yet (the store creates it); `body`
    /// gets it and the file the store keeps there, and it is removed afterwards.
    private func inScratch(_ body: (_ directory: URL, _ file: URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("igauth-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("not yet created", isDirectory: true)
        try body(directory, directory.appendingPathComponent(FilePendingSignInStore.defaultFileName))
    }

    func testWhatIsSavedIsLoadedByAnotherInstanceAsARelaunchedAppWould() throws {
        try inScratch { directory, file in
            XCTAssertNil(FilePendingSignInStore(directory: directory).load(), "nothing saved yet, no directory")
            try FilePendingSignInStore(directory: directory).save("{\"version\":3,\"state\":\"é…\"}")
            XCTAssertEqual(FilePendingSignInStore(directory: directory).load(), "{\"version\":3,\"state\":\"é…\"}")
            try FilePendingSignInStore(directory: directory).save("the next sign-in")
            XCTAssertEqual(FilePendingSignInStore(directory: directory).load(), "the next sign-in", "a save replaces")
        }
    }

    func testClearingRemovesTheFileAndClearingNothingIsFine() throws {
        try inScratch { directory, file in
            let store = FilePendingSignInStore(directory: directory)
            store.clear()
            try store.save("pending")
            XCTAssertTrue(FileManager.default.fileExists(atPath: file.path))
            store.clear()
            XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
            XCTAssertNil(store.load())
            store.clear()
        }
    }

    func testAFileThatIsNotASavedSignInsTextIsDroppedNotOffered() throws {
        try inScratch { directory, file in
            let store = FilePendingSignInStore(directory: directory)
            for corrupt in [Data(), Data([0xFF, 0xFE, 0x00, 0xC3])] {
                try store.save("pending")
                try corrupt.write(to: file)
                XCTAssertNil(store.load(), "\(Array(corrupt))")
                XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), "removed, so hasPendingSignIn stops offering it")
            }
        }
    }

    func testASaveThatCannotWriteThrows() throws {
        try inScratch { directory, file in
            // The directory's place is taken by a file: nothing can be created under it.
            try FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("a file".utf8).write(to: directory)
            XCTAssertThrowsError(try FilePendingSignInStore(directory: directory).save("pending"))
            XCTAssertNil(FilePendingSignInStore(directory: directory).load())
        }
    }

    func testConcurrentSavesLeaveOneWholeSignInNeverAMix() throws {
        try inScratch { directory, file in
            let store = FilePendingSignInStore(directory: directory)
            // Long texts, so that an unsynchronised write would interleave.
            let texts = (0..<8).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 200_000) }
            let reads = ReadLog()
            DispatchQueue.concurrentPerform(iterations: 64) { index in
                try? store.save(texts[index % texts.count])
                reads.append(store.load())
            }
            let final = try XCTUnwrap(store.load())
            XCTAssertTrue(texts.contains(final), "a whole text of one save")
            for read in reads.all {
                XCTAssertTrue(read.map { texts.contains($0) } ?? false, "every read saw a whole text (\(read?.count ?? -1) characters)")
            }
        }
    }

    func testTheDefaultFileNameAndAnotherOne() throws {
        try inScratch { directory, file in
            let other = FilePendingSignInStore(directory: directory, fileName: "other")
            try other.save("x")
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("other").path))
            XCTAssertNil(FilePendingSignInStore(directory: directory).load(), "stores with other names are apart")
        }
    }
}

/// Reads from many threads, collected under a lock.
private final class ReadLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reads: [String?] = []
    func append(_ read: String?) { lock.lock(); reads.append(read); lock.unlock() }
    var all: [String?] { lock.lock(); defer { lock.unlock() }; return reads }
}
