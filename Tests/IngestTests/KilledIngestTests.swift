import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// A `spoor ingest` killed with SIGKILL mid-file leaves only whole batches, and the first ones in file order.
@Suite("Killed ingest")
struct KilledIngestTests {
  /// The `spoor` executable next to the test bundle (SwiftPM builds both into the same folder).
  static var executable: String {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !directory.path.hasSuffix("/debug") && !directory.path.hasSuffix("/release") && directory.path != "/" {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("spoor").path
  }

  @Test func onlyWholeBatchesSurviveASIGKILL() throws {
    let configuration = try TestDatabase.makeDatabase(named: "ingest_killed")
    let connection = try Connection(configuration: configuration)
    let directory = try TemporaryDirectory()
    let rows = 300_000
    let batchSize = 1_000
    var text = ""
    text.reserveCapacity(rows * 64)
    for line in 1...rows {
      text += #"{"Timestamp": "2024-01-01T00:00:00Z", "DeviceName": "host", "ReportId": \#(line)}"# + "\n"
    }
    let path = try directory.write("big.ndjson", text)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.executable)
    let url = configuration.parameters.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
      .joined(separator: " ")
    process.arguments = ["ingest", "--database-url", url, "--batch-size", String(batchSize), "DeviceEvents", path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()

    var loaded = 0
    let deadline = Date().addingTimeInterval(120)
    while loaded < batchSize * 3 && process.isRunning && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
      loaded = Int(try connection.execute(#"SELECT count(*) FROM "DeviceEvents""#).rows[0][0] ?? "") ?? 0
    }
    #expect(process.isRunning, "the ingest finished before it could be killed; make the file larger")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)

    let result = try connection.execute(
      #"SELECT count(*), coalesce(max("ReportId"), 0), count(DISTINCT "ReportId") FROM "DeviceEvents""#
    ).rows[0]
    let count = Int(result[0] ?? "") ?? -1
    #expect(count >= batchSize * 3)
    #expect(count < rows)
    #expect(count % batchSize == 0, "\(count) rows is not a whole number of \(batchSize)-row batches")
    #expect(result[1] == String(count), "the surviving rows are the file's first ones")
    #expect(result[2] == String(count))
  }
}
