import Foundation
import SpoorPostgres

/// The built `spoor` binary, for tests that run `spoor ingest` as a user would.
enum SpoorExecutable {
  /// The `spoor` executable next to the test bundle (SwiftPM builds both into the same folder).
  static var path: String {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !directory.path.hasSuffix("/debug") && !directory.path.hasSuffix("/release") && directory.path != "/" {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("spoor").path
  }

  /// A conninfo string for `--database-url`.
  static func databaseURL(_ configuration: ConnectionConfiguration) -> String {
    configuration.parameters.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
  }

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
