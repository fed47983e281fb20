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
    return bind(query, syntaxDiagnostics: syntaxDiagnostics, catalog: catalog)
  }

  /// Binds a query ``KQLParser/parse(_:)`` already parsed, so a caller that checked the syntax first (before it
  /// had a catalog) does not parse twice.
  /// - Parameters:
  ///   - query: The syntax tree.
  ///   - syntaxDiagnostics: What the parser reported; they come first in the result.
  ///   - catalog: The tables and columns names are resolved against.
  public static func bind(_ query: KQLQuery, syntaxDiagnostics: [Diagnostic], catalog: Catalog) -> BindResult {
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
