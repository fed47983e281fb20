// swift-tools-version: 6.0
import PackageDescription

/// libFuzzer targets for Spoor's translators, from query text to SQL, and for ingest's NDJSON and CSV readers.
///
/// `bash scripts/fuzz` builds them with `-sanitize=fuzzer` (coverage for every module) and runs them. They are
/// kept out of the main package, so its normal build never needs libFuzzer.
let package = Package(
  name: "SpoorFuzz",
  dependencies: [.package(name: "Spoor", path: "..")],
  targets: [
    .target(name: "CFuzzerDriver"),
    .executableTarget(
      name: "FuzzKQL", dependencies: ["CFuzzerDriver", .product(name: "SpoorEngine", package: "Spoor")]),
    .executableTarget(
      name: "FuzzXQL", dependencies: ["CFuzzerDriver", .product(name: "SpoorEngine", package: "Spoor")]),
    .executableTarget(
      name: "FuzzIngest",
      dependencies: ["CFuzzerDriver", .product(name: "SpoorIngest", package: "Spoor")]),
  ]
)
