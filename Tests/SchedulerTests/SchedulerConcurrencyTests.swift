import Foundation
import SpoorEngine
import SpoorPostgres
import Testing

@Suite("Two schedulers on one database")
struct SchedulerConcurrencyTests {
  @Test("started together, each due hunt runs once")
  func twoSchedulersOnePass() throws {
    let fixture = try SchedulerFixture(named: "sched_two_once")
    let hunts = (0..<6).map { SchedulerFixture.hunt("hunt-\($0)") }
    let setup = try fixture.connect()
    for id in 0..<5 { try SchedulerFixture.ingest(reportID: Int64(id), command: "mimikatz", on: setup) }

    let outcomes = Locked<[HuntRunOutcome]>([])
    try runConcurrently(2) { _ in
      let connection = try fixture.connect()
      let scheduler = SchedulerFixture.scheduler(hunts, ignoresSchedule: false)
      let ran = try scheduler.runPass(on: connection)
      outcomes.withValue { $0 += ran }
    }
    let all = outcomes.withValue { $0 }
    for hunt in hunts {
      let succeeded = all.filter { if case .succeeded(let summary) = $0 { summary.huntID == hunt.id } else { false } }
      #expect(succeeded.count == 1, "hunt \(hunt.id) ran \(succeeded.count) times")
      #expect(try fixture.hitReportIDs(hunt: hunt.id, on: setup) == [0, 1, 2, 3, 4])
    }
    let runs = try setup.execute("SELECT count(*) FROM spoor.hunt_runs")
    #expect(runs.rows.first?[0] == "6")
  }

  @Test("racing through many windows while events arrive, no window runs twice and none is skipped")
  func twoSchedulersManyWindows() throws {
    let fixture = try SchedulerFixture(named: "sched_two_many")
    let hunts = (0..<3).map { SchedulerFixture.hunt("hunt-\($0)") }
    let finished = Locked(false)
    try runConcurrently(3) { index in
      let connection = try fixture.connect()
      if index == 2 {
        defer { finished.withValue { $0 = true } }
        for reportID in 0..<60 {
          try SchedulerFixture.ingest(reportID: Int64(reportID), command: "mimikatz", on: connection)
          Thread.sleep(forTimeInterval: 0.005)
        }
        return
      }
      let scheduler = SchedulerFixture.scheduler(hunts)
      while !finished.withValue({ $0 }) { _ = try scheduler.runPass(on: connection) }
    }
    let connection = try fixture.connect()
    _ = try SchedulerFixture.scheduler(hunts).runPass(on: connection)
    for hunt in hunts {
      #expect(try fixture.hitReportIDs(hunt: hunt.id, on: connection) == (0..<60).map(Int64.init))
      let windows = try fixture.windows(hunt: hunt.id, on: connection)
      #expect(windows.count > 1)
      #expect(windows.first?.start == nil)
      for (previous, next) in zip(windows, windows.dropFirst()) { #expect(next.start == previous.end) }
    }
  }
}
