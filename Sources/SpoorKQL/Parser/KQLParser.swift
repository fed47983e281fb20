import SpoorDiagnostics

/// Parses KQL text into a ``KQLQuery`` syntax tree; never throws and never crashes.
///
/// A hand-written recursive-descent parser with precedence climbing. Errors become diagnostics (at most 20,
/// one per token position) and missing parts become ``KQLExpression/Kind/missing`` nodes, so one mistake does not
/// hide the rest of the query. `and`/`or` chains are parsed iteratively into flat nodes.
public enum KQLParser {
  /// Parses a whole query.
  /// - Parameter source: The query text.
  /// - Returns: The syntax tree and the syntax diagnostics (empty when the text is well formed).
  public static func parse(_ source: SourceText) -> (query: KQLQuery, diagnostics: [Diagnostic]) {
    var state = KQLParserState(tokens: KQLLexer.tokenize(source))
    let query = state.parseQuery()
    return (query, state.diagnostics)
  }
}
