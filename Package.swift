// swift-tools-version: 6.1
import PackageDescription

/// Release builds skip the run-time exclusivity checks in the project's own modules: the
/// scoring path reads record columns and result buffers millions of times, and the checks cost
/// about a sixth of a province-sized run. Debug builds (and so `swift test`) keep them.
let fastRelease: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "khuyenhoc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "khuyenhoc", targets: ["khuyenhoc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev, found through pkg-config).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // OpenSSL's libcrypto from the system (Debian: libssl-dev): the register's SHA-256.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libxlsxwriter from the system (Debian: libxlsxwriter-dev, found through pkg-config):
        // the .xlsx outputs of `score` and `summary`.
        .systemLibrary(
            name: "CLibXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // LZ4 from the system (Debian: liblz4-dev): the register keeps files compressed.
        .systemLibrary(
            name: "CLibLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        // Small C helpers Swift cannot spell: a cache prefetch hint, and glibc's malloc tuning
        // (freed buffers are kept for reuse during a run rather than given back to the system).
        .target(name: "CSupport"),
        // Vietnamese text: normalisation, folding, collation keys, display width, language.
        .target(name: "TextSupport", dependencies: ["Machinery"], swiftSettings: fastRelease),
        // The speed machinery: every unsafe, hand-tuned device (fixed buffers, the open-addressing
        // table and byte hash, the chunk-over-threads helper, sorts, prefetch, the Sendable
        // transfer box). Domain modules use it through typed views; see ARCHITECTURE.md.
        .target(name: "Machinery", dependencies: ["CLibXML2", "CLibXLSXWriter", "CLibLZ4", "CSupport"], swiftSettings: fastRelease),
        // Criteria files: model, XML loader, XSD validation, expressions, compiler.
        .target(name: "Criteria", dependencies: ["CLibXML2", "CSupport", "Machinery", "TextSupport"], swiftSettings: fastRelease),
        // Survey records: typed columns, record tables, rejected rows, problems, sources.
        .target(name: "Records", dependencies: ["Criteria", "CSupport", "Machinery", "TextSupport"], swiftSettings: fastRelease),
        // Survey files: decoding, CSV, XLSX, header matching, typed records.
        .target(name: "Survey", dependencies: [
            "Criteria", "Records", "Machinery", "CLibXML2", "CSupport", "TextSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: fastRelease),
        // Scoring engine, results, reasons, ranking.
        .target(name: "Scoring", dependencies: ["Criteria", "Records", "Machinery", "CSupport", "TextSupport"], swiftSettings: fastRelease),
        // Report writers: text tables, official layout, CSV and JSON.
        .target(name: "Reports", dependencies: ["Scoring", "Criteria", "Records", "Machinery", "CSupport", "TextSupport"], swiftSettings: fastRelease),
        // Synthetic survey files written from the criteria's fields, for training and benchmarks.
        .target(name: "SurveySamples", dependencies: ["Criteria", "TextSupport"], swiftSettings: fastRelease),
        // The register (sổ tiếp nhận): imported files kept as evidence in SQLite (GRDB, on the
        // system's libsqlite3), what each held, which are current, a log of every change.
        .target(name: "Register", dependencies: [
            "Criteria", "Records", "Survey", "Machinery", "TextSupport", "CLibCrypto", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ], swiftSettings: fastRelease),
        // The commands, as a library so tests can run them in-process.
        .target(name: "KhuyenhocCLI", dependencies: [
            "Criteria", "Records", "Survey", "Scoring", "Reports", "TextSupport",
            "SurveySamples", "Register", "Machinery",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fastRelease),
        .executableTarget(name: "khuyenhoc", dependencies: ["KhuyenhocCLI", "CSupport"]),
        // Fuzzing (Fuzz/README.md): the three targets as a library, and their entry, which is
        // libFuzzer's with `-sanitize=fuzzer,address -D KHUYENHOC_FUZZ`, else a replayer.
        .target(name: "FuzzTargets", dependencies: [
            "KhuyenhocCLI", "Criteria", "Reports", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .executableTarget(name: "khuyenhoc-fuzz", dependencies: ["FuzzTargets", "FuzzDriver"], path: "Fuzz/Entry"),

        // The test suites' shared helpers (one seeded random generator).
        .target(name: "TestSupport", dependencies: ["Criteria"], path: "Tests/TestSupport"),
        // The module map and the confinement of unsafe code, checked on the sources.
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "Criteria", "Machinery", "TestSupport"]),
        .testTarget(name: "TextSupportTests", dependencies: ["TextSupport"]),
        .testTarget(
            name: "CriteriaTests", dependencies: ["Criteria", "Machinery"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SurveyTests", dependencies: ["Survey", "Records", "Criteria", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ScoringTests", dependencies: [
            "Scoring", "Criteria", "Records", "Machinery", "Survey", "Reports", "TextSupport", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Scoring", "Criteria", "Records", "Survey"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "SurveySamplesTests", dependencies: ["SurveySamples", "Criteria"]),
        .testTarget(
            name: "CLITests", dependencies: ["KhuyenhocCLI"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "IntakeRulesTests", dependencies: ["KhuyenhocCLI"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RegisterTests", dependencies: [
            "Register", "KhuyenhocCLI", "Criteria", "Machinery", "Reports", "Survey", "TextSupport", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ]
)
