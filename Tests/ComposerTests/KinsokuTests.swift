import XCTest
@testable import Composer
import Model

final class KinsokuTests: XCTestCase {
    func testCharacterClasses() {
        for c in "、，；：".unicodeScalars { XCTAssertEqual(CharClass.of(c), .pause, "\(c)") }
        for c in "。！？".unicodeScalars { XCTAssertEqual(CharClass.of(c), .stop, "\(c)") }
        for c in "）》〉」』】〕〗”’".unicodeScalars { XCTAssertEqual(CharClass.of(c), .closing, "\(c)") }
        for c in "（《〈「『【〔〖“‘".unicodeScalars { XCTAssertEqual(CharClass.of(c), .opening, "\(c)") }
        XCTAssertEqual(CharClass.of("·"), .middle)
        XCTAssertEqual(CharClass.of("／"), .solidus)
        XCTAssertEqual(CharClass.of("—"), .dash)
        XCTAssertEqual(CharClass.of("…"), .ellipsis)
        XCTAssertEqual(CharClass.of("中"), .han)
        XCTAssertEqual(CharClass.of("の"), .han)
        XCTAssertEqual(CharClass.of("A"), .latin)
        XCTAssertEqual(CharClass.of("7"), .latin)
    }

    /// `，。”）》` never start a line: each would fall at the start of line 2.
    func testClosingAndPauseMarksNeverStartALine() throws {
        for mark in ["，", "。", "”", "）", "》"] {
            let lines = try Fixture.lines("一二三四五\(mark)六七八", em: 5)
            XCTAssertEqual(Check.kinsokuViolations(lines), [], mark)
            XCTAssertNotEqual(lines[1].clusters.first?.text, mark)
            XCTAssertEqual(lines.map(\.text).joined(), "一二三四五\(mark)六七八")
        }
    }

    /// Push out: nothing on the line can be squeezed, so 五 goes down with the comma
    /// and the three gaps of line 1 share the em equally.
    func testPushOutWhenNothingCanBeSqueezed() throws {
        XCTAssertEqual(try Fixture.dumps("一二三四五，六七八", em: 5), [
            "|一 0.000/1.333~0.333|二 1.333/1.333~0.333|三 2.667/1.333~0.333|四 4.000/1.000|",
            "|五 0.000/1.000|， 1.000/1.000|六 2.000/1.000|七 3.000/1.000|八 4.000/1.000| ¶",
        ])
    }

    /// Push in: the comma inside the line and the line-end comma each give half an
    /// em, which is less adjustment than pushing 四 out.
    func testPushInWhenTheLineCanBeSqueezed() throws {
        XCTAssertEqual(try Fixture.dumps("一，二三四，五六", em: 5), [
            "|一 0.000/1.000|， 1.000/0.500½|二 1.500/1.000|三 2.500/1.000|四 3.500/1.000|， 4.500/0.500½|",
            "|五 0.000/1.000|六 1.000/1.000| ¶",
        ])
    }

    /// `（“《` never end a line.
    func testOpeningMarksNeverEndALine() throws {
        for mark in ["（", "“", "《"] {
            let lines = try Fixture.lines("一二三四\(mark)五六七", em: 5)
            XCTAssertEqual(Check.kinsokuViolations(lines), [], mark)
            XCTAssertNotEqual(lines[0].clusters.last?.text, mark)
            XCTAssertEqual(lines[1].clusters.first?.text, mark)
        }
    }

    /// —— and …… never split at any measure; at the strict level they never start a line.
    func testDashAndEllipsisNeverSplit() throws {
        for text in ["花山之恋——红花山露营地，好地方", "我们……还有很多，很多"] {
            for em in 3...12 {
                for level in KinsokuLevel.allCases {
                    let lines = try Fixture.lines(text, em: Double(em), style: Fixture.body(kinsoku: level))
                    XCTAssertEqual(Check.kinsokuViolations(lines, level: level), [], "\(text) \(em) \(level)")
                    XCTAssertEqual(lines.map(\.text).joined(), text)
                    if level == .strict {
                        for l in lines.dropFirst() { XCTAssertFalse(["—", "…"].contains(l.clusters[0].text), "\(text) \(em)") }
                    }
                }
            }
        }
        // basic allows —— at line start (it is not a closing mark).
        let basic = try Fixture.lines("一二三四——五六", em: 4)
        XCTAssertEqual(basic[1].clusters.first?.text, "—")
        let strict = try Fixture.lines("一二三四——五六", em: 4, style: Fixture.body(kinsoku: .strict))
        XCTAssertNotEqual(strict[1].clusters.first?.text, "—")
    }

    func testStrictForbidsSolidusAtLineEnd() throws {
        let basic = try Fixture.lines("一二三／四五六", em: 4)
        XCTAssertEqual(basic[0].clusters.last?.text, "／")
        let strict = try Fixture.lines("一二三／四五六", em: 4, style: Fixture.body(kinsoku: .strict))
        XCTAssertNotEqual(strict[0].clusters.last?.text, "／")
        // loose lets the middle dot start a line, basic does not.
        let loose = try Fixture.lines("一二三四·五六", em: 4, style: Fixture.body(kinsoku: .loose))
        XCTAssertEqual(loose[1].clusters.first?.text, "·")
        XCTAssertNotEqual(try Fixture.lines("一二三四·五六", em: 4)[1].clusters.first?.text, "·")
    }

    /// 65.7%, 4049 (of 4049人), 1.5 (of 1.5元), ¥1.5, 4,049 and PerfectEdge® never split.
    func testNumbersAndWordsNeverSplit() throws {
        let text = "增速65.7%，共4049人，售价1.5元，约¥1.5，计4,049件，采用PerfectEdge®技术"
        // From 4 em up every unit fits on a line (65.7%， needs 3.4 em).
        for em in 4...14 {
            let lines = try Fixture.lines(text, em: Double(em))
            XCTAssertEqual(Check.kinsokuViolations(lines), [])
            let joined = lines.map(\.text).joined(separator: "|")
            // PerfectEdge® alone is 6.3 em wide: it can only stay whole from 7 em up.
            for token in ["65.7%", "4049", "1.5", "¥1.5", "4,049"] + (em >= 7 ? ["PerfectEdge®"] : []) {
                XCTAssertTrue(joined.contains(token), "\(token) split at \(em) em: \(joined)")
            }
        }
    }
}
