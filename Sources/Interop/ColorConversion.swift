import CLCMS
import Foundation

public struct ColorConversionError: Error, CustomStringConvertible {
    public var description: String
}

/// sRGB → CMYK through an ICC output profile (Little CMS, perceptual intent,
/// black-point compensation), with the press's total ink limit applied after
/// the conversion: where C+M+Y+K exceeds the limit, grey is moved from C, M and
/// Y into K (under-colour removal) until it fits.
public final class CMYKConversion: @unchecked Sendable {
    private let transform: cmsHTRANSFORM
    /// Total area coverage allowed, in percent (240 for newsprint).
    public let inkLimit: Double
    public let profilePath: String
    private let lock = NSLock()

    public init(outputProfile path: String, inkLimit: Double) throws {
        guard let out = cmsOpenProfileFromFile(path, "r") else {
            throw ColorConversionError(description: "\(path): not a readable ICC profile")
        }
        defer { cmsCloseProfile(out) }
        guard cmsGetColorSpace(out) == cmsSigCmykData else {
            throw ColorConversionError(description: "\(path): not a CMYK output profile")
        }
        let srgb = cmsCreate_sRGBProfile()
        defer { cmsCloseProfile(srgb) }
        // TYPE_RGB_8 and TYPE_CMYK_8 are macros Swift cannot import; spelled out:
        // COLORSPACE_SH(PT_RGB=4)|CHANNELS_SH(3)|BYTES_SH(1), COLORSPACE_SH(PT_CMYK=6)|CHANNELS_SH(4)|BYTES_SH(1).
        let rgb8: cmsUInt32Number = (4 << 16) | (3 << 3) | 1
        let cmyk8: cmsUInt32Number = (6 << 16) | (4 << 3) | 1
        guard let t = cmsCreateTransform(srgb, rgb8, out, cmyk8, cmsUInt32Number(INTENT_PERCEPTUAL),
                                         cmsUInt32Number(cmsFLAGS_BLACKPOINTCOMPENSATION)) else {
            throw ColorConversionError(description: "\(path): cannot build an sRGB → CMYK transform")
        }
        transform = t
        self.inkLimit = inkLimit
        profilePath = path
    }

    deinit { cmsDeleteTransform(transform) }

    /// Converts interleaved 8-bit RGB pixels to interleaved 8-bit CMYK, ink limit held.
    public func convert(rgb: Data, inkLimit: Double? = nil) -> Data {
        let n = rgb.count / 3
        var out = Data(count: n * 4)
        lock.lock()
        rgb.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                cmsDoTransform(transform, src.baseAddress, dst.baseAddress, cmsUInt32Number(n))
            }
        }
        lock.unlock()
        let limit = Int(((inkLimit ?? self.inkLimit) * 255 / 100).rounded(.down))
        out.withUnsafeMutableBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            for i in 0..<n {
                var c = Int(p[4*i]), m = Int(p[4*i+1]), y = Int(p[4*i+2]), k = Int(p[4*i+3])
                guard c + m + y + k > limit else { continue }
                Self.limitInk(&c, &m, &y, &k, limit: limit)
                p[4*i] = UInt8(c); p[4*i+1] = UInt8(m); p[4*i+2] = UInt8(y); p[4*i+3] = UInt8(k)
            }
        }
        return out
    }

    /// One colour (components 0…1) to CMYK (0…1).
    public func convert(red: Double, green: Double, blue: Double) -> [Double] {
        let b = Data([red, green, blue].map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
        return convert(rgb: b).map { Double($0) / 255 }
    }

    /// Under-colour removal: replace grey in C, M, Y by K (a unit of K stands for
    /// a unit of each of C, M, Y, saving two units of ink), then, if K is full,
    /// scale C, M, Y down.
    static func limitInk(_ c: inout Int, _ m: inout Int, _ y: inout Int, _ k: inout Int, limit: Int) {
        var excess = c + m + y + k - limit
        let grey = min(c, m, y, 255 - k)
        let moved = min(grey, (excess + 1) / 2)
        c -= moved; m -= moved; y -= moved; k += moved
        excess = c + m + y + k - limit
        if excess > 0 {
            let cmy = c + m + y
            let target = max(0, cmy - excess)
            if cmy > 0 {
                c = c * target / cmy; m = m * target / cmy; y = y * target / cmy
            }
        }
    }
}
