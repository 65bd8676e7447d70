import Interop
import Model

/// Photos read and checked once per path. Measuring sets an article many times
/// (copyfit, automatic placement), and each setting needs the picture's size: the
/// file is read and its header parsed only on first use.
final class ImageStore: @unchecked Sendable {
    private var images: [String: ImageFile] = [:]

    /// The image at `path`; a missing or corrupt file is reported against the article.
    func image(_ path: String, for article: Article) throws -> ImageFile {
        if let hit = images[path] { return hit }
        do {
            let image = try ImageFile(path: path)
            images[path] = image
            return image
        } catch {
            throw LayoutError.article(path: article.sourcePath, line: nil, message: "\(error)")
        }
    }
}
