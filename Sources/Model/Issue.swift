/// One issue of the paper: its masthead data and its pages.
public struct Issue: Hashable, Sendable {
    public var sourcePath: String
    public var newspaper: String
    /// ISO date, `2024-01-12`.
    public var date: String
    /// Running issue number (总第N期).
    public var number: Int
    public var pages: [IssuePage]
    public var articles: [String: Article]
    /// The issue's `output:` settings (override its templates').
    public var output = OutputSettings()
    /// Today's weather for the masthead (`weather:` in the issue file).
    public var weather: String? = nil
    /// Ear texts for this issue by side (`ears: {left: [...], right: [...]}`), replacing the template's.
    public var ears: [Masthead.Side: [String]] = [:]

    public init(sourcePath: String, newspaper: String, date: String, number: Int, pages: [IssuePage], articles: [String: Article]) {
        self.sourcePath = sourcePath; self.newspaper = newspaper; self.date = date; self.number = number
        self.pages = pages; self.articles = articles
    }
}

public struct IssuePage: Hashable, Sendable {
    public var number: Int
    public var templateName: String
    public var template: PageTemplate
    public var section: String
    public var editor: String?
    public var proofreader: String?
    /// Slot name → article id.
    public var placements: [String: String]
    /// Slot name → advertisement file (PDF placed as vectors, or a JPEG/PNG image).
    public var ads: [String: String]
    /// Articles to place automatically (the template's slots are then ignored);
    /// empty when the page lists its slots.
    public var autoArticles: [String]
    /// How automatically placed stories are set when not the ordinary way (the page's
    /// `set:`), by article id: what a template slot says for a page of slots.
    public var moduleSettings: [String: ModuleSetting]
    public init(number: Int, templateName: String, template: PageTemplate, section: String,
                editor: String? = nil, proofreader: String? = nil, placements: [String: String],
                ads: [String: String] = [:], autoArticles: [String] = [], moduleSettings: [String: ModuleSetting] = [:]) {
        self.number = number; self.templateName = templateName; self.template = template; self.section = section
        self.editor = editor; self.proofreader = proofreader; self.placements = placements
        self.ads = ads; self.autoArticles = autoArticles; self.moduleSettings = moduleSettings
    }
}

/// A module set other than the ordinary way: vertically (竖排, the whole module), with
/// its headline down the side, or in a frame. The same choices a template slot has
/// (`vertical`, `vertical-headline`, `framed`).
public struct ModuleSetting: Hashable, Sendable {
    public var vertical = false
    public var verticalHeadline = false
    public var framed = false
    public init(vertical: Bool = false, verticalHeadline: Bool = false, framed: Bool = false) {
        self.vertical = vertical; self.verticalHeadline = verticalHeadline; self.framed = framed
    }
    /// The words of an issue file's `set:` entry.
    public static let words = ["vertical", "vertical-headline", "framed"]
}
