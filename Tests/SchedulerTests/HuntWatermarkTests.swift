import SpoorEngine
import SpoorPostgres
import Testing

@Suite("Resetting a hunt's watermark")
struct HuntWatermarkTests {
  @Test("after a reset, a changed query sees the events its old version already covered, and no hit is doubled")
  func resetAfterQueryChange() throws {
    let fixture = try SchedulerFixture(named: "sched_reset")
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    try SchedulerFixture.ingest(reportID: 2, command: "rubeus", on: connection)
    _ = try SchedulerFixture.scheduler([SchedulerFixture.hunt("creds", marker: "mimikatz")]).runPass(on: connection)
    #expect(try fixture.hitReportIDs(hunt: "creds", on: connection) == [1])

    // The query now also matches "rubeus", but the watermark is past both events.
    let widened = SchedulerFixture.hunt("creds", marker: "u")
    _ = try SchedulerFixture.scheduler([widened]).runPass(on: connection)
    #expect(try fixture.hitReportIDs(hunt: "creds", on: connection) == [1])

    #expect(try HuntStore(connection: connection).resetWatermark(huntID: "creds") == .reset)
    _ = try SchedulerFixture.scheduler([widened]).runPass(on: connection)
    #expect(try fixture.hitReportIDs(hunt: "creds", on: connection) == [1, 2])
  }

  @Test("a hunt that never ran has nothing to reset")
  func neverRan() throws {
    let fixture = try SchedulerFixture(named: "sched_reset_none")
    let connection = try fixture.connect()
    #expect(try HuntStore(connection: connection).resetWatermark(huntID: "nothing") == .neverRan)
  }

  @Test("a reset is refused while a scheduler holds the hunt, and the watermark stays")
  func refusedWhileRunning() throws {
    let fixture = try SchedulerFixture(named: "sched_reset_busy")
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    _ = try SchedulerFixture.scheduler([SchedulerFixture.hunt("creds")]).runPass(on: connection)

    let scheduler = try fixture.connect()
    try scheduler.lock(.hunt("creds"))
    #expect(throws: HuntStoreError.huntRunning(huntID: "creds")) {
      try HuntStore(connection: connection).resetWatermark(huntID: "creds")
    }
    let state = try connection.execute("SELECT count(*) FROM spoor.hunt_state WHERE hunt_id = 'creds'")
    #expect(state.rows.first?[0] == "1")
  }
}
