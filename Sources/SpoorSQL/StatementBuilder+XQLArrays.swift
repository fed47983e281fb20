import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// XQL's array functions over jsonb arrays, `pow`, and the address tests.
  ///
  /// The functions that take an `"@element"` expression read the element through ``ExpressionScope/arrayElement``
  /// inside a correlated sub-select over `jsonb_array_elements`, so the expression may also use the row's fields.
  mutating func xqlArrayFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func json(_ index: Int) -> SQLFragment { dynamicArgument(index, of: arguments, scope) }
    /// A value as a JSON element: jsonb as it is, null as JSON null, other values through `to_jsonb`.
    func element(_ index: Int) -> SQLFragment {
      arguments[index].type == .dynamic
        ? scalar(arguments[index], scope)
        : Self.function(
          "coalesce", [Self.function("to_jsonb", [scalar(arguments[index], scope)]), .atom("'null'::jsonb")])
    }
    switch function {
    case .arrayCreate:
      return Self.function("jsonb_build_array", arguments.indices.map(element))
    case .objectCreate:
      var pairs: [SQLFragment] = []
      for index in stride(from: 0, to: arguments.count - 1, by: 2) {
        pairs.append(text(of: arguments[index], scope))
        pairs.append(element(index + 1))
      }
      // jsonb_build_object raises on a null key: an object with one is null.
      let keys = stride(from: 0, to: pairs.count, by: 2).map { pairs[$0].operand(.additive) + " IS NOT NULL" }
      return .atom(
        "CASE WHEN " + keys.joined(separator: " AND ") + " THEN " + Self.function("jsonb_build_object", pairs).text
          + " END")
    case .jsonText:
      return Self.function("to_json", [argument(arguments, 0, scope)]).cast("text")
    case .isIPv4, .isIPv6:
      let value = text(of: arguments[0], scope)
      let pattern = function == .isIPv4 ? Self.ipv4Pattern : Self.ipv6Pattern
      return Self.function("coalesce", [.atom(value.operand(.additive) + " ~ " + pattern), .atom("false")])
    case .power:
      let base = argument(arguments, 0, scope).cast("double precision").operand(.additive)
      let exponent = argument(arguments, 1, scope).cast("double precision").operand(.additive)
      let power = "power(" + base + ", " + exponent + ")"
      // Each case PostgreSQL would raise on is null: 0 to a negative power, a negative base to a fractional one, a
      // result beyond about 1e±304 (overflow or underflow).
      return .atom(
        "CASE WHEN " + base + " = 0 THEN CASE WHEN " + exponent + " >= 0 THEN " + power + " END WHEN " + base
          + " < 0 AND " + exponent + " <> trunc(" + exponent + ") THEN NULL WHEN abs(" + exponent + " * ln(abs("
          + base + "))) < 700 THEN " + power + " END")
    case .arrayJoin:
      let alias = nextAlias()
      let element =
        "CASE jsonb_typeof(" + alias + "._spoor_e) WHEN 'string' THEN " + alias + "._spoor_e #>> '{}' ELSE " + alias
        + "._spoor_e::text END"
      let delimiter = text(of: arguments[1], scope).text
      return overArray(json(0)) { array in
        "(SELECT coalesce(string_agg(" + element + ", " + delimiter + " ORDER BY " + alias + "._spoor_o), '') FROM "
          + "jsonb_array_elements(" + array + ") WITH ORDINALITY AS " + alias
          + "(_spoor_e, _spoor_o) WHERE jsonb_typeof(" + alias
          + "._spoor_e) <> 'null')"
      }
    case .arrayFlatten:
      let outer = nextAlias()
      let inner = nextAlias()
      // An element that is JSON text (json_extract_array's elements) is read as the JSON it holds.
      let parsed =
        "CASE WHEN jsonb_typeof(" + outer + "._spoor_e) = 'string' THEN spoor.parse_json(" + outer
        + "._spoor_e #>> '{}') ELSE " + outer + "._spoor_e END"
      return overArray(json(0)) { array in
        "(SELECT CASE WHEN count(*) FILTER (WHERE jsonb_typeof(" + outer
          + "._spoor_a) IS DISTINCT FROM 'array') = 0 THEN "
          + "coalesce(jsonb_agg(" + inner + "._spoor_e ORDER BY " + outer + "._spoor_o, " + inner
          + "._spoor_p) FILTER (WHERE " + inner
          + "._spoor_e IS NOT NULL), '[]'::jsonb) END FROM (SELECT " + outer + "._spoor_o, " + parsed
          + " AS _spoor_a FROM "
          + "jsonb_array_elements(" + array + ") WITH ORDINALITY AS " + outer + "(_spoor_e, _spoor_o)) AS " + outer
          + " LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(" + outer + "._spoor_a) = 'array' THEN "
          + outer
          + "._spoor_a END) WITH ORDINALITY AS " + inner + "(_spoor_e, _spoor_p) ON true)"
      }
    case .arrayMap, .arrayFilter, .arrayAny, .arrayAll, .arrayFirstIndex:
      guard arguments.count == 2 else { return .null }
      let source = json(0)
      let alias = nextAlias()
      var inner = scope
      inner.arrayElement = .atom("(" + alias + "._spoor_e #>> '{}')")
      let body = arguments[1]
      let value = scalar(body, inner)
      let holds = value.operand(.additive) + " IS TRUE"
      return overArray(source) { array in
        let elements = " FROM jsonb_array_elements(" + array + ") WITH ORDINALITY AS " + alias + "(_spoor_e, _spoor_o)"
        switch function {
        case .arrayMap:
          let mapped = body.type == .dynamic ? value.text : "to_jsonb(" + value.text + ")"
          return "(SELECT coalesce(jsonb_agg(" + mapped + " ORDER BY " + alias + "._spoor_o), '[]'::jsonb)" + elements
            + ")"
        case .arrayFilter:
          return "(SELECT coalesce(jsonb_agg(" + alias + "._spoor_e ORDER BY " + alias + "._spoor_o), '[]'::jsonb)"
            + elements
            + " WHERE " + holds + ")"
        case .arrayAny:
          return "EXISTS (SELECT 1" + elements + " WHERE " + holds + ")"
        case .arrayAll:
          return "NOT EXISTS (SELECT 1" + elements + " WHERE " + value.operand(.additive) + " IS NOT TRUE)"
        default:
          return "coalesce((SELECT " + alias + "._spoor_o - 1" + elements + " WHERE " + holds + " ORDER BY " + alias
            + "._spoor_o LIMIT 1), -1)"
        }
      }
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .xqlArray, at: $0) }
    }
  }

  /// `body` of the array, which the SQL computes once: null when the value is not a JSON array.
  private mutating func overArray(_ source: SQLFragment, _ body: (String) -> String) -> SQLFragment {
    let alias = nextAlias()
    let array = alias + "._spoor_a"
    return .atom(
      "(SELECT CASE WHEN jsonb_typeof(" + array + ") = 'array' THEN " + body(array) + " END FROM (SELECT "
        + source.text + " AS _spoor_a) AS " + alias + ")")
  }
}
