// swift-tools-version: 6.0
import PackageDescription

/// Spoor: KQL and XQL threat hunts translated to one parameterised PostgreSQL statement.
///
/// Dependencies point downward only:
/// spoor → SpoorEngine → {SpoorKQL, SpoorXQL, SpoorSQL, SpoorPostgres} → SpoorPlan → SpoorCatalog → SpoorFormats
/// → SpoorDiagnostics.
let package = Package(
  name: "Spoor",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "spoor", targets: ["spoor"]),
    // For the libFuzzer targets in Fuzz/, a package of its own.
    .library(name: "SpoorEngine", targets: ["SpoorEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // Hunt files are YAML in the style of Sentinel's hunting queries; Yams is Swift's standard YAML parser.
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // SHA-256 for migration checksums and ingest source identities (and the server's token hashing): Apple's
    // swift-crypto, BoringSSL-backed on Linux, instead of a digest written by hand. 3.x and 4.x share the API.
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibPQ",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
    ),
    .target(name: "SpoorDiagnostics"),
    // The text formats Spoor reads and writes: ISO 8601 instants, JSON text, SQL identifiers, time-zone names.
    .target(name: "SpoorFormats", dependencies: ["SpoorDiagnostics"]),
    .target(name: "SpoorCatalog", dependencies: ["SpoorDiagnostics", "SpoorFormats"]),
    .target(name: "SpoorPlan", dependencies: ["SpoorCatalog", "SpoorDiagnostics"]),
    .target(name: "SpoorKQL", dependencies: ["SpoorPlan", "SpoorCatalog", "SpoorDiagnostics", "SpoorFormats"]),
    .target(name: "SpoorXQL", dependencies: ["SpoorPlan", "SpoorCatalog", "SpoorDiagnostics", "SpoorFormats"]),
    .target(name: "SpoorSQL", dependencies: ["SpoorPlan", "SpoorCatalog", "SpoorDiagnostics", "SpoorFormats"]),
    .target(
      name: "SpoorPostgres",
      dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")]
    ),
    .target(
      name: "SpoorEngine",
      dependencies: [
        "SpoorDiagnostics", "SpoorFormats", "SpoorCatalog", "SpoorPlan", "SpoorKQL", "SpoorXQL", "SpoorSQL",
        "SpoorPostgres", .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .executableTarget(
      name: "spoor",
      dependencies: [
        "SpoorEngine", "SpoorDiagnostics", "SpoorCatalog", "SpoorPlan", "SpoorSQL", "SpoorXQL", "SpoorPostgres",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .target(
      name: "SpoorTestSupport",
      dependencies: ["SpoorEngine", "SpoorPostgres", "SpoorDiagnostics", "SpoorCatalog", "SpoorPlan", "SpoorSQL"],
      path: "Tests/SpoorTestSupport"
    ),
    .testTarget(name: "SpoorDiagnosticsTests", dependencies: ["SpoorDiagnostics"]),
    .testTarget(name: "SpoorFormatsTests", dependencies: ["SpoorFormats"]),
    .testTarget(
      name: "SpoorSQLTests",
      dependencies: ["SpoorSQL", "SpoorPlan", "SpoorCatalog", "SpoorDiagnostics", "SpoorPostgres", "SpoorTestSupport"]
    ),
    .testTarget(
      name: "SpoorKQLTests",
      dependencies: [
        "SpoorKQL", "SpoorSQL", "SpoorCatalog", "SpoorDiagnostics", "SpoorPlan", "SpoorPostgres", "SpoorEngine",
        "SpoorTestSupport",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "SpoorXQLTests",
      dependencies: [
        "SpoorXQL", "SpoorSQL", "SpoorPlan", "SpoorCatalog", "SpoorDiagnostics", "SpoorPostgres", "SpoorEngine",
        "SpoorTestSupport",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "PostgresClientTests",
      dependencies: [
        "SpoorPostgres", "SpoorTestSupport", "CLibPQ", .product(name: "Logging", package: "swift-log"),
        .product(name: "InMemoryLogging", package: "swift-log"),
      ]
    ),
    .testTarget(
      name: "EngineTests",
      dependencies: [
        "SpoorEngine", "SpoorTestSupport", "SpoorCatalog", "SpoorDiagnostics", "SpoorPlan", "SpoorPostgres", "SpoorSQL",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(
      name: "IngestTests",
      dependencies: ["SpoorEngine", "SpoorTestSupport", "SpoorCatalog", "SpoorFormats", "SpoorPlan", "SpoorPostgres"]
    ),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "SpoorEngine", "SpoorTestSupport", "SpoorPostgres", .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(name: "CLITests", dependencies: ["spoor", "SpoorTestSupport", "SpoorEngine", "SpoorPostgres"]),
  ]
)
