import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// A `spoor query` that is signalled or killed leaves nothing running on the server (issue 17.4).
@Suite("Signals stop the server's work")
struct SignalTests {
  /// A statement that runs for minutes.
  static let longQuery = "range x from 1 to 10000000000 step 1 | count"

  /// The number of statements of `spoor` still active in the database, polled until none or `seconds` pass.
  static func activeStatements(_ connection: Connection, database: String, waitingUpTo seconds: Double) throws -> Int {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let active =
        try connection.execute(
          """
          SELECT count(*) FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'spoor' AND state = 'active' AND pid <> pg_backend_pid()
          """, [.text(database)]
        ).rows[0][0].flatMap { Int($0) } ?? -1
      if active == 0 || Date() > deadline { return active }
      Thread.sleep(forTimeInterval: 0.25)
    }
  }

  @Test("SIGINT, SIGTERM and SIGHUP cancel the running statement", arguments: [SIGINT, SIGTERM, SIGHUP])
  func signalsCancel(_ signalNumber: Int32) throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_signal")
    let observer = try Connection(configuration: configuration)
    defer { observer.close() }
    let database = try #require(configuration.parameters["dbname"])
    let started = Date()
    let outcome = try SpoorProcess.run(
      ["query", "--database-url", SpoorBinary.conninfo(configuration), "--timeout", "10m", Self.longQuery],
      whileRunning: { process in
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, signalNumber)
      })
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("query cancelled"), "\(outcome.standardError)")
    #expect(Date().timeIntervalSince(started) < 60)
    #expect(try Self.activeStatements(observer, database: database, waitingUpTo: 5) == 0)
  }

  @Test("after SIGKILL the server notices the dead client within seconds, not at the statement timeout")
  func killedClientIsNoticed() throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_sigkill")
    let observer = try Connection(configuration: configuration)
    defer { observer.close() }
    let database = try #require(configuration.parameters["dbname"])
    var running = -1
    _ = try SpoorProcess.run(
      ["query", "--database-url", SpoorBinary.conninfo(configuration), "--timeout", "10m", Self.longQuery],
      whileRunning: { process in
        Thread.sleep(forTimeInterval: 1.5)
        running = (try? Self.activeStatements(observer, database: database, waitingUpTo: 0)) ?? -1
        kill(process.processIdentifier, SIGKILL)
      })
    #expect(running == 1)
    // client_connection_check_interval is 5 s; the 10-minute statement timeout would be far later.
    #expect(try Self.activeStatements(observer, database: database, waitingUpTo: 20) == 0)
  }

  @Test("a scheduler killed mid-window releases the hunt's advisory lock within seconds")
  func killedSchedulerReleasesItsLock() throws {
    let configuration = try TestDatabase.makeDatabase(named: "cli_sched_kill")
    let observer = try Connection(configuration: configuration)
    defer { observer.close() }
    let database = try #require(configuration.parameters["dbname"])
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spoor-hunts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let hunt = """
      id: slow-window
      title: A window that runs for minutes
      severity: low
      language: kql
      query: |
        \(Self.longQuery)
      """
    try hunt.write(to: folder.appendingPathComponent("slow.yaml"), atomically: true, encoding: .utf8)
    let locks = """
      SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND d.datname = $1
      """
    func heldLocks() -> Int { (try? observer.execute(locks, [.text(database)]).rows[0][0].flatMap { Int($0) }) ?? -1 }
    var held = -1
    let outcome = try SpoorProcess.run(
      [
        "schedule", "--once", "--database-url", SpoorBinary.conninfo(configuration), "--queries", folder.path,
        "--statement-timeout", "10m",
      ],
      whileRunning: { process in
        Thread.sleep(forTimeInterval: 3)
        held = heldLocks()
        kill(process.processIdentifier, SIGKILL)
      })
    #expect(held == 1, "\(outcome.standardError)")
    let deadline = Date().addingTimeInterval(20)
    var remaining = heldLocks()
    while remaining != 0 && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.25)
      remaining = heldLocks()
    }
    #expect(remaining == 0, "the killed scheduler's backend still holds the hunt's lock")
  }

  @Test("every session asks the server to check that its client is alive")
  func sessionChecksItsClient() throws {
    let connection = try Connection(configuration: try TestDatabase.serverConfiguration())
    defer { connection.close() }
    let interval = try connection.execute("SHOW client_connection_check_interval").rows[0][0]
    #expect(interval == "5s")
  }
}
