import CGraphics
import Foundation

extension Font {
    /// The font file fontconfig resolved this font to: a batch records it so that a
    /// font upgrade (a new package version of the same family) makes issues stale.
    public var filePath: String? {
        let fc = UnsafeMutableRawPointer(pango).assumingMemoryBound(to: PangoFcFont.self)
        guard let pattern = pango_fc_font_get_pattern(fc) else { return nil }
        var file: UnsafeMutablePointer<FcChar8>? = nil
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        return String(cString: UnsafeRawPointer(file).assumingMemoryBound(to: CChar.self))
    }
}

/// A cheap fingerprint of a large file that changes when the file is replaced:
/// size and modification time (font files are tens of MB; hashing them on every
/// no-change run would cost more than the run).
public enum FileStamp {
    public static func of(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return "\(st.st_size) bytes, mtime \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
