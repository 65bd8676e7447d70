import Interop
import Model

/// Geometry of a template's column grid and baseline grid. Every body line of every
/// article on a page sits on one of these baselines: that is what lines text up
/// across columns.
public struct PageGrid: Sendable {
    public let template: PageTemplate
    public init(_ template: PageTemplate) { self.template = template }

    public var pitch: Double { template.gridPitch }
    public var columnWidth: Double { template.columnWidth }
    public var lineCount: Int { template.gridLines }
    public var top: Double { template.margins.top }
    public var left: Double { template.margins.left }

    public func columnX(_ column: Int) -> Double { left + Double(column) * (columnWidth + template.gutter) }
    /// Width of `count` columns with the gutters between them.
    public func span(_ count: Int) -> Double { Double(count) * columnWidth + Double(max(0, count - 1)) * template.gutter }
    public func lineTop(_ line: Int) -> Double { top + Double(line) * pitch }

    /// Baseline of grid line `line`: the body em box centred in the line's pitch,
    /// with the ideographic baseline 0.12 em above the em box bottom (CJK fonts' convention).
    public func baseline(_ line: Int) -> Double {
        let size = template.styles.body.size
        return lineTop(line) + (pitch - size) / 2 + size * 0.88
    }

    public func rect(column: Int, columns: Int, line: Int, lines: Int) -> Rect {
        Rect(x: columnX(column), y: lineTop(line), width: span(columns), height: Double(lines) * pitch)
    }

    /// Grid lines needed for a block of `height` points (always whole lines).
    public func linesFor(height: Double) -> Int { Int((height / pitch - 0.001).rounded(.up)) }
}
