import Foundation
import Logging
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport

/// A migrated test database plus helpers to ingest process events and read back hits and runs.
struct SchedulerFixture: Sendable {
  /// How to connect to the fixture's database.
  let configuration: ConnectionConfiguration

  init(named name: String) throws {
    configuration = try TestDatabase.makeDatabase(named: name)
  }

  /// A fixture over a database that is already migrated.
  init(configuration: ConnectionConfiguration) {
    self.configuration = configuration
  }

  func connect() throws -> Connection { try Connection(configuration: configuration) }

  /// A hunt over DeviceProcessEvents whose command line contains `marker`.
  static func hunt(_ id: String, marker: String = "mimikatz") -> Hunt {
    Hunt(
      id: id, title: id, severity: .high, language: .kql, schedule: HuntInterval(seconds: 3_600),
      query: "DeviceProcessEvents\n| where ProcessCommandLine contains \"\(marker)\"")
  }

  /// A scheduler that runs every hunt on every pass, with a fast back-off, over everything ingested.
  static func scheduler(_ hunts: [Hunt], ignoresSchedule: Bool = true, timeoutMilliseconds: Int = 30_000)
    -> HuntScheduler
  {
    let configuration = SchedulerConfiguration(
      statementTimeoutMilliseconds: timeoutMilliseconds,
      backoffBase: HuntInterval(seconds: 60),
      lookbackOverride: .all,
      ignoresSchedule: ignoresSchedule,
      schedulerName: "test")
    return HuntScheduler(hunts: hunts, configuration: configuration, logger: Logger(label: "test.scheduler"))
  }

  /// Inserts one process event whose command line is `command` and whose ReportId is `reportID`.
  static func ingest(reportID: Int64, command: String, on connection: Connection) throws {
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceName", "FileName", "FolderPath", "ProcessCommandLine", "ReportId")
      VALUES (now(), 'host-1', 'cmd.exe', 'C:\\Windows\\System32\\cmd.exe', $1, $2)
      """,
      [.text(command), .int64(reportID)])
  }

  /// The ReportIds of a hunt's hits, one entry per hit (so duplicates would show).
  func hitReportIDs(hunt: String, on connection: Connection) throws -> [Int64] {
    try connection.execute(
      #"SELECT ("row"->>'ReportId')::bigint FROM spoor.hunt_hits WHERE hunt_id = $1 ORDER BY 1"#, [.text(hunt)]
    ).rows.compactMap { $0[0].flatMap { Int64($0) } }
  }

  /// The succeeded runs of a hunt in order: each window's start and end snapshots.
  func windows(hunt: String, on connection: Connection) throws -> [(start: String?, end: String?)] {
    try connection.execute(
      """
      SELECT window_start_snapshot::text, window_end_snapshot::text FROM spoor.hunt_runs
      WHERE hunt_id = $1 AND status = 'succeeded' ORDER BY id
      """, [.text(hunt)]
    ).rows.map { ($0[0], $0[1]) }
  }
}

/// A value shared between test threads, guarded by a lock.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withValue<T>(_ body: (inout Value) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}

/// Runs `body` on `count` threads at once and waits for all of them; the first error is rethrown.
func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
  let errors = Locked<[any Error]>([])
  let group = DispatchGroup()
  for index in 0..<count {
    group.enter()
    Thread {
      defer { group.leave() }
      do { try body(index) } catch { errors.withValue { $0.append(error) } }
    }.start()
  }
  group.wait()
  if let first = errors.withValue({ $0.first }) { throw first }
}
