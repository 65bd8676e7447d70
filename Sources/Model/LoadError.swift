/// The one error every loader throws: which file, which line (1-based, when
/// known) and what is wrong, so an editor can jump straight to the mistake.
public struct LoadError: Error, CustomStringConvertible, Hashable, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file; self.line = line; self.message = message
    }

    /// `<file>:<line>: <message>` — the compiler-style form editors and IDEs
    /// recognise as a jump target; `<file>: <message>` when no line applies.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
