import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL
import SpoorXQL

/// Turns a hunt into the SQL the scheduler runs: the hunt's own statement for one ingest batch (``HuntStore``
/// wraps it so its rows become hits server-side).
public enum HuntStatementBuilder {
  /// Compiles `hunt` for one window.
  /// - Parameters:
  ///   - batch: the snapshot window; scans of event tables read only rows ingested in it.
  ///   - since: a lower bound on the query's time column (a first window's look-back), in µs since the epoch.
  ///   - now: the window's end, in µs since the epoch; `now()` and `ago()` in the hunt read it.
  ///   - rowLimit: a cap on the rows returned (ad-hoc runs); `nil` for scheduled windows, which record every row.
  ///   - storedQueries: what an XQL hunt's `call` reaches (the library's XQL hunts).
  ///   - read: runs a key discovery of KQL's `evaluate bag_unpack` (``Compilation/keyDiscovery``); without it
  ///     such a hunt does not translate.
  /// - Throws: ``HuntRunError/translation(huntID:rendered:)`` with the diagnostics, located in the hunt file.
  public static func statement(
    for hunt: Hunt, catalog: Catalog, batch: IngestBatch?, since: Int64?, now: Int64, rowLimit: Int64? = nil,
    storedQueries: XQLStoredQueries = .none, readingKeysWith read: ((SQLStatement) throws -> [[String?]])? = nil
  ) throws -> SQLStatement {
    var options = CompileOptions(now: now)
    options.rowLimit = rowLimit
    options.since = since
    options.ingestBatch = batch
    let source = hunt.querySource
    let compiler = Compiler(catalog: catalog, storedQueries: storedQueries)
    let compilation =
      try read.map { try compiler.compile(source, language: hunt.language, options: options, readingKeysWith: $0) }
      ?? compiler.compile(source, language: hunt.language, options: options)
    if compilation.keyDiscovery != nil {
      throw HuntRunError.translation(
        huntID: hunt.id,
        rendered: "evaluate bag_unpack reads the bag's keys from the database first; no database here")
    }
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
