import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Restarts PostgreSQL under a running `spoor schedule`; uses a cluster of its own so other suites' server
/// stays up.
@Suite("The scheduler across PostgreSQL restarts")
struct SchedulerServerRestartTests {
  @Test("server restarted mid-run, repeatedly: the scheduler reconnects, no hit lost or duplicated")
  func serverRestarts() throws {
    let root = "/tmp/spoor-restart-\(UUID().uuidString.prefix(8))"
    let cluster = try EmbeddedCluster(rootDirectory: root)
    defer {
      _ = try? cluster.stop()
      try? FileManager.default.removeItem(atPath: root)
    }
    try cluster.start()
    let configuration = ConnectionConfiguration(parameters: cluster.connectionParameters())
    let fixture = SchedulerFixture(configuration: configuration)
    var writer = try fixture.connect()
    _ = try MigrationRunner(source: MigrationSource.locate(explicitPath: TestDatabase.packageRoot + "/migrations"))
      .migrate(on: writer)
    try SchedulerProcessTests.insertNoise(on: writer)

    let hunts = try SchedulerProcessTests.makeHuntFolder()
    defer { try? FileManager.default.removeItem(atPath: hunts) }
    let child = try SchedulerProcessTests.startScheduler(fixture, hunts: hunts)
    defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

    var expected: [String: [Int64]] = [:]
    var reportID: Int64 = 0
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<4 {
      let deadline = Date().addingTimeInterval(Double.random(in: 1.0...2.5, using: &generator))
      try SchedulerProcessTests.ingestMarkers(until: deadline, from: &reportID, expecting: &expected, on: writer)
      writer.close()
      _ = try cluster.stop()
      try cluster.start()
      writer = try fixture.connect()
    }
    let lastRestart = try writer.execute("SELECT now()::text").rows.first?[0] ?? ""
    // Let the scheduler reconnect and run at least one more window, then stop it cleanly.
    Thread.sleep(forTimeInterval: 3)
    kill(child.processIdentifier, SIGTERM)
    child.waitUntilExit()
    #expect(child.terminationStatus == 0)

    let scheduler = SchedulerFixture.scheduler(try HuntLibrary.load(path: hunts).hunts)
    _ = try scheduler.runPass(on: writer)
    for marker in SchedulerProcessTests.markers {
      let hunt = "kill-\(marker)"
      #expect(try fixture.hitReportIDs(hunt: hunt, on: writer) == expected[hunt] ?? [], "\(hunt)")
      let windows = try fixture.windows(hunt: hunt, on: writer)
      for (previous, next) in zip(windows, windows.dropFirst()) { #expect(next.start == previous.end) }
    }
    // The child reconnected by itself: it committed windows after the last restart.
    let afterRestart = try writer.execute(
      "SELECT count(*) FROM spoor.hunt_runs WHERE scheduler <> 'test' AND status = 'succeeded' AND started_at > $1::timestamptz",
      [.text(lastRestart)])
    #expect(Int(afterRestart.rows.first?[0] ?? "0") ?? 0 > 0)
  }
}
