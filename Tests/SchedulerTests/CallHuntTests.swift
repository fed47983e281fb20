import SpoorEngine
import SpoorPostgres
import Testing

/// A scheduled XQL hunt whose query is `call` of another hunt of the library.
@Suite("Scheduled hunts that call another hunt")
struct CallHuntTests {
  /// Inserts one `xdr_data` event.
  static func insert(_ eventID: String, parent: String, agent: String, on connection: Connection) throws {
    _ = try connection.execute(
      """
      INSERT INTO public.xdr_data ("event_id", "_time", "agent_id", "event_type", "event_sub_type",
        "actor_process_image_name", "action_process_image_name")
      VALUES ($1, now(), $2, 'PROCESS', 'PROCESS_START', $3, 'child.exe')
      """, [.text(eventID), .text(agent), .text(parent)])
  }

  @Test("the called hunt's rows, with its $parameters, in each window once; disabled hunts can be called")
  func scheduledCall() throws {
    let fixture = try SchedulerFixture(named: "sched_call")
    let connection = try fixture.connect()
    let children = Hunt(
      id: "children-of", title: "Children of a parent", severity: .low, language: .xql,
      schedule: HuntInterval(seconds: 3_600), enabled: false,
      query: "dataset = xdr_data | filter actor_process_image_name = $parent | fields event_id, agent_id")
    let caller = Hunt(
      id: "python-children-on-a1", title: "Python children on a1", severity: .high, language: .xql,
      schedule: HuntInterval(seconds: 3_600),
      query: #"call "children of a parent" parent = "python.exe" | filter agent_id = "a1""#)
    try Self.insert("e1", parent: "python.exe", agent: "a1", on: connection)
    try Self.insert("e2", parent: "python.exe", agent: "a2", on: connection)
    try Self.insert("e3", parent: "cmd.exe", agent: "a1", on: connection)
    let scheduler = SchedulerFixture.scheduler([children, caller])

    let first = try scheduler.runPass(on: connection)
    #expect(first.count == 1)
    for outcome in first {
      if case .failed(let summary, let error) = outcome { Issue.record("\(summary.huntID) failed: \(error)") }
    }
    func hits() throws -> [String?] {
      try connection.execute(
        #"SELECT "row"->>'event_id' FROM spoor.hunt_hits WHERE hunt_id = $1 ORDER BY 1"#,
        [.text(caller.id)]
      ).rows.map { $0[0] }
    }
    #expect(try hits() == ["e1"])

    // The next window holds only what was ingested since: the called query's scan is windowed too.
    try Self.insert("e4", parent: "PYTHON.EXE", agent: "a1", on: connection)
    let second = try scheduler.runPass(on: connection)
    #expect(second.allSatisfy { if case .succeeded(let summary) = $0 { summary.rows == 1 } else { false } })
    #expect(try hits() == ["e1", "e4"])
  }
}
