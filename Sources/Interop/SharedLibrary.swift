import Foundation

/// C libraries opened when first needed instead of linked: poppler (reading PDFs back),
/// libqpdf (prepress surgery) and librsvg (SVG artwork). Linked, they and what they
/// load (GnuTLS, NSS, libxml2, …) cost every process 11 ms of start-up — more than a
/// seed page takes to lay out — although most runs never call them. Each library's
/// shim lists the functions we call and binds them into a table of typed pointers
/// (`bs_qpdf_bind` and the like); `CFunctionTable` calls through it by the C name.
enum SharedLibrary {
    /// Opens the first of `names` that the dynamic loader finds. The unversioned name
    /// first: the `-dev` package's link, the library the headers we built with describe.
    static func open(_ names: [String], package: String) throws -> UnsafeMutableRawPointer {
        var reasons: [String] = []
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return handle }
            reasons.append(dlerror().map { String(cString: $0) } ?? name)
        }
        throw SharedLibraryError("cannot load \(names[0]) (\(reasons.joined(separator: "; "))); install it with `apt-get install \(package)`")
    }

    /// A table filled by a shim's bind function, or the name of the function it lacks.
    static func bind<Table>(_ empty: Table, library: UnsafeMutableRawPointer, name: String,
                            _ bind: (UnsafeMutablePointer<Table>, UnsafeMutableRawPointer) -> UnsafePointer<CChar>?) throws -> CFunctionTable<Table> {
        var table = empty
        if let missing = bind(&table, library) {
            throw SharedLibraryError("\(name) has no function \(String(cString: missing)): too old a version")
        }
        return CFunctionTable(table)
    }
}

public struct SharedLibraryError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}

/// A bound function table: `table.qpdf_init()` calls the field of that name, which
/// `SharedLibrary.bind` has checked is there.
@dynamicMemberLookup
struct CFunctionTable<Table>: @unchecked Sendable {
    private let table: Table
    fileprivate init(_ table: Table) { self.table = table }
    subscript<Function>(dynamicMember function: KeyPath<Table, Function?>) -> Function { table[keyPath: function]! }
}
