import Foundation
import SpoorEngine
import SpoorPostgres
import Testing

@Suite("Scheduled windows: every matching event becomes exactly one hit")
struct ExactlyOnceTests {
  @Test("ingest transactions committing out of order, scheduler passes between them")
  func outOfOrderCommits() throws {
    let fixture = try SchedulerFixture(named: "sched_out_of_order")
    let scheduler = SchedulerFixture.scheduler([SchedulerFixture.hunt("mimikatz")])
    let hunter = try fixture.connect()
    let first = try fixture.connect()
    let second = try fixture.connect()
    let third = try fixture.connect()

    // Three ingest transactions take their xids in order 1, 2, 3 and stay open.
    for (connection, base) in [(first, Int64(100)), (second, 200), (third, 300)] {
      _ = try connection.execute("BEGIN")
      for offset in 0..<3 {
        try SchedulerFixture.ingest(
          reportID: base + Int64(offset), command: "mimikatz.exe sekurlsa::logonpasswords", on: connection)
      }
      try SchedulerFixture.ingest(reportID: base + 50, command: "notepad.exe", on: connection)
    }
    _ = try scheduler.runPass(on: hunter)
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter).isEmpty)

    _ = try third.execute("COMMIT")  // the newest commits first
    _ = try scheduler.runPass(on: hunter)
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [300, 301, 302])

    _ = try first.execute("COMMIT")
    try SchedulerFixture.ingest(reportID: 400, command: "mimikatz", on: third)  // autocommit, after the open one
    _ = try scheduler.runPass(on: hunter)
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [100, 101, 102, 300, 301, 302, 400])

    _ = try second.execute("COMMIT")  // the oldest xid commits last, after two later windows
    _ = try scheduler.runPass(on: hunter)
    _ = try scheduler.runPass(on: hunter)
    #expect(
      try fixture.hitReportIDs(hunt: "mimikatz", on: hunter) == [100, 101, 102, 200, 201, 202, 300, 301, 302, 400])

    // The windows chain: each starts where the previous ended.
    let windows = try fixture.windows(hunt: "mimikatz", on: hunter)
    #expect(windows.count == 5)
    #expect(windows.first?.start == nil)
    for (previous, next) in zip(windows, windows.dropFirst()) { #expect(next.start == previous.end) }
  }

  @Test("writers committing at random while the scheduler runs")
  func concurrentIngestDuringPasses() throws {
    let fixture = try SchedulerFixture(named: "sched_concurrent")
    let writers = 4
    let transactionsPerWriter = 15
    let done = Locked(0)
    try runConcurrently(writers + 1) { index in
      if index == writers {
        // The scheduler: passes back to back until every writer finished.
        let connection = try fixture.connect()
        let scheduler = SchedulerFixture.scheduler([SchedulerFixture.hunt("mimikatz")])
        while done.withValue({ $0 }) < writers { _ = try scheduler.runPass(on: connection) }
        return
      }
      defer { done.withValue { $0 += 1 } }
      let connection = try fixture.connect()
      var generator = SystemRandomNumberGenerator()
      for transaction in 0..<transactionsPerWriter {
        try connection.transaction { connection in
          for row in 0..<2 {
            let reportID = Int64(index * 10_000 + transaction * 10 + row)
            try SchedulerFixture.ingest(reportID: reportID, command: "run mimikatz now", on: connection)
          }
          try SchedulerFixture.ingest(
            reportID: Int64(index * 10_000 + transaction * 10 + 5), command: "benign", on: connection)
          Thread.sleep(forTimeInterval: Double.random(in: 0...0.02, using: &generator))
        }
      }
    }
    let connection = try fixture.connect()
    _ = try SchedulerFixture.scheduler([SchedulerFixture.hunt("mimikatz")]).runPass(on: connection)

    var expected: [Int64] = []
    for writer in 0..<writers {
      for transaction in 0..<transactionsPerWriter {
        for row in 0..<2 { expected.append(Int64(writer * 10_000 + transaction * 10 + row)) }
      }
    }
    expected.sort()
    #expect(try fixture.hitReportIDs(hunt: "mimikatz", on: connection) == expected)
    let failedRuns = try connection.execute("SELECT count(*) FROM spoor.hunt_runs WHERE status <> 'succeeded'")
    #expect(failedRuns.rows.first?[0] == "0")
  }

  @Test("a re-run window records no hit twice, and a new hunt looks back only as far as its look-back (by ingest time)")
  func lookbackAndIdempotence() throws {
    let fixture = try SchedulerFixture(named: "sched_lookback")
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    _ = try connection.execute(
      #"UPDATE public."DeviceProcessEvents" SET "_spoor_ingested_at" = now() - interval '30 days' WHERE "ReportId" = 1"#
    )
    try SchedulerFixture.ingest(reportID: 2, command: "mimikatz", on: connection)

    var hunt = SchedulerFixture.hunt("recent")
    hunt.lookback = .interval(HuntInterval(seconds: 7 * 86_400))
    var scheduler = SchedulerFixture.scheduler([hunt])
    scheduler.configuration.lookbackOverride = nil
    _ = try scheduler.runPass(on: connection)
    #expect(try fixture.hitReportIDs(hunt: "recent", on: connection) == [2])

    // Rewind the watermark as if the window had never committed: the rerun finds the same row, records nothing new.
    _ = try connection.execute("UPDATE spoor.hunt_state SET last_snapshot = NULL WHERE hunt_id = 'recent'")
    let outcomes = try scheduler.runPass(on: connection)
    guard case .succeeded(let summary) = outcomes.first else {
      Issue.record("expected a succeeded run, got \(outcomes)")
      return
    }
    #expect(summary.rows == 1)
    #expect(summary.newHits == 0)
    #expect(try fixture.hitReportIDs(hunt: "recent", on: connection) == [2])
  }
}
