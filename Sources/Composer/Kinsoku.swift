import Model

/// Line-start and line-end prohibitions (禁则, clreq §3.1.7) at the three levels of
/// `TextStyle.kinsoku`. "Never split" units (—— ……, Latin words, numbers) are
/// handled by the break table in `BreakTable`.
public enum Kinsoku {
    /// May this character begin a line?
    public static func cannotStart(_ c: CharClass, level: KinsokuLevel) -> Bool {
        switch c {
        case .pause, .stop, .closing: return true
        case .middle: return level != .loose
        case .dash, .ellipsis: return level.dashesCannotStart
        default: return false
        }
    }

    /// May this character end a line?
    public static func cannotEnd(_ c: CharClass, level: KinsokuLevel) -> Bool {
        switch c {
        case .opening: return true
        case .solidus: return level == .strict
        default: return false
        }
    }
}
