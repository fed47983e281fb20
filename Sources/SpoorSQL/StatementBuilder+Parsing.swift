import SpoorPlan

extension StatementBuilder {
  /// Kusto's `parse_url`, `parse_path` and `parse_command_line`: a call of the SQL function of
  /// `migrations/0040_parse_functions.sql` that computes Kusto's `dynamic` result as jsonb on the server.
  ///
  /// Every argument is passed as text, literals as binds: `parse_command_line`'s parser type too, which the SQL
  /// function checks (only `"windows"` exists, as in Kusto; the KQL binder already refuses other literals).
  mutating func parsingFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    let name: String
    switch function {
    case .parseURL: name = "spoor.parse_url"
    case .parsePath: name = "spoor.parse_path"
    case .parseCommandLine: name = "spoor.parse_command_line"
    default: return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .parsing, at: $0) }
    }
    var texts: [SQLFragment] = []
    for argument in arguments { texts.append(text(of: argument, scope)) }
    return Self.function(name, texts)
  }
}
