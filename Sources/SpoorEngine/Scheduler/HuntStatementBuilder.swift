import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL

/// Turns a hunt into the SQL the scheduler runs: the hunt's own statement for one ingest batch (``HuntStore``
/// wraps it so its rows become hits server-side).
public enum HuntStatementBuilder {
  /// Compiles `hunt` for one window.
  /// - Parameters:
  ///   - batch: the snapshot window; scans of event tables read only rows ingested in it.
  ///   - since: a lower bound on the query's time column (a first window's look-back), in µs since the epoch.
  ///   - now: the window's end, in µs since the epoch; `now()` and `ago()` in the hunt read it.
  ///   - rowLimit: a cap on the rows returned (ad-hoc runs); `nil` for scheduled windows, which record every row.
  /// - Throws: ``HuntRunError/translation(huntID:rendered:)`` with the diagnostics, located in the hunt file.
  public static func statement(
    for hunt: Hunt, catalog: Catalog, batch: IngestBatch?, since: Int64?, now: Int64, rowLimit: Int64? = nil
  ) throws -> SQLStatement {
    var options = CompileOptions(now: now)
    options.rowLimit = rowLimit
    options.since = since
    options.ingestBatch = batch
    let source = hunt.querySource
    let compilation = Compiler(catalog: catalog).compile(source, language: hunt.language, options: options)
    return try requireStatement(compilation, huntID: hunt.id)
  }

  /// The statement of a hunt's compilation.
  /// - Throws: ``HuntRunError/translation(huntID:rendered:)`` with the errors, located in the hunt file.
  public static func requireStatement(_ compilation: Compilation, huntID: String) throws -> SQLStatement {
    guard compilation.succeeded, let statement = compilation.statement else {
      let errors = compilation.diagnostics.filter(\.isError)
      throw HuntRunError.translation(
        huntID: huntID, rendered: DiagnosticRenderer(colored: false).render(errors, in: compilation.source))
    }
    return statement
  }
}
