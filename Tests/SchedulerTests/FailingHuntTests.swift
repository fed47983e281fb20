import Foundation
import SpoorEngine
import SpoorPostgres
import Testing

@Suite("A failing hunt is recorded and retried; the others keep running")
struct FailingHuntTests {
  @Test("a hunt that does not translate fails with its error, the good hunt's hits arrive")
  func brokenHunt() throws {
    let fixture = try SchedulerFixture(named: "sched_broken")
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 7, command: "mimikatz", on: connection)
    let broken = Hunt(
      id: "broken", title: "broken", severity: .low, language: .kql,
      query: "DeviceProcessEvents | where NoSuchColumn == 1", file: "queries/broken.yaml",
      queryLocation: HuntQueryLocation(line: 12, indentation: 2))
    let scheduler = SchedulerFixture.scheduler([broken, SchedulerFixture.hunt("good")])

    let outcomes = try scheduler.runPass(on: connection)
    #expect(outcomes.count == 2)
    guard case .failed(_, let error) = outcomes.first else {
      Issue.record("expected the broken hunt to fail, got \(outcomes)")
      return
    }
    #expect(error.contains("NoSuchColumn"))
    #expect(error.contains("queries/broken.yaml:12:"))
    #expect(try fixture.hitReportIDs(hunt: "good", on: connection) == [7])

    let run = try connection.execute("SELECT status, error FROM spoor.hunt_runs WHERE hunt_id = 'broken'")
    #expect(run.rows.first?["status"] == "failed")
    #expect(run.rows.first?["error"]?.contains("NoSuchColumn") == true)
    let state = try connection.execute(
      "SELECT failures, backoff_until > now() AS backing_off, last_snapshot IS NULL AS unmoved FROM spoor.hunt_state WHERE hunt_id = 'broken'"
    )
    #expect(state.rows.first?["failures"] == "1")
    #expect(state.rows.first?["backing_off"] == "t")
    #expect(state.rows.first?["unmoved"] == "t")

    // During the back-off the broken hunt is not retried; the good one keeps running.
    try SchedulerFixture.ingest(reportID: 8, command: "mimikatz", on: connection)
    let next = try scheduler.runPass(on: connection)
    #expect(next.first == .notDue(huntID: "broken"))
    #expect(try fixture.hitReportIDs(hunt: "good", on: connection) == [7, 8])

    // After the back-off it is retried as attempt 2.
    _ = try connection.execute(
      "UPDATE spoor.hunt_state SET backoff_until = now() - interval '1 second' WHERE hunt_id = 'broken'")
    guard case .failed(let summary, _) = try scheduler.runPass(on: connection).first else {
      Issue.record("expected a retry that fails again")
      return
    }
    #expect(summary.attempt == 2)
  }

  @Test("a hunt that exceeds the statement timeout is recorded as failed with SQLSTATE 57014")
  func timedOutHunt() throws {
    let fixture = try SchedulerFixture(named: "sched_timeout")
    let connection = try fixture.connect()
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "ProcessCommandLine", "ReportId")
      SELECT now(), md5(i::text) || repeat('x', 200), i FROM generate_series(1, 100000) AS i
      """)
    let slow = Hunt(
      id: "slow", title: "slow", severity: .low, language: .kql,
      query: #"DeviceProcessEvents | where ProcessCommandLine matches regex "(a|b|c|d|e|f)+[0-9]x{150}y""#)
    let outcomes = try SchedulerFixture.scheduler([slow], timeoutMilliseconds: 50).runPass(on: connection)
    guard case .failed(_, let error) = outcomes.first else {
      Issue.record("expected a timeout, got \(outcomes)")
      return
    }
    #expect(error.contains("timeout"))
    let run = try connection.execute("SELECT status, sqlstate FROM spoor.hunt_runs WHERE hunt_id = 'slow'")
    #expect(run.rows.first?["sqlstate"] == "57014")
    #expect(try connection.execute("SELECT count(*) FROM spoor.hunt_hits").rows.first?[0] == "0")
  }

  @Test("a run left running by a dead scheduler is marked abandoned and its window runs again")
  func abandonedRun() throws {
    let fixture = try SchedulerFixture(named: "sched_abandoned")
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    _ = try connection.execute("INSERT INTO spoor.hunt_runs (hunt_id, status) VALUES ('mimikatz', 'running')")
    _ = try SchedulerFixture.scheduler([SchedulerFixture.hunt("mimikatz")]).runPass(on: connection)
    let statuses = try connection.execute("SELECT status FROM spoor.hunt_runs WHERE hunt_id = 'mimikatz' ORDER BY id")
    #expect(statuses.rows.map { $0[0] } == ["abandoned", "succeeded"])
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: connection) == [1])
  }
}
