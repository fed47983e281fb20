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
    .library(name: "SpoorIngest", targets: ["SpoorIngest"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // Hunt files are YAML in the style of Sentinel's hunting queries; Yams is Swift's standard YAML parser.
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // SHA-256 for migration checksums and ingest source identities (and the server's token hashing): Apple's
    // swift-crypto, BoringSSL-backed on Linux, instead of a digest written by hand. 3.x and 4.x share the API.
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    // `spoor serve`: Hummingbird 2 is the Swift server framework on the offline package list (NIO, HTTP types,
    // swift-service-lifecycle for SIGTERM); HummingbirdTLS adds NIOSSL for --tls-cert/--tls-key;
    // HummingbirdTesting drives the API tests over real loopback HTTP.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    // Named for the certificate and key types of --tls-cert/--tls-key; Hummingbird's TLS already builds it.
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    // /metrics: swift-metrics is the API the code records through, swift-prometheus its Prometheus text backend.
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    // Test-only (ServerTests); Hummingbird's testing module depends on it already.
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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
    // Loading files into the event tables (readers, conversion, the Sysmon mapping, COPY batches, the ledger): it
    // needs the database client and the catalog's types, nothing of the translators or the engine's services.
    .target(
      name: "SpoorIngest",
      dependencies: [
        "SpoorDiagnostics", "SpoorFormats", "SpoorCatalog", "SpoorPlan", "SpoorPostgres",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "SpoorEngine",
      dependencies: [
        "SpoorDiagnostics", "SpoorFormats", "SpoorCatalog", "SpoorPlan", "SpoorKQL", "SpoorXQL", "SpoorSQL",
        "SpoorPostgres", "SpoorIngest", .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "SpoorServer",
      dependencies: [
        "SpoorEngine", "SpoorDiagnostics", "SpoorFormats", "SpoorCatalog", "SpoorPlan", "SpoorSQL", "SpoorXQL",
        "SpoorPostgres", "SpoorIngest",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        // Its HTTP/1.1 client drives `spoor bench`'s load on loopback (the tests build it anyway).
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]
    ),
    .executableTarget(
      name: "spoor",
      dependencies: [
        "SpoorEngine", "SpoorServer", "SpoorDiagnostics", "SpoorCatalog", "SpoorPlan", "SpoorSQL", "SpoorXQL",
        "SpoorPostgres", "SpoorIngest",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .target(
      name: "SpoorTestSupport",
      dependencies: [
        "SpoorEngine", "SpoorPostgres", "SpoorDiagnostics", "SpoorCatalog", "SpoorPlan", "SpoorSQL", "SpoorFormats",
      ],
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
        "SpoorEngine", "SpoorIngest", "SpoorTestSupport", "SpoorCatalog", "SpoorDiagnostics", "SpoorPlan",
        "SpoorPostgres", "SpoorSQL", .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(
      name: "IngestTests",
      dependencies: [
        "SpoorEngine", "SpoorIngest", "SpoorTestSupport", "SpoorCatalog", "SpoorFormats", "SpoorPlan", "SpoorPostgres",
      ]
    ),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "SpoorEngine", "SpoorIngest", "SpoorTestSupport", "SpoorPostgres",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(name: "CLITests", dependencies: ["spoor", "SpoorTestSupport", "SpoorEngine", "SpoorPostgres"]),
    .testTarget(
      name: "ServerTests",
      dependencies: [
        "spoor", "SpoorServer", "SpoorEngine", "SpoorPostgres", "SpoorTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        // Streams a million-row response without keeping it (HummingbirdTesting already builds it).
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        // Trusts the test's own certificate for the HTTPS request to `spoor serve --tls-cert`.
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]
    ),
  ]
)
