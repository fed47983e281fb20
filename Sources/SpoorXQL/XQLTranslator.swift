import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// The XQL front end: text to the shared typed plan, or diagnostics.
public enum XQLTranslator {
  /// Parses and binds an XQL query against the catalog.
  ///
  /// Never throws or traps; problems are diagnostics.
  public static func bind(_ source: SourceText, catalog: Catalog) -> BindResult {
    let (query, parseDiagnostics) = XQLParser.parse(source)
    if parseDiagnostics.containsErrors { return BindResult(plan: nil, diagnostics: parseDiagnostics) }
    var binder = XQLBinder(catalog: catalog)
    var plan = binder.bindTopLevel(query)
    if let relation = plan?.relation, let exceeded = TranslationLimits.check(relation, at: query.span) {
      binder.report(exceeded)
      plan = nil
    }
    let diagnostics = (parseDiagnostics + binder.diagnostics).sorted { $0.span.start < $1.span.start }
    return BindResult(plan: diagnostics.containsErrors ? nil : plan, diagnostics: diagnostics)
  }
}
