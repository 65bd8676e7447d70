import XCTest
final class LayoutTestsPlaceholder: XCTestCase { func testNothing() {} }
