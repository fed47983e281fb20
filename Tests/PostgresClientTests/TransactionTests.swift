import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite("Transactions, timeouts and cancellation")
struct TransactionTests {
  private struct Boom: Error {}

  @Test("a throw inside the body rolls back and is rethrown")
  func rollbackOnThrow() throws {
    let connection = try connectToTestServer()
    try connection.executeScript("CREATE TEMP TABLE rollback_test (id int)")
    #expect(throws: Boom.self) {
      try connection.transaction { connection in
        _ = try connection.execute("INSERT INTO rollback_test VALUES ($1)", [.int32(1)])
        throw Boom()
      }
    }
    #expect(try connection.execute("SELECT count(*) FROM rollback_test").rows.first?[0] == "0")
    let inserted = try connection.transaction { connection in
      try connection.execute("INSERT INTO rollback_test VALUES (2), (3)").affectedRows
    }
    #expect(inserted == 2)
    #expect(try connection.execute("SELECT count(*) FROM rollback_test").rows.first?[0] == "2")
  }

  @Test("a failed statement whose error was swallowed makes the commit throw")
  func swallowedError() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.transaction { connection in
        _ = try? connection.execute("SELECT 1/0")
      }
    }
    #expect(error.sqlState == "25P02")
    #expect(try connection.execute("SELECT 1").rows.count == 1)
  }

  @Test("the isolation level and read-only mode reach the server")
  func isolationLevels() throws {
    let connection = try connectToTestServer()
    let serverDefault = try connection.execute("SHOW default_transaction_isolation").rows.first?[0] ?? ""
    let levels: [(TransactionIsolation?, String)] = [
      (nil, serverDefault), (.readCommitted, "read committed"), (.repeatableRead, "repeatable read"),
      (.serializable, "serializable"),
    ]
    for (isolation, expected) in levels {
      let settings = try connection.transaction(readOnly: true, isolation: isolation) { connection in
        try connection.execute(
          "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')"
        )
        .rows.first?.values
      }
      #expect(settings == [expected, "on"])
    }
  }

  @Test("a read-only transaction refuses a write with 25006")
  func readOnly() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "client_read_only"))
    try connection.executeScript("CREATE TABLE read_only_target (id int)")
    let error = try #require(throws: PostgresError.self) {
      try connection.transaction(readOnly: true) { connection in
        try connection.execute("INSERT INTO read_only_target VALUES ($1)", [.int32(1)])
      }
    }
    #expect(error.kind == .readOnlyTransaction)
    #expect(error.sqlState == "25006")
    #expect(error.description.hasPrefix("refused in a read-only transaction"))
    let count = try connection.transaction(readOnly: true) { connection in
      try connection.execute("SELECT count(*) FROM read_only_target").rows.first?[0]
    }
    #expect(count == "0")
  }

  @Test("a statement over the timeout fails with 57014 and names the limit")
  func statementTimeout() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.transaction(readOnly: true, statementTimeoutMilliseconds: 100) { connection in
        try connection.execute("SELECT pg_sleep(10)")
      }
    }
    #expect(error.kind == .timeout)
    #expect(error.sqlState == "57014")
    #expect(error.description == "statement timeout (limit 100ms)")
    // SET LOCAL ended with the transaction.
    #expect(try connection.execute("SHOW statement_timeout").rows.first?[0] == "0")
  }

  @Test("a cancel from another thread stops pg_sleep and the connection stays usable")
  func cancelFromAnotherThread() throws {
    let connection = try connectToTestServer()
    let handle = connection.makeCancelHandle()
    let canceller = Thread {
      // Keep cancelling until the sleep is over: the first request may arrive before the statement starts.
      for _ in 0..<100 where !Thread.current.isCancelled {
        Thread.sleep(forTimeInterval: 0.1)
        handle.cancel()
      }
    }
    canceller.start()
    let started = ContinuousClock.now
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT pg_sleep(30)")
    }
    #expect(error.kind == .cancelled)
    #expect(error.sqlState == "57014")
    #expect(ContinuousClock.now - started < .seconds(20))
    canceller.cancel()
    #expect(connection.isOpen)
  }

  @Test("transactions do not nest, and a timeout must be positive")
  func misuse() throws {
    let connection = try connectToTestServer()
    let nested = try #require(throws: PostgresError.self) {
      try connection.transaction { connection in
        try connection.transaction { _ in }
      }
    }
    #expect(nested.kind == .invalidUse)
    let zero = try #require(throws: PostgresError.self) {
      try connection.transaction(statementTimeoutMilliseconds: 0) { _ in }
    }
    #expect(zero.kind == .invalidParameter)
    #expect(try connection.execute("SELECT 1").rows.count == 1)
  }
}
