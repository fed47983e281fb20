import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// Batches loaded over several connections end as they do over one: same rows, same rejects, same counts.
@Suite("Parallel ingest")
struct ParallelIngestTests {
  /// 2,000 events with, spread over the batches, records that do not convert and records the database refuses.
  static func lines() -> [String] {
    (1...2_000).map { line in
      if line % 97 == 0 { return #"{"Timestamp": "not a time", "DeviceName": "bad\#(line)"}"# }
      if line % 89 == 0 { return #"{"DeviceName": "evil", "ReportId": \#(line)}"# }
      if line % 331 == 0 { return #"{"DeviceName": "x""# }
      return #"{"Timestamp": "2024-01-01T00:00:00Z", "DeviceName": "host\#(line % 7)", "ReportId": \#(line)}"#
    }
  }

  /// Ingests `path` with `jobs` connections into a fresh database; returns the summary, the reject file and the
  /// table's rows in a fixed order.
  static func ingest(
    path: String, in directory: TemporaryDirectory, jobs: Int, database: String
  ) throws -> (IngestSummary, String?, [[String?]]) {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: database))
    try connection.executeScript(
      #"ALTER TABLE "DeviceEvents" ADD CONSTRAINT no_evil CHECK ("DeviceName" <> 'evil')"#)
    let rejectsPath = path + ".\(jobs).rejects"
    let summary = try Ingester(
      connection: connection, options: IngestOptions(rejectsPath: rejectsPath, batchSize: 100, jobs: jobs)
    ).ingest(table: "DeviceEvents", paths: [path])
    let rows = try connection.execute(
      #"SELECT "ReportId", "DeviceName", "Timestamp"::text FROM "DeviceEvents" ORDER BY "ReportId", "DeviceName""#
    ).rows.map(\.values)
    let count = Int(try connection.execute(#"SELECT count(*) FROM "DeviceEvents""#).rows[0][0] ?? "") ?? -1
    #expect(summary.isBalanced)
    #expect(summary.rowsPerTable["DeviceEvents"] == count)
    #expect(summary.rejectFiles == [rejectsPath])
    return (summary, directory.read(rejectsPath), rows)
  }

  @Test func severalConnectionsLoadAndRejectAsOneDoes() throws {
    let directory = try TemporaryDirectory()
    let lines = Self.lines()
    let path = try directory.write("events.ndjson", lines.joined(separator: "\n") + "\n")
    let (single, singleRejects, singleRows) = try Self.ingest(
      path: path, in: directory, jobs: 1, database: "ingest_jobs_one")
    let (parallel, parallelRejects, parallelRows) = try Self.ingest(
      path: path, in: directory, jobs: 3, database: "ingest_jobs_three")

    let bad = lines.indices.filter { lines[$0].contains("not a time") || lines[$0].hasSuffix(#""x""#) }.count
    let evil = lines.filter { $0.contains("evil") }.count
    #expect(single.read == 2_000)
    #expect(single.rejected == bad + evil)
    #expect(single.loaded == 2_000 - bad - evil)
    #expect(singleRows.count == single.loaded)

    #expect(parallel.read == single.read)
    #expect(parallel.loaded == single.loaded)
    #expect(parallel.rejected == single.rejected)
    #expect(parallel.rowsPerTable == single.rowsPerTable)
    #expect(parallel.rejectedPerTable == single.rejectedPerTable)
    #expect(parallel.bytesRead == single.bytesRead)
    #expect(parallelRows == singleRows)
    let rejectFile = try #require(singleRejects)
    #expect(rejectFile.contains("\(path):89: refused by the database: "))
    #expect(rejectFile.contains("\(path):97: Timestamp: not an ISO 8601 timestamp: \"not a time\""))
    #expect(parallelRejects == singleRejects)
  }
}
