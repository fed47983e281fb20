import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// A `spoor ingest` killed with SIGKILL mid-file leaves only whole batches; with `--jobs 1`, the first ones in file
/// order (with more jobs, batches commit as their connections finish them, so a later one may precede an earlier).
@Suite("Killed ingest")
struct KilledIngestTests {
  @Test(arguments: [1, 2]) func onlyWholeBatchesSurviveASIGKILL(jobs: Int) throws {
    let configuration = try TestDatabase.makeDatabase(named: "ingest_killed_\(jobs)")
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

    let url = SpoorExecutable.databaseURL(configuration)
    let process = try Self.killAfterThreeBatches(
      [
        "ingest", "--database-url", url, "--batch-size", String(batchSize), "--jobs", String(jobs), "DeviceEvents",
        path,
      ],
      batchSize: batchSize, watching: connection)
    #expect(process.terminationReason == .uncaughtSignal)

    let result = try connection.execute(
      #"SELECT count(*), coalesce(max("ReportId"), 0), count(DISTINCT "ReportId") FROM "DeviceEvents""#
    ).rows[0]
    let count = Int(result[0] ?? "") ?? -1
    #expect(count >= batchSize * 3)
    #expect(count < rows)
    #expect(count % batchSize == 0, "\(count) rows is not a whole number of \(batchSize)-row batches")
    #expect(result[2] == String(count))
    if jobs == 1 { #expect(result[1] == String(count), "the surviving rows are the file's first ones") }
    let partial = try connection.execute(
      #"SELECT count(*) FROM (SELECT ("ReportId" - 1) / \#(batchSize) AS batch FROM "DeviceEvents" GROUP BY batch "#
        + #"HAVING count(*) <> \#(batchSize)) AS cut"#
    ).rows[0][0]
    #expect(partial == "0", "every surviving batch is whole")
  }

  /// Runs `spoor` with `arguments` (an ingest into `DeviceEvents`) and kills it with SIGKILL once `connection` sees
  /// three batches of `batchSize` rows; returns the ended process.
  static func killAfterThreeBatches(_ arguments: [String], batchSize: Int, watching connection: Connection) throws
    -> Process
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: SpoorExecutable.path)
    process.arguments = arguments
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
    return process
  }
}
