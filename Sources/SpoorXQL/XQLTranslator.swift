import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// The XQL front end: text to the shared typed plan, or diagnostics.
public enum XQLTranslator {
  /// Parses and binds an XQL query against the catalog.
  ///
  /// Never throws or traps; problems are diagnostics.
  /// - Parameter storedQueries: what `call "name"` can reach.
  public static func bind(
    _ source: SourceText, catalog: Catalog, storedQueries: XQLStoredQueries = .none,
    parameters: QueryParameters = .none
  ) -> BindResult {
    let (query, parseDiagnostics) = XQLParser.parse(source)
    return bind(
      query, syntaxDiagnostics: parseDiagnostics, catalog: catalog, storedQueries: storedQueries,
      parameters: parameters)
  }

  /// Binds a query ``XQLParser/parse(_:)`` already parsed, so a caller that checked the syntax first (before it
  /// had a catalog) does not parse twice.
  /// - Parameters:
  ///   - syntaxDiagnostics: What the parser reported; with an error among them nothing is bound.
  ///   - storedQueries: what `call "name"` can reach.
  ///   - parameters: the values of the query's `$name` parameters.
  public static func bind(
    _ query: XQLQuery, syntaxDiagnostics parseDiagnostics: [Diagnostic], catalog: Catalog,
    storedQueries: XQLStoredQueries = .none, parameters: QueryParameters = .none
  ) -> BindResult {
    if parseDiagnostics.containsErrors { return BindResult(plan: nil, diagnostics: parseDiagnostics) }
    var binder = XQLBinder(catalog: catalog, storedQueries: storedQueries, queryParameters: parameters)
    var plan = binder.bindTopLevel(query)
    if let relation = plan?.relation, let exceeded = TranslationLimits.check(relation, at: query.span) {
      binder.report(exceeded)
      plan = nil
    }
    let diagnostics = (parseDiagnostics + binder.diagnostics).sorted { $0.span.start < $1.span.start }
    return BindResult(plan: diagnostics.containsErrors ? nil : plan, diagnostics: diagnostics)
  }

  /// The `preset = …` names, sorted; each is a filtered view of `xdr_data` with its fields.
  public static var presetNames: [String] { XQLPreset.all.keys.sorted() }

  /// The catalog tables `dataset = …` is meant for, sorted: those with an `_time` column (`xdr_data`, the raw
  /// datasets, and tables a user's migration adds in the same shape).
  ///
  /// Any catalog table resolves; this is what
  /// `spoor schema --lang xql` lists.
  public static func datasetNames(in catalog: Catalog) -> [String] {
    catalog.tableNames.filter { catalog.table(named: $0)?.column(named: "_time")?.type == .datetime }
  }
}
