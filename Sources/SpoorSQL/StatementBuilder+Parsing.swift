import SpoorPlan

extension StatementBuilder {
  /// Kusto's `parse_url`, `parse_path`, `parse_command_line`, `parse_urlquery` and `parse_csv`.
  ///
  /// The first three call the SQL function of `migrations/0040_parse_functions.sql` that computes Kusto's `dynamic`
  /// result as jsonb on the server. Every argument is passed as text, literals as binds: `parse_command_line`'s
  /// parser type too, which the SQL function checks (only `"windows"` exists, as in Kusto; the KQL binder already
  /// refuses other literals).
  mutating func parsingFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    let name: String
    switch function {
    case .parseURL: name = "spoor.parse_url"
    case .parsePath: name = "spoor.parse_path"
    case .parseCommandLine: name = "spoor.parse_command_line"
    case .parseURLQuery:
      return .atom(
        "jsonb_build_object('Query Parameters', spoor.kql_query_parameters(" + text(of: arguments[0], scope).text
          + "))")
    case .parseCSV:
      return csvRecord(text(of: arguments[0], scope))
    default: return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .parsing, at: $0) }
    }
    var texts: [SQLFragment] = []
    for argument in arguments { texts.append(text(of: argument, scope)) }
    return Self.function(name, texts)
  }

  /// A CSV field: in double quotes (holding anything, a quote doubled), or without quotes, commas, carriage returns
  /// and line feeds.
  static let csvField = #"(?:"(?:[^"]|"")*"|[^,"\r\n]*)"#

  /// `parse_csv(text)`: the fields of the first record as a jsonb array of strings, null when the text does not
  /// start with a record of ``csvField``s separated by commas and ended by a line feed or the text's end.
  ///
  /// The record is matched whole first; its fields are then read one comma at a time (a comma put before the
  /// record keeps every match non-empty, so an empty field is never skipped).
  private mutating func csvRecord(_ source: SQLFragment) -> SQLFragment {
    let record = "^(" + Self.csvField + "(?:," + Self.csvField + ")*)(?:\\n|$)"
    let alias = nextAlias()
    let fields = nextAlias()
    let field = fields + ".\"m\"[1]"
    let value =
      "CASE WHEN left(" + field + ", 1) = '\"' THEN replace(substr(" + field + ", 2, length(" + field
      + ") - 2), '\"\"', '\"') ELSE " + field + " END"
    return .atom(
      "(SELECT (SELECT jsonb_agg(" + value + " ORDER BY " + fields + ".\"n\") FROM regexp_matches(',' || " + alias
        + ".\"r\", ',(" + Self.csvField + ")', 'g') WITH ORDINALITY AS " + fields + "(\"m\", \"n\")) FROM (SELECT "
        + "(regexp_match(" + source.text + ", '" + record + "'))[1] AS \"r\") AS " + alias + " WHERE " + alias
        + ".\"r\" IS NOT NULL)")
  }
}
