import XCTest
final class ComposerTestsPlaceholder: XCTestCase { func testNothing() {} }
