import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// Running an ingest again never loads a row twice (issue 17.2): a loaded file is skipped, a killed one resumes
/// after its committed batches, concurrent ingests of one file load it once, and `--force` loads it again.
@Suite("Idempotent ingest")
struct IdempotentIngestTests {
  static func lines(_ count: Int, from first: Int = 1) -> String {
    (first..<(first + count)).map {
      #"{"Timestamp": "2024-01-01T00:00:00Z", "DeviceName": "host", "ReportId": \#($0)}"#
    }
    .joined(separator: "\n") + "\n"
  }

  @Test func aLoadedFileIsNotLoadedAgainUnlessForced() throws {
    let connection = try IngesterTests.connect("idempotent_rerun")
    let directory = try TemporaryDirectory()
    let path = try directory.write("a.ndjson", Self.lines(5))
    let (first, _) = try IngesterTests.ingest(connection, table: "DeviceEvents", paths: [path])
    #expect(first.loaded == 5)

    let (again, _) = try IngesterTests.ingest(connection, table: "DeviceEvents", paths: [path])
    #expect(again.read == 0)
    #expect(again.alreadyLoadedFiles == [path])
    #expect(again.alreadyLoaded == 5)
    // The same bytes under another name are the same source; other bytes are another.
    let copy = try directory.write("copy.ndjson", Self.lines(5))
    let (copied, _) = try IngesterTests.ingest(connection, table: "DeviceEvents", paths: [copy])
    #expect(copied.alreadyLoadedFiles == [copy])
    // Into another table, it is another source.
    let (elsewhere, _) = try IngesterTests.ingest(connection, table: "DeviceFileEvents", paths: [path])
    #expect(elsewhere.loaded == 5)
    #expect(try IngesterTests.count(connection, "DeviceEvents") == 5)

    let (forced, _) = try IngesterTests.ingest(
      connection, table: "DeviceEvents", paths: [path], options: IngestOptions(force: true))
    #expect(forced.loaded == 5)
    #expect(forced.alreadyLoaded == 0)
    #expect(try IngesterTests.count(connection, "DeviceEvents") == 10)
  }

  @Test func standardInputHasNoIdentityAndAlwaysLoads() throws {
    let configuration = try TestDatabase.makeDatabase(named: "idempotent_stdin")
    let url = SpoorExecutable.databaseURL(configuration)
    let directory = try TemporaryDirectory()
    let path = try directory.write("in.ndjson", Self.lines(3))
    for _ in 1...2 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: SpoorExecutable.path)
      process.arguments = ["ingest", "--database-url", url, "--format", "ndjson", "DeviceEvents", "-"]
      process.standardInput = FileHandle(forReadingAtPath: path)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let connection = try Connection(configuration: configuration)
    #expect(try IngesterTests.count(connection, "DeviceEvents") == 6)
  }

  @Test(arguments: [1, 2]) func aKilledIngestRunAgainLoadsEveryRowOnce(jobs: Int) throws {
    let configuration = try TestDatabase.makeDatabase(named: "idempotent_killed_\(jobs)")
    let connection = try Connection(configuration: configuration)
    let directory = try TemporaryDirectory()
    let rows = 300_000
    let batchSize = 1_000
    var text = Self.lines(rows)
    // A refused line near the end: its reject is reported once, by the run that reads it.
    text += #"{"ReportId": "not a number"}"# + "\n"
    let path = try directory.write("big.ndjson", text)
    let url = SpoorExecutable.databaseURL(configuration)
    let arguments = [
      "ingest", "--database-url", url, "--batch-size", String(batchSize), "--jobs", String(jobs), "DeviceEvents", path,
    ]
    _ = try KilledIngestTests.killAfterThreeBatches(arguments, batchSize: batchSize, watching: connection)
    // A COMMIT the killed process had already sent still lands: count only once its sessions are gone.
    try Self.waitForOtherSessionsToEnd(connection)
    let survived = try IngesterTests.count(connection, "DeviceEvents")
    #expect(survived < rows)

    let rerun = try SpoorExecutable.run(arguments)
    #expect(rerun.status == 1, "one line is rejected")
    #expect(rerun.output.contains("\(survived) record(s) committed by an earlier ingest were not read again"))
    #expect(rerun.output.contains("loaded \(rows - survived), rejected 1"))
    #expect(rerun.error.contains("\(path):\(rows + 1): ReportId: not an integer"))
    let result = try connection.execute(
      #"SELECT count(*), count(DISTINCT "ReportId"), min("ReportId"), max("ReportId") FROM "DeviceEvents""#
    ).rows[0].values
    #expect(result == [String(rows), String(rows), "1", String(rows)])
    #expect(directory.read(path + ".rejects")?.components(separatedBy: "not an integer").count == 2)

    let third = try SpoorExecutable.run(arguments)
    #expect(third.status == 0)
    #expect(third.output.contains("already loaded"))
    #expect(try IngesterTests.count(connection, "DeviceEvents") == rows)
  }

  /// Waits until no other session is connected to this database, so that work in flight has ended.
  private static func waitForOtherSessionsToEnd(_ connection: Connection) throws {
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      let others = try connection.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
      ).rows[0][0]
      if others == "0" { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("the killed ingest's sessions were still connected after 30 s")
  }

  @Test func concurrentIngestsOfOneFileLoadItOnce() throws {
    let configuration = try TestDatabase.makeDatabase(named: "idempotent_concurrent")
    let directory = try TemporaryDirectory()
    let rows = 20_000
    let path = try directory.write("shared.ndjson", Self.lines(rows))
    let url = SpoorExecutable.databaseURL(configuration)
    let processes = (0..<2).map { _ in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: SpoorExecutable.path)
      process.arguments = ["ingest", "--database-url", url, "--batch-size", "500", "DeviceEvents", path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      return process
    }
    for process in processes { try process.run() }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let connection = try Connection(configuration: configuration)
    #expect(try IngesterTests.count(connection, "DeviceEvents") == rows)
  }

  @Test func concurrentDemosLoadTheSamplesOnce() throws {
    let configuration = try TestDatabase.makeDatabase(named: "idempotent_samples")
    let samples = try SampleLoader.sampleFiles(in: TestDatabase.packageRoot + "/samples")
    let outcomes = SampleOutcomes()
    let done = DispatchGroup()
    for _ in 0..<2 {
      done.enter()
      Thread.detachNewThread {
        defer { done.leave() }
        do {
          let connection = try Connection(configuration: configuration)
          defer { connection.close() }
          outcomes.append(try SampleLoader.load(samples, on: connection))
        } catch {
          outcomes.fail("\(error)")
        }
      }
    }
    done.wait()
    #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
    let runs = outcomes.runs
    #expect(runs.count == 2)
    let loadedTwice = samples.indices.filter { index in
      runs.filter { if case .loaded = $0[index] { true } else { false } }.count != 1
    }
    #expect(loadedTwice.isEmpty, "each sample is loaded by exactly one of the two runs")
    let connection = try Connection(configuration: configuration)
    #expect(try IngesterTests.count(connection, "xdr_data") == 321)
  }
}

/// The outcomes of concurrent sample loads, collected under a lock.
private final class SampleOutcomes: @unchecked Sendable {
  // `@unchecked Sendable`: every access goes through `lock`.
  private let lock = NSLock()
  private var collected: [[SampleLoader.Outcome]] = []
  private var errors: [String] = []

  var runs: [[SampleLoader.Outcome]] { lock.withLock { collected } }
  var failures: [String] { lock.withLock { errors } }

  func append(_ outcome: [SampleLoader.Outcome]) { lock.withLock { collected.append(outcome) } }
  func fail(_ message: String) { lock.withLock { errors.append(message) } }
}
