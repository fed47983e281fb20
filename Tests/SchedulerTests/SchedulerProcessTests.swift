import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Runs the real `spoor schedule` as a child process and kills or stops it.
@Suite("The scheduler process: killed at random points, stopped by SIGTERM")
struct SchedulerProcessTests {
  /// What the hunts of ``makeHuntFolder()`` look for in command lines; hunt `kill-<marker>` finds each.
  static let markers = ["mimikatz", "lsass", "psexec"]

  /// A folder holding three hunt files that match "mimikatz", "lsass" and "psexec".
  static func makeHuntFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spoor-hunts-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for marker in markers {
      let text = """
        id: kill-\(marker)
        title: \(marker)
        severity: high
        language: kql
        schedule: 1m
        query: |
          DeviceProcessEvents | where ProcessCommandLine contains "\(marker)"
        """
      try text.write(toFile: "\(folder)/\(marker).yaml", atomically: true, encoding: .utf8)
    }
    return folder
  }

  /// Background noise no hunt matches, so that each window takes a while.
  static func insertNoise(on writer: Connection) throws {
    _ = try writer.execute(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "ProcessCommandLine", "ReportId")
      SELECT now(), 'svchost.exe -k netsvcs ' || i, -i FROM generate_series(1, 100000) AS i
      """)
  }

  /// Ingests one process start every 10 ms until `deadline`, cycling through ``markers`` from `reportID` on, and
  /// records each under the hunt that should find it.
  static func ingestMarkers(
    until deadline: Date, from reportID: inout Int64, expecting expected: inout [String: [Int64]],
    on writer: Connection
  ) throws {
    while Date() < deadline {
      let marker = markers[Int(reportID) % markers.count]
      try SchedulerFixture.ingest(reportID: reportID, command: "cmd /c \(marker).exe", on: writer)
      expected["kill-\(marker)", default: []].append(reportID)
      reportID += 1
      Thread.sleep(forTimeInterval: 0.01)
    }
  }

  static func startScheduler(_ fixture: SchedulerFixture, hunts: String) throws -> Process {
    let process = Process()
    process.executableURL = SpoorBinary.executable
    process.arguments = [
      "schedule", "--database-url", SpoorBinary.conninfo(fixture.configuration), "--queries", hunts, "--interval", "1s",
      "--ignore-schedule", "--lookback", "all",
      // Partition maintenance takes its tables' locks for seconds; a child killed inside it leaves them held
      // until its backend ends, and this test is about the windows, not the partitions.
      "--no-maintenance",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  @Test("SIGKILL at random points, then restart: no hit lost or duplicated, no window run twice")
  func killAndRestart() throws {
    #expect(
      FileManager.default.isExecutableFile(atPath: SpoorBinary.executable.path),
      "build spoor first: \(SpoorBinary.executable.path)")
    let fixture = try SchedulerFixture(named: "sched_sigkill")
    let hunts = try Self.makeHuntFolder()
    defer { try? FileManager.default.removeItem(atPath: hunts) }
    let writer = try fixture.connect()
    // Background noise makes each window take a while, so kills land inside windows as well as between them.
    try Self.insertNoise(on: writer)
    var reportID: Int64 = 0
    var expected: [String: [Int64]] = [:]
    var generator = SystemRandomNumberGenerator()

    for _ in 0..<8 {
      let child = try Self.startScheduler(fixture, hunts: hunts)
      let deadline = Date().addingTimeInterval(Double.random(in: 0.5...2.0, using: &generator))
      try Self.ingestMarkers(until: deadline, from: &reportID, expecting: &expected, on: writer)
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
    }

    // A final, clean pass in-process picks up what the killed schedulers left.
    let library = try HuntLibrary.load(path: hunts)
    let connection = try fixture.connect()
    // A killed scheduler's session may outlive it for a moment (and hold its hunt's lock): retry busy hunts.
    let scheduler = SchedulerFixture.scheduler(library.hunts)
    let deadline = Date().addingTimeInterval(10)
    while try scheduler.runPass(on: connection).contains(where: { if case .busy = $0 { true } else { false } }),
      Date() < deadline
    {
      Thread.sleep(forTimeInterval: 0.1)
    }
    for hunt in library.hunts {
      #expect(try fixture.hitReportIDs(hunt: hunt.id, on: connection) == expected[hunt.id] ?? [], "\(hunt.id)")
      let windows = try fixture.windows(hunt: hunt.id, on: connection)
      #expect(windows.first?.start == nil)
      for (previous, next) in zip(windows, windows.dropFirst()) { #expect(next.start == previous.end) }
    }
    let running = try connection.execute("SELECT count(*) FROM spoor.hunt_runs WHERE status = 'running'")
    #expect(running.rows.first?[0] == "0")
    // The killed schedulers did real work (the final pass is not the only one that committed windows).
    let childRuns = try connection.execute(
      "SELECT count(*) FROM spoor.hunt_runs WHERE scheduler <> 'test' AND status = 'succeeded' AND new_hits > 0")
    #expect(Int(childRuns.rows.first?[0] ?? "0") ?? 0 > 0)
    let abandoned = try connection.execute("SELECT count(*) FROM spoor.hunt_runs WHERE status = 'abandoned'")
    print("SIGKILL test: \(abandoned.rows.first?[0] ?? "?") window(s) killed mid-run and abandoned")
  }

  @Test("SIGTERM finishes the current window and exits cleanly")
  func sigterm() throws {
    let fixture = try SchedulerFixture(named: "sched_sigterm")
    let hunts = try Self.makeHuntFolder()
    defer { try? FileManager.default.removeItem(atPath: hunts) }
    let connection = try fixture.connect()
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    let child = try Self.startScheduler(fixture, hunts: hunts)
    // Wait for the first pass to record the hit, then ask the scheduler to stop.
    let deadline = Date().addingTimeInterval(30)
    while try fixture.hitReportIDs(hunt: "kill-mimikatz", on: connection).isEmpty, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill(child.processIdentifier, SIGTERM)
    child.waitUntilExit()
    #expect(child.terminationReason == .exit)
    #expect(child.terminationStatus == 0)
    let running = try connection.execute("SELECT count(*) FROM spoor.hunt_runs WHERE status = 'running'")
    #expect(running.rows.first?[0] == "0")
    #expect(try fixture.hitReportIDs(hunt: "kill-mimikatz", on: connection) == [1])
  }
}
