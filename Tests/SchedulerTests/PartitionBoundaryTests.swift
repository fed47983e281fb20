import Foundation
import SpoorEngine
import SpoorPostgres
import Testing

/// Scheduled windows over time-partitioned tables (`migrations/0120_time_partitions.sql`): events on both sides of
/// midnight, in the default partition, and moved out of it by maintenance, each read by exactly one window.
@Suite("Scheduled windows across partition boundaries")
struct PartitionBoundaryTests {
  /// Inserts one matching event at `time` (an SQL expression of the test's own) with `reportID`.
  static func ingest(reportID: Int64, at time: String, on connection: Connection) throws {
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceName", "ProcessCommandLine", "ReportId")
      VALUES (\(time), 'host-1', 'mimikatz.exe sekurlsa::logonpasswords', $1)
      """,
      [.int64(reportID)])
  }

  @Test("a window spanning midnight, with moves out of the default partition between windows")
  func windowSpanningMidnight() throws {
    let fixture = try SchedulerFixture(named: "sched_midnight")
    let scheduler = SchedulerFixture.scheduler([SchedulerFixture.hunt("mimikatz")])
    let hunter = try fixture.connect()
    let writer = try fixture.connect()
    let late = try fixture.connect()
    let midnight = "date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day'"

    // One window holds events of two day partitions (23:50 and 00:10) and of the default partition (five days
    // ahead, beyond the partitions made ahead); a transaction that began before the window commits after it.
    _ = try late.execute("BEGIN")
    try Self.ingest(reportID: 1, at: "\(midnight) - interval '10 minutes'", on: late)
    try Self.ingest(reportID: 2, at: "\(midnight) - interval '10 minutes'", on: writer)
    try Self.ingest(reportID: 3, at: "\(midnight) + interval '10 minutes'", on: writer)
    try Self.ingest(reportID: 4, at: "\(midnight) + interval '4 days'", on: writer)
    let homes = try writer.execute(
      #"SELECT count(DISTINCT tableoid) FROM "DeviceProcessEvents" WHERE "ReportId" IN (2, 3, 4)"#
    ).rows.first?[0]
    #expect(homes == "3", "the window's rows live in three partitions")
    _ = try scheduler.runPass(on: hunter)
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [2, 3, 4])

    _ = try late.execute("COMMIT")
    _ = try scheduler.runPass(on: hunter)
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [1, 2, 3, 4])

    // Row 5 waits in the default partition, unread; maintenance four days on moves it and the already read row 4
    // into a new partition (same _spoor_xid each); row 6 lands there after the move.
    try Self.ingest(reportID: 5, at: "\(midnight) + interval '4 days 2 hours'", on: writer)
    let moved = try PartitionMaintenance.maintain(
      on: writer, at: Int64(Date().timeIntervalSince1970 * 1_000_000) + 4 * 86_400_000_000)
    #expect(moved.contains { $0.table == "DeviceProcessEvents" && $0.action == "created" && $0.rows == 2 })
    try Self.ingest(reportID: 6, at: "\(midnight) + interval '4 days 1 minute'", on: writer)
    _ = try scheduler.runPass(on: hunter)
    _ = try scheduler.runPass(on: hunter)

    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [1, 2, 3, 4, 5, 6])
    // Each event was returned by exactly one window (hit de-duplication would hide a second read).
    let returned = try hunter.execute(
      "SELECT sum(rows) FROM spoor.hunt_runs WHERE hunt_id = 'mimikatz' AND status = 'succeeded'"
    ).rows.first?[0]
    #expect(returned == "6")
    let windows = try fixture.windows(hunt: "mimikatz", on: hunter)
    for (previous, next) in zip(windows, windows.dropFirst()) { #expect(next.start == previous.end) }
  }
}
