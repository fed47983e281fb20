import Foundation
import SpoorPostgres
import SpoorTestSupport

/// The built `spoor` binary, for tests that run `spoor ingest` as a user would.
enum SpoorExecutable {
  /// The path of ``SpoorBinary/executable``.
  static var path: String { SpoorBinary.executable.path }

  /// A conninfo string for `--database-url` (``SpoorBinary/conninfo(_:)``).
  static func databaseURL(_ configuration: ConnectionConfiguration) -> String { SpoorBinary.conninfo(configuration) }

  /// Runs `spoor` to completion and returns its exit status, standard output and standard error.
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self)
    )
  }
}
