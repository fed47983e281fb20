import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorXQL

/// How an ad-hoc query may run: a row cap and a statement timeout.
public struct QueryLimits: Sendable, Hashable {
  /// Rows returned at most; the statement is compiled to return one more, so truncation is detected.
  public var maxRows: Int64
  /// The statement timeout in milliseconds (positive).
  public var timeoutMilliseconds: Int

  /// Creates limits.
  public init(maxRows: Int64, timeoutMilliseconds: Int) {
    self.maxRows = maxRows
    self.timeoutMilliseconds = timeoutMilliseconds
  }
}

/// One ad-hoc query as a front door (the CLI, the server) receives it.
public struct QueryRequest: Sendable {
  /// The query text and its display name (a file path, `<query>`, …), for diagnostics.
  public var source: SourceText
  /// The language, or `nil` to detect it from the text.
  public var language: QueryLanguage?
  /// The query's clock, microseconds since the epoch: every `now()` and `ago()` reads it.
  public var now: Int64
  /// When set, scans of tables with a time column keep only rows at or after this instant (µs since the epoch).
  public var since: Int64?
  /// The row cap and statement timeout of a run.
  public var limits: QueryLimits
  /// Values of the query's parameters (XQL `$name`, KQL `declare query_parameters`).
  public var parameters: QueryParameters

  /// Creates a request.
  public init(
    source: SourceText, language: QueryLanguage? = nil, now: Int64 = WallClock.nowMicroseconds(), since: Int64? = nil,
    limits: QueryLimits, parameters: QueryParameters = .none
  ) {
    self.source = source
    self.language = language
    self.now = now
    self.since = since
    self.limits = limits
    self.parameters = parameters
  }
}

/// What a compiled statement is for: a capped run, or showing the SQL / PostgreSQL's plan (no cap).
public enum QueryPurpose: Sendable, Hashable {
  /// Run it: the statement returns at most `limits.maxRows + 1` rows, so ``QueryRunSummary/truncation`` can tell.
  case run
  /// Show it (`--sql`) or explain it: the statement has no row cap.
  case show
}

/// The row cap cut a result short: more rows matched than were returned.
public struct QueryTruncation: Sendable, Hashable, CustomStringConvertible {
  /// The rows returned, which is the cap.
  public var rowLimit: Int64

  /// Creates a truncation at `rowLimit` rows.
  public init(rowLimit: Int64) { self.rowLimit = rowLimit }

  /// "truncated at N rows": a front door adds how to see more (`--max-rows`, a request field).
  public var description: String { "truncated at \(rowLimit) row\(rowLimit == 1 ? "" : "s")" }
}

/// What a run produced.
public struct QueryRunSummary: Sendable, Hashable {
  /// Rows handed to the caller.
  public var rows: Int
  /// Set when more rows matched than the cap allowed.
  public var truncation: QueryTruncation?

  /// True when more rows existed than the cap allowed.
  public var truncated: Bool { truncation != nil }
}

/// The query service: every front door checks, compiles, explains and runs ad-hoc queries through it, so the rules
/// (one parse per query, a `READ ONLY` transaction, the statement timeout, the row cap and its notice, the one
/// rendering of bind values) live here once.
///
/// The steps, each usable alone:
/// 1. ``check(_:)`` parses without a catalog, so syntax errors are reported before connecting anywhere;
/// 2. ``compile(_:for:catalog:)`` binds that parse against a catalog and emits the statement;
/// 3. ``explain(_:on:analyze:)`` or ``run(_:limits:on:columns:row:)`` (blocking, rows through a callback), or
///    ``stream(_:limits:connect:)`` (an `AsyncSequence` for async code, cancelled with its task).
///
/// To cancel a blocking run from another thread, call ``SpoorPostgres/CancelHandle/cancel()`` on a handle taken
/// with `connection.makeCancelHandle()` before the run: the run then throws a ``SpoorPostgres/PostgresError``
/// whose `kind` is `.cancelled` (a timeout throws `.timeout`).
public struct QueryService: Sendable {
  /// The queries XQL's `call "name"` stage can reach (the hunt library's XQL hunts).
  public var storedQueries: XQLStoredQueries
  /// The size cap, timeout and cache TTL of `externaldata` fetches (``ExternalDataResolver``).
  public var externalData: ExternalDataOptions

  /// Creates a service.
  public init(storedQueries: XQLStoredQueries = .none, externalData: ExternalDataOptions = .standard) {
    self.storedQueries = storedQueries
    self.externalData = externalData
  }

  /// Step 1: detects the language and parses, without a catalog or a database.
  ///
  /// When ``ParsedQuery/hasSyntaxErrors`` is true, report ``diagnostics(ofInvalid:)`` and stop.
  public func check(_ request: QueryRequest) -> ParsedQuery {
    Compiler.parse(request.source, language: request.language)
  }

  /// The full diagnostics of a query that failed ``check(_:)``, bound against the built-in catalog (names are
  /// resolved as far as the syntax allows, without a database).
  public func diagnostics(ofInvalid parsed: ParsedQuery) -> [Diagnostic] {
    Compiler(catalog: .builtIn, storedQueries: storedQueries).compile(parsed, options: CompileOptions(now: 0))
      .diagnostics
  }

  /// Step 2: binds a parsed query against `catalog` and emits its statement, with the request's clock and window,
  /// and for ``QueryPurpose/run`` the row cap plus one.
  public func compile(_ parsed: ParsedQuery, for request: QueryRequest, purpose: QueryPurpose, catalog: Catalog)
    -> Compilation
  {
    let options = CompileOptions(
      now: request.now, rowLimit: purpose == .run ? request.limits.maxRows + 1 : nil, since: request.since,
      parameters: request.parameters)
    return Compiler(catalog: catalog, storedQueries: storedQueries).compile(parsed, options: options)
  }

  /// Step 2 with a database: as ``compile(_:for:purpose:catalog:)``, but a KQL `evaluate bag_unpack` first reads
  /// its bag column's keys on `connection` (``readKeys(_:on:timeoutMilliseconds:)``: `READ ONLY`, the
  /// request's statement timeout), then the query is bound again with them.
  /// - Throws: ``SpoorPostgres/PostgresError`` from reading the keys.
  public func compile(
    _ parsed: ParsedQuery, for request: QueryRequest, purpose: QueryPurpose, catalog: Catalog,
    readingKeysOn connection: Connection
  ) throws -> Compilation {
    let options = CompileOptions(
      now: request.now, rowLimit: purpose == .run ? request.limits.maxRows + 1 : nil, since: request.since,
      parameters: request.parameters)
    return try Compiler(catalog: catalog, storedQueries: storedQueries).compile(parsed, options: options) {
      try QueryService.readKeys($0, on: connection, timeoutMilliseconds: request.limits.timeoutMilliseconds)
    }
  }

  /// PostgreSQL's plan for a statement (`EXPLAIN`, or `EXPLAIN (ANALYZE, BUFFERS)`), one line per element, in a
  /// `READ ONLY` transaction.
  ///
  /// Only `analyze`, which runs the statement, fetches its `externaldata` inputs; a plain plan binds them empty.
  public func explain(_ statement: SQLStatement, on connection: Connection, analyze: Bool = false) throws -> [String] {
    let statement =
      analyze ? try ExternalDataResolver.resolve(statement, on: connection, options: externalData) : statement
    return try connection.transaction(readOnly: true, statementTimeoutMilliseconds: nil) { connection in
      let prefix = analyze ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN "
      let result = try connection.execute(prefix + statement.text, PostgresBinding.postgresValues(statement.parameters))
      return result.rows.map { $0[0] ?? "" }
    }
  }

  /// Step 3 (blocking): runs a statement compiled for ``QueryPurpose/run`` in a `READ ONLY` transaction with the
  /// statement timeout, and hands its rows over one at a time, at most `limits.maxRows` of them.
  /// - Parameters:
  ///   - columns: called once before the first row, with the result's columns under the names the query gave them.
  ///   - row: called for each row; throwing stops the run (the statement is cancelled) and the error is rethrown.
  /// - Throws: ``SpoorPostgres/PostgresError`` (kind `.timeout`, `.cancelled`, `.server`, …), an
  ///   ``ExternalDataError`` when an `externaldata` source cannot be read, or what a callback threw.
  public func run(
    _ statement: SQLStatement, limits: QueryLimits, on connection: Connection,
    columns: ([ColumnDescription]) throws -> Void, row: (Row) throws -> Void
  ) throws -> QueryRunSummary {
    // Fetched before the read-only transaction, which could not write the cache.
    let statement = try ExternalDataResolver.resolve(statement, on: connection, options: externalData)
    var rows = 0
    var truncated = false
    try connection.transaction(readOnly: true, statementTimeoutMilliseconds: limits.timeoutMilliseconds) { connection in
      try connection.stream(
        statement.text, PostgresBinding.postgresValues(statement.parameters),
        columns: { try columns(Self.fullNames($0, of: statement)) },
        row: { next in
          if Int64(rows) >= limits.maxRows {
            truncated = true
            return false
          }
          try row(next)
          rows += 1
          return true
        })
    }
    return QueryRunSummary(rows: rows, truncation: truncated ? QueryTruncation(rowLimit: Int64(rows)) : nil)
  }

  /// Step 3 (blocking) into a ``ResultWriter``, which is ended after the last row.
  public func run(_ statement: SQLStatement, limits: QueryLimits, on connection: Connection, into writer: ResultWriter)
    throws -> QueryRunSummary
  {
    let summary = try run(
      statement, limits: limits, on: connection, columns: { writer.begin(columns: $0) }, row: { writer.write($0) })
    writer.end()
    return summary
  }

  /// Step 3 for async code: runs the statement like ``run(_:limits:on:columns:row:)`` on a thread of its own, over
  /// a connection `connect` opens there (and that is closed at the end), and delivers the events as they come.
  ///
  /// The producer waits while the consumer has ``QueryEventStream/bufferedRows`` rows not yet read, so memory
  /// stays bounded for a slow consumer. Cancelling the consuming task, or dropping the iterator, cancels the
  /// statement on the server.
  public func stream(
    _ statement: SQLStatement, limits: QueryLimits, connect: @escaping @Sendable () throws -> Connection
  ) -> QueryEventStream {
    let (events, continuation) = AsyncThrowingStream<QueryEvent, any Error>.makeStream()
    let control = QueryStreamControl(credits: QueryEventStream.bufferedRows)
    continuation.onTermination = { termination in
      if case .cancelled = termination { control.terminate() }
    }
    let service = self
    let thread = Thread {
      defer { control.finish() }
      do {
        let connection = try connect()
        defer { connection.close() }
        guard control.attach(connection.makeCancelHandle()) else { throw CancellationError() }
        let summary = try service.run(
          statement, limits: limits, on: connection,
          columns: { continuation.yield(.columns($0)) },
          row: { row in
            guard control.waitForCredit() else { throw CancellationError() }
            continuation.yield(.row(row))
          })
        continuation.yield(.finished(summary))
        continuation.finish()
      } catch {
        continuation.finish(throwing: error)
      }
    }
    thread.start()
    return QueryEventStream(base: events, control: control)
  }

  /// The rows of a key discovery (KQL `evaluate bag_unpack`, ``Compilation/keyDiscovery``) as text cells, read in
  /// a `READ ONLY` transaction with the statement timeout, for
  /// ``Compiler/compile(_:language:options:readingKeysWith:)``.
  /// - Throws: ``SpoorPostgres/PostgresError`` from the server.
  public static func readKeys(
    _ statement: SQLStatement, on connection: Connection, timeoutMilliseconds: Int? = nil
  ) throws -> [[String?]] {
    try connection.transaction(readOnly: true, statementTimeoutMilliseconds: timeoutMilliseconds) { connection in
      try connection.execute(statement.text, PostgresBinding.postgresValues(statement.parameters)).rows.map(\.values)
    }
  }

  /// A statement and its bind values as `spoor query --sql` prints them: the text and `;`, then one
  /// `-- $n type = value` line per parameter.
  public static func listing(_ statement: SQLStatement) -> String {
    var lines = [statement.text + ";"]
    for (index, value) in statement.parameters.enumerated() {
      lines.append("-- $\(index + 1) \(PostgresBinding.describe(value))")
    }
    return lines.joined(separator: "\n")
  }

  /// The result's columns with the plan's names: PostgreSQL sees names longer than 63 bytes shortened
  /// (``SQLIdentifier/postgresName(_:)``), the user sees them whole.
  static func fullNames(_ columns: [ColumnDescription], of statement: SQLStatement) -> [ColumnDescription] {
    guard columns.count == statement.columns.count else { return columns }
    return zip(columns, statement.columns).map { column, planned in
      var named = column
      if SQLIdentifier.postgresName(planned.name) == column.name { named.name = planned.name }
      return named
    }
  }
}

/// One event of a streamed run (``QueryService/stream(_:limits:connect:)``).
public enum QueryEvent: Sendable, Hashable {
  /// The result's columns; comes first, once.
  case columns([ColumnDescription])
  /// One row.
  case row(Row)
  /// The run ended; comes last. Its ``QueryRunSummary/truncation`` says whether the row cap cut the result.
  case finished(QueryRunSummary)
}

/// The events of one streamed run, as an `AsyncSequence`; errors are ``SpoorPostgres/PostgresError`` or
/// `CancellationError`.
public struct QueryEventStream: AsyncSequence, Sendable {
  public typealias Element = QueryEvent

  /// The rows the producer runs ahead of the consumer at most.
  public static let bufferedRows = 256

  let base: AsyncThrowingStream<QueryEvent, any Error>
  let control: QueryStreamControl

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(base: base.makeAsyncIterator(), control: control, departure: Departure(control: control))
  }

  /// Reads the events; each row read lets the producer fetch one more.
  ///
  /// When the last copy of the iterator goes away (the consumer left the loop), the statement is cancelled.
  public struct AsyncIterator: AsyncIteratorProtocol {
    var base: AsyncThrowingStream<QueryEvent, any Error>.AsyncIterator
    let control: QueryStreamControl
    let departure: Departure

    public mutating func next() async throws -> QueryEvent? {
      let event = try await base.next()
      if case .row = event { control.grantCredit() }
      return event
    }
  }
}

/// Tells the producer that the consumer left, when the last iterator that holds it is released.
final class Departure: Sendable {
  private let control: QueryStreamControl

  init(control: QueryStreamControl) { self.control = control }

  deinit { control.terminate() }
}

/// The producer/consumer handshake of a ``QueryEventStream``: row credits, and the cancel of a consumer that left.
///
/// `@unchecked Sendable`: every stored property is read and written only while holding `condition`.
final class QueryStreamControl: @unchecked Sendable {
  private let condition = NSCondition()
  private var credits: Int
  private var cancelHandle: CancelHandle?
  private var terminated = false
  private var finished = false

  init(credits: Int) {
    self.credits = credits
  }

  /// Keeps the connection's cancel handle; false when the consumer already left.
  func attach(_ handle: CancelHandle) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    cancelHandle = handle
    return !terminated
  }

  /// The consumer left (finished, cancelled or dropped the iterator): cancel the running statement, if any.
  func terminate() {
    condition.lock()
    let handle = finished ? nil : cancelHandle
    terminated = true
    condition.broadcast()
    condition.unlock()
    handle?.cancel()
  }

  /// The producer is done with the connection: a consumer leaving now has nothing to cancel.
  func finish() {
    condition.lock()
    defer { condition.unlock() }
    finished = true
    cancelHandle = nil
  }

  /// Called by the consumer for each row it read.
  func grantCredit() {
    condition.lock()
    defer { condition.unlock() }
    credits += 1
    condition.signal()
  }

  /// Waits until the consumer has room for a row and takes it; false when the consumer left.
  func waitForCredit() -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while credits == 0 && !terminated { condition.wait() }
    guard !terminated else { return false }
    credits -= 1
    return true
  }
}
