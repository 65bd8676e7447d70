import XCTest
@testable import Composer

final class NormalizerTests: XCTestCase {
    func testChineseContextPunctuationBecomesFullWidth() {
        XCTAssertEqual(PunctuationNormalizer.normalize("你好,世界;今天:晴?是!"), "你好，世界；今天：晴？是！")
        XCTAssertEqual(PunctuationNormalizer.normalize("本报讯(记者张亚升)"), "本报讯（记者张亚升）")
        XCTAssertEqual(PunctuationNormalizer.normalize("持续深化\"科创+产业\"融合"), "持续深化“科创+产业”融合")
        XCTAssertEqual(PunctuationNormalizer.normalize("开展\"我是护'鸥'小使者\"活动"), "开展“我是护‘鸥’小使者”活动")
        XCTAssertEqual(PunctuationNormalizer.normalize("他说, \"好\""), "他说，“好”")
        XCTAssertEqual(PunctuationNormalizer.normalize("使用API,以及"), "使用API，以及")
    }

    func testLatinContextIsLeftAlone() {
        XCTAssertEqual(PunctuationNormalizer.normalize("共1,000人,增长3.5%"), "共1,000人，增长3.5%")
        XCTAssertEqual(PunctuationNormalizer.normalize("Hello, world! It's \"fine\" (really)."), "Hello, world! It's \"fine\" (really).")
        XCTAssertEqual(PunctuationNormalizer.normalize("时间:10:30"), "时间：10:30")
        XCTAssertEqual(PunctuationNormalizer.normalize("已是全角，“好”。"), "已是全角，“好”。")
    }
}
