import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// The KQL front end: text in, typed plan (or diagnostics) out.
public enum KQLTranslator {
  /// Parses and binds a KQL query against the catalog; never throws and never crashes.
  /// - Parameters:
  ///   - source: The query text.
  ///   - catalog: The tables and columns names are resolved against.
  ///   - bagKeys: The keys of bag columns read so far (`evaluate bag_unpack`), by their discovery relation.
  /// - Returns: The plan when there were no errors, and every diagnostic (syntax errors first, then binding
  ///   errors, warnings and notes); or, when a `bag_unpack` needs keys not given, the discovery that reads them.
  public static func bind(
    _ source: SourceText, catalog: Catalog, bagKeys: [Relation: [BagKey]] = [:], parameters: QueryParameters = .none
  ) -> BindResult {
    let (query, syntaxDiagnostics) = KQLParser.parse(source)
    return bind(
      query, syntaxDiagnostics: syntaxDiagnostics, catalog: catalog, bagKeys: bagKeys, parameters: parameters)
  }

  /// Binds a query ``KQLParser/parse(_:)`` already parsed, so a caller that checked the syntax first (before it
  /// had a catalog) does not parse twice.
  /// - Parameters:
  ///   - query: The syntax tree.
  ///   - syntaxDiagnostics: What the parser reported; they come first in the result.
  ///   - catalog: The tables and columns names are resolved against.
  ///   - bagKeys: The keys of bag columns read so far (`evaluate bag_unpack`), by their discovery relation.
  ///   - parameters: The values of the names `declare query_parameters` declares.
  public static func bind(
    _ query: KQLQuery, syntaxDiagnostics: [Diagnostic], catalog: Catalog, bagKeys: [Relation: [BagKey]] = [:],
    parameters: QueryParameters = .none
  ) -> BindResult {
    var binder = KQLBinder(catalog: catalog, bagKeys: bagKeys)
    binder.queryParameters = parameters
    var plan = binder.bind(query)
    if let relation = plan?.relation, let exceeded = TranslationLimits.check(relation, at: query.span) {
      binder.report(exceeded)
      plan = nil
    }
    let diagnostics = syntaxDiagnostics + binder.diagnostics
    if let discovery = binder.keyDiscovery, !diagnostics.containsErrors {
      return BindResult(plan: nil, diagnostics: diagnostics, keyDiscovery: discovery)
    }
    return BindResult(plan: diagnostics.containsErrors ? nil : plan, diagnostics: diagnostics)
  }
}
