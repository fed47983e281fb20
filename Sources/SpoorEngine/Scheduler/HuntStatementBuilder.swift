import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL

/// Turns a hunt into the SQL the scheduler runs: the hunt's own statement for one ingest batch, wrapped so
/// its rows become hits server-side.
public enum HuntStatementBuilder {
  /// Compiles `hunt` for one window.
  /// - Parameters:
  ///   - batch: the snapshot window; scans of event tables read only rows ingested in it.
  ///   - since: a lower bound on the query's time column (a first window's look-back), in µs since the epoch.
  ///   - now: the window's end, in µs since the epoch; `now()` and `ago()` in the hunt read it.
  ///   - rowLimit: a cap on the rows returned (ad-hoc runs); `nil` for scheduled windows, which record every row.
  ///   - read: runs a key discovery of KQL's `evaluate bag_unpack` (``Compilation/keyDiscovery``); without it
  ///     such a hunt does not translate.
  /// - Throws: ``HuntRunError/translation(huntID:rendered:)`` with the diagnostics, located in the hunt file.
  public static func statement(
    for hunt: Hunt, catalog: Catalog, batch: IngestBatch?, since: Int64?, now: Int64, rowLimit: Int64? = nil,
    readingKeysWith read: ((SQLStatement) throws -> [[String?]])? = nil
  ) throws -> SQLStatement {
    var options = CompileOptions(now: now)
    options.rowLimit = rowLimit
    options.since = since
    options.ingestBatch = batch
    let source = hunt.querySource
    let compiler = Compiler(catalog: catalog)
    let compilation =
      try read.map { try compiler.compile(source, language: hunt.language, options: options, readingKeysWith: $0) }
      ?? compiler.compile(source, language: hunt.language, options: options)
    if compilation.keyDiscovery != nil {
      throw HuntRunError.translation(
        huntID: hunt.id,
        rendered: "evaluate bag_unpack reads the bag's keys from the database first; no database here")
    }
    guard compilation.succeeded, let statement = compilation.statement else {
      let errors = compilation.diagnostics.filter(\.isError)
      throw HuntRunError.translation(
        huntID: hunt.id, rendered: DiagnosticRenderer(colored: false).render(errors, in: source))
    }
    return statement
  }

  /// The statement that records a window's hits: it runs the hunt's SQL (parameters `$1…$n`), inserts each row
  /// as `spoor.hunt_hits` keyed by the md5 of its jsonb text (`$n+1` hunt id, `$n+2` run id), skips rows
  /// already recorded, and returns `rows` (rows the hunt returned) and `new_hits` (rows inserted).
  public static func insertHitsSQL(huntSQL: String, parameterCount: Int) -> String {
    var body = Substring(huntSQL)
    while let last = body.last, last == ";" || last.isWhitespace { body = body.dropLast() }
    let hunt = "$\(parameterCount + 1)"
    let run = "$\(parameterCount + 2)"
    return """
      WITH matched AS (
        SELECT to_jsonb(hunt_row) AS row_json FROM (
      \(body)
        ) AS hunt_row
      ), inserted AS (
        INSERT INTO spoor.hunt_hits (hunt_id, run_id, detected_at, "row", hit_key)
        SELECT \(hunt)::text, \(run)::bigint, now(), row_json, md5(row_json::text) FROM matched
        ON CONFLICT (hunt_id, hit_key) DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM matched) AS rows, (SELECT count(*) FROM inserted) AS new_hits
      """
  }
}
