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

    /// PDF/X-3:2002 with the output intent (ICC profile embedded), CMYK colour model.
    static func pdfx(input: String, output: String, settings: PressSettings, document: PressDocument, work: String) throws {
        let profile = settings.resolvedProfile
        let def = """
        %!PS
        [ /GTS_PDFXVersion (PDF/X-3:2002) /Title \(postScriptString(document.title)) /Trapped /False /DOCINFO pdfmark
        [/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
        [{icc_PDFX} << /N 4 >> /PUT pdfmark
        [{icc_PDFX} \(postScriptString(profile)) (r) file /PUT pdfmark
        [/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
        [{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX
          /OutputCondition \(postScriptString(settings.conditionDescription))
          /OutputConditionIdentifier \(postScriptString(settings.resolvedCondition))
          /Info \(postScriptString((profile as NSString).lastPathComponent))
          /RegistryName (http://www.color.org) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark
        [{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark

        """
        let defPath = work + "/pdfx_def.ps"
        try def.write(toFile: defPath, atomically: true, encoding: .utf8)
        try ExternalTool.run("gs", common(output) + [
            "-dPDFX", "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
            "--permit-file-read=\(profile)", defPath, input], environment: environment(document.epoch))
    }

    /// An ad with transparency, flattened on its own into CMYK PDF 1.3.
    static func flatten(input: String, output: String) throws {
        try ExternalTool.run("gs", common(output) + [
            "-dCompatibilityLevel=1.3", "-r400", "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK", input],
            environment: environment(0))
    }
}
