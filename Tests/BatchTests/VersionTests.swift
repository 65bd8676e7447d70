import Foundation
import XCTest
import Interop
@testable import Batch

/// An archive re-renders an issue when `BroadsheetVersion.string` changes, so the
/// version must change whenever output does. The golden manifest of the demo issue is
/// the project's record of its layout: each version names the manifest it was released
/// with, and a re-recorded manifest without a new version fails here.
final class VersionTests: XCTestCase {
    /// Version → SHA-256 of Tests/Golden/2024-01-12.manifest.json at that version.
    static let goldenManifestByVersion = [
        "0.10.0": "d0654269c032f96e0e83c50aa640d07688e657cf3e8246e65100c92f1464074b",
        "0.11.0": "b857c94d26af02a1fb33c8ec520903f6a6d044c5e7a66a41caa49663fd3b6227",
    ]

    func testVersionIsBumpedWhenTheGoldenLayoutChanges() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Golden/2024-01-12.manifest.json").standardized.path
        let digest = try ContentHash.sha256(file: golden)
        XCTAssertEqual(digest, Self.goldenManifestByVersion[BroadsheetVersion.string],
                       "the golden manifest changed: bump BroadsheetVersion.string (Sources/Batch/IssueRecord.swift) so archives re-render, and record \(digest) for it here")
    }
}
