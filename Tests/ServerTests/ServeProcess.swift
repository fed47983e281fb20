import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorServer
import SpoorTestSupport
import Testing

/// The built `spoor serve` running as a child process on a free loopback port, over a test database.
final class ServeProcess {
  let process = Process()
  /// The port it listens on.
  private(set) var port = 0
  /// An admin token and a hunter token for its database.
  let adminToken: String
  let hunterToken: String
  private let output = Pipe()
  private let errorPath = NSTemporaryDirectory() + "spoor-serve-stderr-\(UUID().uuidString)"

  /// `https` when it serves TLS.
  private(set) var scheme = "http"

  /// The base URL, such as `http://127.0.0.1:40123`.
  var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

  /// Starts `spoor serve` on `database` with extra arguments and waits until it listens.
  init(database: ConnectionConfiguration, arguments: [String] = []) throws {
    let connection = try Connection(configuration: database)
    defer { connection.close() }
    adminToken = try TokenStore.create(name: "process-admin", role: .admin, on: connection)
    hunterToken = try TokenStore.create(name: "process-hunter", role: .hunter, on: connection)

    process.executableURL = SpoorBinary.executable
    process.arguments =
      ["serve", "--database-url", SpoorBinary.conninfo(database), "--listen", "127.0.0.1:0"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: TestDatabase.packageRoot)
    process.environment = Self.environment
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    try process.run()
    // The first line of standard output names the bound port.
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      if byte.isEmpty || byte == Data("\n".utf8) { break }
      line += byte
    }
    let text = String(decoding: line, as: UTF8.self)
    if text.contains("https://") { scheme = "https" }
    guard let range = text.range(of: #":[0-9]+/"#, options: .regularExpression),
      let port = Int(text[range].dropFirst().dropLast())
    else {
      process.waitUntilExit()
      throw ServerTestError(message: "spoor serve did not start: '\(text)' \(standardError)")
    }
    self.port = port
  }

  /// What the server wrote to standard error so far.
  var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

  /// The server's resident set size now and at its peak, in KiB (`/proc/PID/status`).
  func memory() throws -> (resident: Int, peak: Int) {
    let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
    func field(_ name: String) -> Int {
      let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
      return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return (field("VmRSS"), field("VmHWM"))
  }

  /// Sends SIGTERM and waits; returns the exit status.
  func stop() -> Int32 {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: errorPath)
    return process.terminationStatus
  }

  deinit { _ = stop() }

  /// The environment of a `spoor` child: no database but the one its arguments name.
  static var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { key, _ in
      !key.hasPrefix("PG") && key != "SPOOR_DATABASE_URL"
    }
    environment["SPOOR_HOME"] = NSTemporaryDirectory() + "spoor-serve-tests-unused"
    return environment
  }

  /// Runs `spoor` with `arguments` to its end; returns the exit status and standard error.
  static func runToEnd(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
    let process = Process()
    process.executableURL = SpoorBinary.executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: TestDatabase.packageRoot)
    process.environment = environment
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }
}

extension ServeProcess {
  /// A test database with three process starts in the last hours: two of calc.exe, which the harness's hunt
  /// (``ServerHarness/huntYAML``) finds, and one of notepad.exe, which it does not.
  static func databaseWithCalcStarts(named name: String) throws -> ConnectionConfiguration {
    let database = try TestDatabase.makeDatabase(named: name)
    let connection = try Connection(configuration: database)
    defer { connection.close() }
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceName", "FileName", "ProcessCommandLine")
      VALUES (now() - interval '2 hours', 'host-a', 'calc.exe', 'calc'),
        (now() - interval '1 hour', 'host-b', 'CALC.EXE', 'calc'),
        (now() - interval '1 hour', 'host-c', 'notepad.exe', 'notepad')
      """)
    return database
  }

  /// A new temporary hunt folder (`--queries`) holding `hunts`, file name to YAML; the caller removes it.
  static func huntFolder(_ hunts: [String: String]) throws -> String {
    let folder = NSTemporaryDirectory() + "spoor-serve-queries-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, yaml) in hunts {
      try yaml.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }
    return folder
  }
}
