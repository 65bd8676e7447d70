import XCTest
@testable import Composer
import Model

/// `TextStyle.letterSpacing` (em): display styles (headlines, banners) open the
/// grid after each Han/kana cluster, never at line end and never beside a mark.
final class LetterSpacingTests: XCTestCase {
    static func display(_ spacing: Double, align: TextAlign = .left) -> TextStyle {
        var s = Fixture.body(align: align)
        s.letterSpacing = spacing
        return s
    }

    /// 0.2 em after 示 范 经 稳 中 有; none after 区 and 济 (a quote mark follows: its
    /// empty half is the space there), none after the marks, none after the last 进.
    func testSpacingAfterHanButNotBesideMarks() throws {
        XCTAssertEqual(try Fixture.dumps("示范区“经济”稳中有进", em: 20, style: Self.display(0.2)), [
            "|示 0.000/1.200|范 1.200/1.200|区 2.400/1.000|“ 3.400/1.000|经 4.400/1.200|济 5.600/1.000|” 6.600/1.000|稳 7.600/1.200|中 8.800/1.200|有 10.000/1.200|进 11.200/1.000| ¶",
        ])
    }

    /// Added to the Han–Latin space after Han; Latin letters and digits keep their
    /// own advances; nothing before ，.
    func testSpacingWithLatinAndPunctuation() throws {
        XCTAssertEqual(try Fixture.dumps("第4章，好", em: 20, style: Self.display(0.2)), [
            "|第 0.000/1.450+¼|4 1.450/0.805+¼|章 2.255/1.000|， 3.255/1.000|好 4.255/1.000| ¶",
        ])
    }

    /// The line's last character takes no spacing, so 示范区 fills 3.4 em exactly,
    /// and the break accounts for the spacing (3 em would not hold the three).
    func testNoSpacingAtLineEnd() throws {
        XCTAssertEqual(try Fixture.dumps("示范区经济", em: 3.4, style: Self.display(0.2)), [
            "|示 0.000/1.200|范 1.200/1.200|区 2.400/1.000|",
            "|经 0.000/1.200|济 1.200/1.000| ¶",
        ])
        XCTAssertEqual(try Fixture.lines("示范区经济", em: 3, style: Self.display(0.2)).first?.text, "示范")
    }

    /// A centred banner (the seed template's 0.2 em): the spaced line is centred on
    /// its width with the spacing, 3.4 em in a 10 em measure starts at 3.3 em.
    func testCentredBannerWithSpacing() throws {
        let l = try Fixture.lines("示范区", em: 10, style: Self.display(0.2, align: .center))[0]
        XCTAssertEqual(l.clusters.map(\.x), [33, 45, 57])
        XCTAssertEqual(l.usedWidth, 67, accuracy: 1e-9)
    }
}
