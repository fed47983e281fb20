import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// The KQL front end: text in, typed plan (or diagnostics) out.
public enum KQLTranslator {
  /// Parses and binds a KQL query against the catalog; never throws and never crashes.
  /// - Parameters:
  ///   - source: The query text.
  ///   - catalog: The tables and columns names are resolved against.
  /// - Returns: The plan when there were no errors, and every diagnostic (syntax errors first, then binding
  ///   errors, warnings and notes).
  public static func bind(_ source: SourceText, catalog: Catalog) -> BindResult {
    let (query, syntaxDiagnostics) = KQLParser.parse(source)
    var binder = KQLBinder(catalog: catalog)
    var plan = binder.bind(query)
    if let relation = plan?.relation, let exceeded = TranslationLimits.check(relation, at: query.span) {
      binder.report(exceeded)
      plan = nil
    }
    let diagnostics = syntaxDiagnostics + binder.diagnostics
    return BindResult(plan: diagnostics.containsErrors ? nil : plan, diagnostics: diagnostics)
  }
}
