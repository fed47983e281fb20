import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Opens a connection to the test server's maintenance database (no Spoor schema needed).
func connectToTestServer() throws -> Connection {
  try Connection(configuration: TestDatabase.serverConfiguration())
}

@Suite("Connection against a real server")
struct ConnectionTests {
  @Test("the session is UTF-8, UTC, ISO dates and ISO 8601 intervals")
  func sessionSettings() throws {
    let configuration = try TestDatabase.serverConfiguration()
    let connection = try Connection(configuration: configuration)
    let result = try connection.execute(
      "SELECT current_setting('client_encoding'), current_setting('TimeZone'), current_setting('DateStyle'), "
        + "current_setting('IntervalStyle'), current_setting('application_name')")
    let applicationName = configuration.parameters["application_name"] ?? "spoor"
    #expect(result.rows.first?.values == ["UTF8", "UTC", "ISO, MDY", "iso_8601", applicationName])
    let timestamp = try connection.execute("SELECT '2024-06-30 23:00:00-05'::timestamptz, '90 minutes'::interval")
    #expect(timestamp.rows.first?.values == ["2024-07-01 04:00:00+00", "PT1H30M"])
    #expect(timestamp.rows.first?.decoded(0) == .timestamp("2024-07-01T04:00:00.000000Z"))
    #expect(connection.serverVersion >= 150_000)
    #expect(connection.isOpen)
  }

  @Test("NULL and non-ASCII text round-trip with their lengths counted in characters and bytes")
  func textAndNull() throws {
    let connection = try connectToTestServer()
    let text = "héllo wörld 🦉 日本語 — \"quoted\" 'single' \\ backslash"
    let result = try connection.execute(
      "SELECT $1::text, length($1::text), octet_length($1::text), $2::text IS NULL, $2::bigint", [.text(text), .null])
    #expect(result.columns.map(\.name) == ["text", "length", "octet_length", "?column?", "int8"])
    #expect(result.columns.map(\.typeOID) == [25, 23, 23, 16, 20])
    let row = try #require(result.rows.first)
    #expect(row[0] == text)
    #expect(row[1] == "\(text.count)")
    #expect(row[2] == "\(text.utf8.count)")
    #expect(row.decoded(3) == .bool(true))
    #expect(row[4] == nil)
    #expect(row.decoded(4) == .null)
    #expect(result.affectedRows == 1)
  }

  @Test(
    "every PostgresValue case round-trips through the server",
    arguments: [
      (PostgresValue.bool(true), "t", PostgresCell.bool(true)),
      (.bool(false), "f", .bool(false)),
      (.int32(.min), "-2147483648", .integer(-2_147_483_648)),
      (.int64(.max), "9223372036854775807", .integer(.max)),
      (.double(0.1), "0.1", .double(0.1)),
      (.double(-1.5e300), "-1.5e+300", .double(-1.5e300)),
      (.double(.infinity), "Infinity", .double(.infinity)),
      (.text("ünïcødé ✓"), "ünïcødé ✓", .text("ünïcødé ✓")),
      (.text(""), "", .text("")),
      (
        .timestamptz(microsecondsSinceEpoch: 1_704_164_645_123_456), "2024-01-02 03:04:05.123456+00",
        .timestamp("2024-01-02T03:04:05.123456Z")
      ),
      (
        .timestamptz(microsecondsSinceEpoch: -1), "1969-12-31 23:59:59.999999+00",
        .timestamp("1969-12-31T23:59:59.999999Z")
      ),
      (.interval(microseconds: 3_723_500_000), "PT1H2M3.5S", .other("PT1H2M3.5S")),
      (.jsonb(#"{"b": [1, "é"], "a": null}"#), #"{"a": null, "b": [1, "é"]}"#, .json(#"{"a": null, "b": [1, "é"]}"#)),
      (.textArray(["a", "b c", "\"q\"", "é", ""]), #"{a,"b c","\"q\"",é,""}"#, .other(#"{a,"b c","\"q\"",é,""}"#)),
      (.textArray([]), "{}", .other("{}")),
      (.bytea([0, 1, 0xAB, 0xFF]), "\\x0001abff", .other("\\x0001abff")),
    ])
  func roundTrip(value: PostgresValue, text: String, cell: PostgresCell) throws {
    let connection = try connectToTestServer()
    let result = try connection.execute("SELECT $1", [value])
    #expect(result.columns.first?.typeOID == value.typeOID)
    let row = try #require(result.rows.first)
    #expect(row[0] == text)
    #expect(row.decoded(0) == cell)
  }

  @Test("timestamps and intervals arrive to the microsecond")
  func exactTimes() throws {
    let connection = try connectToTestServer()
    let micros: Int64 = 1_704_164_645_123_457
    let result = try connection.execute(
      "SELECT (extract(epoch FROM $1) * 1000000)::bigint, (extract(epoch FROM $2) * 1000000)::bigint",
      [.timestamptz(microsecondsSinceEpoch: micros), .interval(microseconds: -86_400_000_001)])
    #expect(result.rows.first?.values == ["\(micros)", "-86400000001"])
  }

  @Test("arrays and bytea keep their elements")
  func arraysAndBytes() throws {
    let connection = try connectToTestServer()
    let result = try connection.execute(
      "SELECT cardinality($1), $1[2], $1[3] = '日本', encode($2, 'hex'), length($2)",
      [.textArray(["x", "with,comma", "日本"]), .bytea(Array(0...255))])
    let row = try #require(result.rows.first)
    #expect(row.values[0...2] == ["3", "with,comma", "t"])
    #expect(row[4] == "256")
    #expect(row[3]?.hasPrefix("000102") == true)
  }

  @Test("a bad column fails with SQLSTATE 42703 and its position")
  func badColumn() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT nope FROM (SELECT 1 AS a) AS t")
    }
    #expect(error.kind == .server)
    #expect(error.sqlState == "42703")
    #expect(error.position == 8)
    #expect(error.message == #"column "nope" does not exist"#)
    #expect(error.description == #"column "nope" does not exist (SQLSTATE 42703)"#)
    #expect(try connection.execute("SELECT 1").rows.first?[0] == "1")
  }

  @Test("a bind that does not fit its placeholder is a server error, not a crash")
  func mismatchedBind() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT $1::int + 1", [.text("not a number")])
    }
    #expect(error.sqlState == "22P02")
  }

  @Test("execute refuses two statements; executeScript runs them all")
  func scripts() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT 1; SELECT 2")
    }
    #expect(error.sqlState == "42601")
    try connection.executeScript(
      """
      CREATE TEMP TABLE script_test (id int);
      INSERT INTO script_test VALUES (1), (2);
      INSERT INTO script_test VALUES (3);
      """)
    let result = try connection.execute("DELETE FROM script_test WHERE id >= $1", [.int32(2)])
    #expect(result.affectedRows == 2)
    #expect(result.commandTag == "DELETE 2")
    let failing = try #require(throws: PostgresError.self) {
      try connection.executeScript("INSERT INTO script_test VALUES (4); SELECT 1/0; INSERT INTO script_test VALUES (5)")
    }
    #expect(failing.sqlState == "22012")
    #expect(try connection.execute("SELECT count(*) FROM script_test").rows.first?[0] == "1")
    try connection.executeScript("")
    #expect(try connection.execute("").rows.isEmpty)
  }

  @Test("a postgresql:// URL with every server parameter percent-encoded connects to the same server")
  func connectsThroughURL() throws {
    let parameters = try TestDatabase.serverConfiguration().parameters
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let query = parameters.sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
      .joined(separator: "&")
    let configuration = try ConnectionConfiguration(url: "postgresql://?\(query)")
    #expect(configuration.parameters == parameters)
    let connection = try Connection(configuration: configuration)
    let database = try connection.execute("SELECT current_database()").rows.first?[0]
    #expect(database == parameters["dbname"] ?? database)
  }

  @Test("a server that is not there gives a clear error naming the socket directory")
  func failedConnection() throws {
    let directory = "/tmp/spoor-no-such-socket-dir"
    let configuration = ConnectionConfiguration(parameters: [
      "host": directory, "port": "5432", "dbname": "spoor", "user": "nobody", "password": "hunter2",
    ])
    let error = try #require(throws: PostgresError.self) {
      try Connection(configuration: configuration)
    }
    #expect(error.kind == .connection)
    #expect(error.server == "host=\(directory) port=5432 dbname=spoor user=nobody")
    #expect(error.description.contains("\(directory)/.s.PGSQL.5432"))
    #expect(error.description.contains("No such file or directory"))
    #expect(!error.description.contains("hunter2"))
  }

  @Test("a database that does not exist is a connection error naming it")
  func missingDatabase() throws {
    var parameters = try TestDatabase.serverConfiguration().parameters
    parameters["dbname"] = "spoor_no_such_database"
    let error = try #require(throws: PostgresError.self) {
      try Connection(configuration: ConnectionConfiguration(parameters: parameters))
    }
    #expect(error.kind == .connection)
    #expect(error.description.contains(#"database "spoor_no_such_database" does not exist"#))
  }

  @Test("a backend killed under the connection is a connection error, and the connection reports it is closed")
  func terminatedBackend() throws {
    let connection = try connectToTestServer()
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    }
    #expect(error.kind == .connection)
    #expect(error.server != nil)
    #expect(!connection.isOpen)
    let again = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
    #expect(again.kind == .connection)
  }

  @Test("a closed connection refuses work")
  func closed() throws {
    let connection = try connectToTestServer()
    connection.close()
    #expect(!connection.isOpen)
    let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
    #expect(error.kind == .closed)
    #expect(error.localizedDescription == "the PostgreSQL connection is closed")
    #expect(!connection.makeCancelHandle().cancel())
    connection.close()
  }
}
