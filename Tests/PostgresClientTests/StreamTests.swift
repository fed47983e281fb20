import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite("Connection.stream")
struct StreamTests {
  private struct Stop: Error {}

  @Test("every row arrives once, in order, after the columns")
  func streamsAllRows() throws {
    let connection = try connectToTestServer()
    var columns: [[ColumnDescription]] = []
    var sum: Int64 = 0
    var count = 0
    try connection.stream(
      "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, $1) AS g", [.int32(10_000)],
      columns: { columns.append($0) },
      row: { row in
        count += 1
        #expect(row["label"] == "row \(count)")
        if case .integer(let value) = row.decoded(0) { sum += value }
        return true
      })
    #expect(columns == [[ColumnDescription(name: "n", typeOID: 23), ColumnDescription(name: "label", typeOID: 25)]])
    #expect(count == 10_000)
    #expect(sum == 50_005_000)
  }

  @Test("an empty result still describes its columns")
  func emptyResult() throws {
    let connection = try connectToTestServer()
    var columns: [ColumnDescription] = []
    var rows = 0
    try connection.stream(
      "SELECT 1::bigint AS one WHERE false", columns: { columns = $0 },
      row: { _ in
        rows += 1; return true
      })
    #expect(columns == [ColumnDescription(name: "one", typeOID: 20)])
    #expect(rows == 0)
  }

  @Test("returning false stops early and leaves the connection ready")
  func stopsEarly() throws {
    let connection = try connectToTestServer()
    // A set-returning function in the select list streams (one in FROM would be materialised first).
    var seen: [String?] = []
    try connection.stream(
      "SELECT generate_series(1, 100000000) AS g", columns: { _ in },
      row: { row in
        seen.append(row[0])
        return seen.count < 5
      })
    #expect(seen == ["1", "2", "3", "4", "5"])
    #expect(try connection.execute("SELECT 'ready'").rows.first?[0] == "ready")
    // The internal cancel must not leak into the next command's errors.
    let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1/0") }
    #expect(error.sqlState == "22012")
  }

  @Test("stopping early inside a transaction leaves the transaction usable and committable")
  func stopsEarlyInTransaction() throws {
    let connection = try connectToTestServer()
    try connection.executeScript("CREATE TEMP TABLE stream_in_transaction (id int)")
    let total = try connection.transaction(statementTimeoutMilliseconds: 60_000) { connection in
      _ = try connection.execute("INSERT INTO stream_in_transaction VALUES (1)")
      var rows = 0
      try connection.stream(
        "SELECT generate_series(1, 100000000)", columns: { _ in },
        row: { _ in
          rows += 1
          return rows < 3
        })
      #expect(rows == 3)
      _ = try connection.execute("INSERT INTO stream_in_transaction VALUES (2)")
      var all = 0
      try connection.stream(
        "SELECT * FROM stream_in_transaction", columns: { _ in },
        row: { _ in
          all += 1; return true
        })
      return all
    }
    #expect(total == 2)
    #expect(try connection.execute("SELECT count(*) FROM stream_in_transaction").rows.first?[0] == "2")
  }

  @Test("a server error while streaming inside a transaction still aborts it")
  func errorInTransaction() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.transaction { connection in
        do {
          try connection.stream("SELECT 1/0", columns: { _ in }, row: { _ in true })
        } catch {
          // Swallowed on purpose: the transaction must still refuse to commit.
        }
      }
    }
    #expect(error.sqlState == "25P02")
  }

  @Test("COPY statements are refused without hanging, and the connection recovers")
  func copyIsRefused() throws {
    let connection = try connectToTestServer()
    try connection.executeScript("CREATE TEMP TABLE stream_copy (id int); INSERT INTO stream_copy VALUES (1)")
    for statement in ["COPY stream_copy TO STDOUT", "COPY stream_copy FROM STDIN"] {
      let error = try #require(throws: PostgresError.self) {
        try connection.stream(statement, columns: { _ in }, row: { _ in true })
      }
      #expect(error.kind == .invalidUse)
    }
    #expect(try connection.execute("SELECT count(*) FROM stream_copy").rows.first?[0] == "1")
  }

  @Test("an error thrown by the row callback is rethrown after the query is drained")
  func rowThrows() throws {
    let connection = try connectToTestServer()
    #expect(throws: Stop.self) {
      try connection.stream(
        "SELECT generate_series(1, 100000000) AS g", columns: { _ in }, row: { _ in throw Stop() })
    }
    #expect(try connection.execute("SELECT 2").rows.first?[0] == "2")
  }

  @Test("a server error while streaming is thrown with its SQLSTATE")
  func serverErrorMidway() throws {
    let connection = try connectToTestServer()
    var rows = 0
    let error = try #require(throws: PostgresError.self) {
      try connection.stream(
        "SELECT 10 / (3 - g) FROM generate_series(1, 5) AS g", columns: { _ in },
        row: { _ in
          rows += 1
          return true
        })
    }
    #expect(error.sqlState == "22012")
    #expect(rows == 2)
    #expect(try connection.execute("SELECT 3").rows.first?[0] == "3")
  }
}
