import Foundation

/// A day of the Chinese lunisolar calendar (农历), computed by Foundation's Chinese
/// calendar (ICU underneath), never from a hand-written table.
///
/// Supported range: 1900-01-31 (正月初一 of 庚子年) to 2100-12-31, the span of the
/// published national tables (GB/T 33661) that a printed paper can check against;
/// dates outside it are an error rather than an unverifiable guess.
public struct LunarDate: Hashable, Sendable {
    /// Position in the sexagenary cycle, 1 = 甲子 … 60 = 癸亥.
    public var cycleYear: Int
    /// Lunar month 1…12.
    public var month: Int
    public var isLeapMonth: Bool
    /// Day of the lunar month 1…30.
    public var day: Int

    public static let firstSupported = "1900-01-31"
    public static let lastSupported = "2100-12-31"

    public struct OutOfRange: Error, CustomStringConvertible {
        public var date: String
        public var description: String {
            "date \(date) is outside the range of the Chinese lunar calendar this paper prints (\(LunarDate.firstSupported) to \(LunarDate.lastSupported))"
        }
    }

    /// The lunar date of a Gregorian `YYYY-MM-DD` (already validated as a calendar date).
    public init(iso: String) throws {
        guard iso >= LunarDate.firstSupported, iso <= LunarDate.lastSupported else { throw OutOfRange(date: iso) }
        let p = iso.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { throw OutOfRange(date: iso) }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        // Noon UTC: the lunar day is reckoned in China (UTC+8) and noon UTC is still the same civil day there.
        guard let noon = gregorian.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: 12)) else {
            throw OutOfRange(date: iso)
        }
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let c = chinese.dateComponents([.year, .month, .day, .isLeapMonth], from: noon)
        guard let y = c.year, let m = c.month, let d = c.day else { throw OutOfRange(date: iso) }
        self.init(cycleYear: y, month: m, isLeapMonth: c.isLeapMonth ?? false, day: d)
    }

    public init(cycleYear: Int, month: Int, isLeapMonth: Bool, day: Int) {
        self.cycleYear = cycleYear; self.month = month; self.isLeapMonth = isLeapMonth; self.day = day
    }

    static let stems = Array("甲乙丙丁戊己庚辛壬癸")
    static let branches = Array("子丑寅卯辰巳午未申酉戌亥")
    static let zodiac = Array("鼠牛虎兔龙蛇马羊猴鸡狗猪")
    static let monthNames = ["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"]
    static let digits = Array("一二三四五六七八九十")

    /// 癸卯年
    public var yearName: String {
        let i = cycleYear - 1
        return "\(LunarDate.stems[i % 10])\(LunarDate.branches[i % 12])年"
    }
    /// 兔
    public var zodiacAnimal: String { String(LunarDate.zodiac[(cycleYear - 1) % 12]) }
    /// 腊月, 闰二月
    public var monthName: String { (isLeapMonth ? "闰" : "") + LunarDate.monthNames[month - 1] }
    /// 初二, 十五, 廿一, 三十
    public var dayName: String {
        switch day {
        case 1...10: return "初" + String(LunarDate.digits[day - 1])
        case 11...19: return "十" + String(LunarDate.digits[day - 11])
        case 20: return "二十"
        case 21...29: return "廿" + String(LunarDate.digits[day - 21])
        default: return "三十"
        }
    }
    /// 癸卯年腊月初二
    public var text: String { yearName + monthName + dayName }
}
