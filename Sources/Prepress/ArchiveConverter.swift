import Foundation
import Interop

/// The archive stage: the screen PDF as PDF/A-2b through Ghostscript's pdfwrite
/// (sRGB output intent, fonts embedded, XMP metadata with the title, the paper and
/// the issue date), finished by libqpdf with a content-derived /ID.
public enum ArchiveConverter {
    public static let srgbProfile = "/usr/share/color/icc/ghostscript/srgb.icc"

    public static func convert(screenPDF: String, document: PressDocument, to output: String) throws {
        let work = NSTemporaryDirectory() + "broadsheet-archive-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let def = """
        %!PS
        [ /Title \(postScriptString(document.title)) /Author \(postScriptString(document.newspaper))
          /Subject \(postScriptString("\(document.newspaper) \(document.issueDate)")) /Keywords \(postScriptString(document.issueDate))
          /DOCINFO pdfmark
        [/_objdef {icc_PDFA} /type /stream /OBJ pdfmark
        [{icc_PDFA} << /N 3 >> /PUT pdfmark
        [{icc_PDFA} \(postScriptString(srgbProfile)) (r) file /PUT pdfmark
        [/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
        [{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}
          /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark
        [{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark

        """
        let defPath = work + "/pdfa_def.ps"
        try def.write(toFile: defPath, atomically: true, encoding: .utf8)
        let packaged = work + "/pdfa.pdf"
        try ExternalTool.run("gs", Ghostscript.common(packaged) + [
            "-dPDFA=2", "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB", "-sProcessColorModel=DeviceRGB",
            "--permit-file-read=\(srgbProfile)", defPath, screenPDF], environment: Ghostscript.environment(document.epoch))
        let doc = try PDFSurgery(path: packaged)
        DocumentMetadata.apply(document, to: doc, pdfaPart: 2)
        try PressConverter.writeAtomically(doc, to: output)
    }
}
