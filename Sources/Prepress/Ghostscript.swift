import Foundation
import Interop

/// Ghostscript's pdfwrite, run as the `gs` executable: a subprocess keeps its
/// global interpreter state (libgs allows one instance per process) away from
/// ours, so batch renders can run presses in parallel, and a PostScript error can
/// never take the renderer down with it.
enum Ghostscript {
    static func environment(_ epoch: Int) -> [String: String] { ["SOURCE_DATE_EPOCH": String(epoch)] }

    static func common(_ output: String) -> [String] {
        ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dAutoRotatePages=/None",
         "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dDetectDuplicateImages=true",
         "-sOutputFile=\(output)"]
    }

    /// An ad with transparency (or fonts left out), flattened on its own into CMYK PDF 1.3, fonts embedded.
    static func flatten(input: String, output: String) throws {
        try ExternalTool.run("gs", common(output) + [
            "-dCompatibilityLevel=1.3", "-r300", "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK", input],
            environment: environment(0))
    }
}
