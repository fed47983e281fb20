import Foundation
import SpoorPostgres
import SpoorTestSupport

/// Runs the built `spoor` binary as a user would, with a clean environment (no database configured unless given).
struct SpoorProcess {
  /// What a run printed and how it ended.
  struct Outcome {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Runs `spoor` with arguments and optional standard input, in the package root.
  /// - Parameter whileRunning: called once the process has started (e.g. to signal it).
  static func run(
    _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:],
    whileRunning: (Process) -> Void = { _ in }
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = SpoorBinary.executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    var environment = ProcessInfo.processInfo.environment.filter { key, _ in
      !key.hasPrefix("PG") && key != "SPOOR_DATABASE_URL"
    }
    environment["NO_COLOR"] = "1"
    environment["SPOOR_HOME"] = NSTemporaryDirectory() + "spoor-cli-tests-unused"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    // Standard error goes to a file and standard output is read to the end before waiting, so neither a
    // large output nor a chatty error stream can block the child.
    let errorPath = NSTemporaryDirectory() + "spoor-cli-stderr-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: errorPath, contents: nil) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorPath])
    }
    defer { try? FileManager.default.removeItem(atPath: errorPath) }
    let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    let output = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errorHandle
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    whileRunning(process)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errorHandle.close()
    let errorData = FileManager.default.contents(atPath: errorPath) ?? Data()
    return Outcome(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }

  /// The package root, found from this file's path.
  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .path
  }
}
