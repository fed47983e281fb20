import SpoorPostgres
import SpoorSQL

/// How an ad-hoc query may run.
public struct QueryLimits: Sendable {
  /// Rows shown at most; the statement is compiled to return one more so truncation is detected.
  public var maxRows: Int64
  /// The statement timeout in milliseconds.
  public var timeoutMilliseconds: Int

  /// Creates limits.
  public init(maxRows: Int64, timeoutMilliseconds: Int) {
    self.maxRows = maxRows
    self.timeoutMilliseconds = timeoutMilliseconds
  }
}

/// What a run produced.
public struct QueryRunSummary: Sendable {
  /// Rows written.
  public var rows: Int
  /// True when more rows existed than the cap allowed.
  public var truncated: Bool
}

/// Runs translated ad-hoc queries: a `READ ONLY` transaction with a statement timeout, rows streamed to a writer
/// and cut at the row cap.
public enum QueryRunner {
  /// Runs a statement compiled with `rowLimit = limits.maxRows + 1` and streams its rows into `writer`, after
  /// fetching its `externaldata` inputs (``ExternalDataResolver``).
  /// - Throws: `PostgresError` from the server (timeout, cancel, …); ``ExternalDataError`` from a fetch.
  public static func run(
    _ statement: SQLStatement, on connection: Connection, limits: QueryLimits, into writer: ResultWriter,
    external: ExternalDataOptions = .standard
  ) throws -> QueryRunSummary {
    let statement = try ExternalDataResolver.resolve(statement, on: connection, options: external)
    var truncated = false
    try connection.transaction(readOnly: true, statementTimeoutMilliseconds: limits.timeoutMilliseconds) { connection in
      try connection.stream(
        statement.text, PostgresBinding.postgresValues(statement.parameters),
        columns: { writer.begin(columns: fullNames($0, of: statement)) },
        row: { row in
          if Int64(writer.rowsWritten) >= limits.maxRows {
            truncated = true
            return false
          }
          writer.write(row)
          return true
        })
    }
    writer.end()
    return QueryRunSummary(rows: writer.rowsWritten, truncated: truncated)
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

  /// PostgreSQL's plan for a statement (`EXPLAIN`), one line per element, run read-only.
  ///
  /// Only `analyze`, which runs
  /// the statement, fetches `externaldata` inputs; a plain plan binds them as empty.
  public static func explain(_ statement: SQLStatement, on connection: Connection, analyze: Bool = false) throws
    -> [String]
  {
    let statement = analyze ? try ExternalDataResolver.resolve(statement, on: connection) : statement
    return try connection.transaction(readOnly: true, statementTimeoutMilliseconds: nil) { connection in
      let prefix = analyze ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN "
      let result = try connection.execute(prefix + statement.text, PostgresBinding.postgresValues(statement.parameters))
      return result.rows.map { $0[0] ?? "" }
    }
  }
}
