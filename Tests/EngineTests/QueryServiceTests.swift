import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres
import SpoorSQL
import SpoorTestSupport
import Testing

/// The query service every front door runs ad-hoc queries through, on a real server.
@Suite struct QueryServiceTests {
  static let query = "range x from 1 to 5 step 1"

  static func request(_ text: String, maxRows: Int64 = 100, timeoutMilliseconds: Int = 30_000) -> QueryRequest {
    QueryRequest(
      source: SourceText(name: "<test>", text: text), language: .kql, now: 1_767_225_600_000_000,
      limits: QueryLimits(maxRows: maxRows, timeoutMilliseconds: timeoutMilliseconds))
  }

  /// Checks, compiles for a run against the connection's catalog and returns the statement.
  static func compiled(_ request: QueryRequest, on connection: Connection) throws -> SQLStatement {
    let service = QueryService()
    let parsed = service.check(request)
    #expect(!parsed.hasSyntaxErrors)
    let compilation = service.compile(
      parsed, for: request, purpose: .run, catalog: try CatalogLoader.load(from: connection))
    return try #require(compilation.statement, "\(compilation.diagnostics)")
  }

  @Test func syntaxErrorsAreFoundWithoutACatalog() {
    let service = QueryService()
    let parsed = service.check(Self.request("DeviceProcessEvents | where (FileName == "))
    #expect(parsed.hasSyntaxErrors)
    #expect(parsed.language == .kql)
    #expect(service.diagnostics(ofInvalid: parsed).contains { $0.isError && $0.category == .syntax })
  }

  @Test func runStreamsRowsAndReportsTheRowCap() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "query_service_cap"))
    defer { connection.close() }
    let request = Self.request(Self.query, maxRows: 3)
    let statement = try Self.compiled(request, on: connection)
    var names: [String] = []
    var values: [String?] = []
    let summary = try QueryService().run(
      statement, limits: request.limits, on: connection, columns: { names = $0.map(\.name) },
      row: { values.append($0[0]) })
    #expect(names == ["x"])
    #expect(values == ["1", "2", "3"])
    #expect(summary.rows == 3)
    #expect(summary.truncation?.description == "truncated at 3 rows")

    let whole = Self.request(Self.query, maxRows: 5)
    let all = try QueryService().run(
      try Self.compiled(whole, on: connection), limits: whole.limits, on: connection, columns: { _ in },
      row: { _ in })
    #expect(all.rows == 5)
    #expect(all.truncation == nil)
  }

  @Test func runIsReadOnlyAndTimesOut() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "query_service_limits"))
    defer { connection.close() }
    let slow = Self.request("range x from 1 to 1000000000 step 1 | count", timeoutMilliseconds: 200)
    #expect {
      try QueryService().run(
        try Self.compiled(slow, on: connection), limits: slow.limits, on: connection, columns: { _ in },
        row: { _ in })
    } throws: { ($0 as? PostgresError)?.kind == .timeout }

    // A statement that writes is refused by the READ ONLY transaction (the emitter never writes; this guards it).
    let write = SQLStatement(text: "CREATE TABLE public.t_written (x int)", parameters: [], columns: [])
    #expect {
      try QueryService().run(write, limits: slow.limits, on: connection, columns: { _ in }, row: { _ in })
    } throws: { ($0 as? PostgresError)?.kind == .readOnlyTransaction }
  }

  @Test func aCancelFromAnotherThreadStopsTheRun() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "query_service_cancel"))
    defer { connection.close() }
    let slow = Self.request("range x from 1 to 1000000000 step 1 | count")
    let statement = try Self.compiled(slow, on: connection)
    let handle = connection.makeCancelHandle()
    let canceller = Thread {
      while true {
        Thread.sleep(forTimeInterval: 0.05)
        if handle.cancel() { break }
      }
    }
    canceller.start()
    #expect {
      try QueryService().run(statement, limits: slow.limits, on: connection, columns: { _ in }, row: { _ in })
    } throws: { ($0 as? PostgresError)?.kind == .cancelled }
  }

  @Test func streamDeliversColumnsRowsAndTheSummary() async throws {
    let configuration = try TestDatabase.makeDatabase(named: "query_service_stream")
    let connection = try Connection(configuration: configuration)
    let request = Self.request(Self.query, maxRows: 4)
    let statement = try Self.compiled(request, on: connection)
    connection.close()

    var events: [QueryEvent] = []
    for try await event in QueryService().stream(
      statement, limits: request.limits, connect: { try Connection(configuration: configuration) })
    {
      events.append(event)
    }
    guard case .columns(let columns) = events.first else {
      Issue.record("no columns first: \(events)")
      return
    }
    #expect(columns.map(\.name) == ["x"])
    let rows = events.compactMap { event -> String? in
      if case .row(let row) = event { return row[0] }
      return nil
    }
    #expect(rows == ["1", "2", "3", "4"])
    guard case .finished(let summary) = events.last else {
      Issue.record("no summary last: \(events)")
      return
    }
    #expect(summary.truncation == QueryTruncation(rowLimit: 4))
  }

  @Test func leavingAStreamEarlyCancelsTheStatement() async throws {
    let configuration = try TestDatabase.makeDatabase(named: "query_service_stream_stop")
    let connection = try Connection(configuration: configuration)
    // generate_series in FROM is materialised before its first row: keep it small enough to start at once under
    // load, and large enough that the server, blocked on a reader that stopped, is still running it.
    let request = Self.request("range x from 1 to 2000000 step 1", maxRows: 100_000_000)
    let statement = try Self.compiled(request, on: connection)
    defer { connection.close() }

    var rows = 0
    for try await event in QueryService().stream(
      statement, limits: request.limits, connect: { try Connection(configuration: configuration) })
    {
      if case .row = event { rows += 1 }
      if rows == 10 { break }
    }
    #expect(rows == 10)
    // The server stops the statement: no backend of this database is left running it.
    var running = "1"
    for _ in 0..<100 {
      running =
        try connection.execute(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            + " AND state = 'active'"
        ).rows.first?[0] ?? "?"
      if running == "0" { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    #expect(running == "0")
  }

  @Test func listingShowsTheStatementAndEachBind() {
    let statement = SQLStatement(text: "SELECT $1", parameters: [.string("a")], columns: [])
    #expect(QueryService.listing(statement) == "SELECT $1;\n-- $1 text = 'a'")
  }
}
