// swift-tools-version:6.0
import PackageDescription

// One direction of flow: Model → Composer → Layout → Render, with all C interop
// (Pango, Cairo, Poppler, librsvg, libhyphen, libqpdf, lcms2) behind the thin `Interop` module.
let package = Package(
    name: "Broadsheet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "broadsheet", targets: ["BroadsheetCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CGraphics", pkgConfig: "pangocairo pangoft2",
                       providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev"])]),
        // CPoppler, CQPDF and CSVG: opened at run time, not linked (SharedLibrary.swift).
        .systemLibrary(name: "CPoppler", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CQPDF", providers: [.apt(["libqpdf-dev"])]),
        .systemLibrary(name: "CLCMS", pkgConfig: "lcms2", providers: [.apt(["liblcms2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSVG", providers: [.apt(["librsvg2-dev"])]),
        .target(name: "Interop", dependencies: ["CGraphics", "CPoppler", "CHyphen", "CQPDF", "CLCMS", "CZlib", "CSVG"]),
        .target(name: "Model", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Composer", dependencies: ["Interop", "Model"]),
        .target(name: "Layout", dependencies: ["Composer", "Model", "Interop"]),
        .target(name: "Render", dependencies: ["Layout", "Interop"]),
        .target(name: "Prepress", dependencies: ["Layout", "Render", "Interop"]),
        .target(name: "Pipeline", dependencies: ["Model", "Composer", "Layout", "Render", "Prepress", "Interop"]),
        .target(name: "Diff", dependencies: ["Interop"]),
        .target(name: "Audit", dependencies: ["Interop"]),
        .target(name: "Batch", dependencies: ["Pipeline", "Layout", "Model", "Interop",
                                              .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "BroadsheetCLI", dependencies: [
            "Model", "Composer", "Layout", "Render", "Pipeline", "Prepress", "Diff", "Audit", "Batch", "Interop",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "InteropTests", dependencies: ["Interop"]),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "ComposerTests", dependencies: ["Composer", "Interop", "Model"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout", "Composer", "Model", "Interop"]),
        .testTarget(name: "DiffTests", dependencies: ["Diff", "Interop"]),
        .testTarget(name: "CLITests", dependencies: ["Interop", "Audit"]),
        .testTarget(name: "BatchTests", dependencies: ["Batch", "Interop"]),
        .testTarget(name: "PrepressTests", dependencies: ["Prepress", "Layout", "Render", "Interop"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Interop"]),
    ]
)
