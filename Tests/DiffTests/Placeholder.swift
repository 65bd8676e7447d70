import XCTest
final class DiffTestsPlaceholder: XCTestCase { func testNothing() {} }
