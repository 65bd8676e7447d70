/// Plain geometry and colour values shared by every stage. Units are PDF points
/// (1/72 in) with the origin at the top-left of the page, y growing downwards.
public struct Point: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

public struct Size: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

public struct Rect: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}

/// An sRGB colour with components in 0…1.
public struct Color: Hashable, Sendable, Codable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }
    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)

    /// Parses `#rrggbb`.
    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        red = Double((v >> 16) & 0xff) / 255
        green = Double((v >> 8) & 0xff) / 255
        blue = Double(v & 0xff) / 255
    }
}

public enum Units {
    public static let pointsPerMillimetre = 72.0 / 25.4
    public static func mm(_ v: Double) -> Double { v * pointsPerMillimetre }
    public static func toMM(_ pt: Double) -> Double { pt / pointsPerMillimetre }
}

/// An affine map of the plane (Cairo's matrix): page = (a·x + c·y + tx, b·x + d·y + ty).
public struct Transform: Hashable, Sendable {
    public var a, b, c, d, tx, ty: Double
    public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.tx = tx; self.ty = ty
    }
    /// A quarter turn clockwise on the page (y down) about the origin, then moved to (tx, ty).
    public static func quarterTurn(at p: Point) -> Transform { Transform(a: 0, b: 1, c: -1, d: 0, tx: p.x, ty: p.y) }
    /// Horizontal scaling by `sx`, then moved to (tx, ty).
    public static func condensed(_ sx: Double, at p: Point) -> Transform { Transform(a: sx, b: 0, c: 0, d: 1, tx: p.x, ty: p.y) }
}
