import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Functions that build or compare values element by element.
  ///
  /// Bits of a number, characters of a string, elements of arrays. Each answers Kusto's documented value for null or ill-typed input instead of letting PostgreSQL
  /// raise.
  mutating func elementwiseFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func json(_ index: Int) -> SQLFragment { dynamicArgument(index, of: arguments, scope) }
    switch function {
    case .bitCount:
      // bit(64) of a bigint is its two's-complement pattern.
      let value = argument(arguments, 0, scope).cast("bigint")
      return .atom("length(replace(" + value.cast("bit(64)").text + "::text, '0', ''))::bigint")
    case .repeatString:
      let value = argument(arguments, 0, scope)
      let times = argument(arguments, 1, scope).cast("bigint")
      let delimiter = argument(arguments, 2, scope)
      let operand = times.operand(.additive)
      return .atom(
        "CASE WHEN " + operand + " >= 1 THEN repeat(" + value.operand(.additive) + " || " + delimiter.operand(.additive)
          + ", least(" + times.text + ", 1024)::integer - 1) || " + value.operand(.additive) + " ELSE '' END")
    case .translateCharacters:
      let search = argument(arguments, 0, scope)
      let replacement = argument(arguments, 1, scope)
      let source = argument(arguments, 2, scope)
      // PostgreSQL's translate() drops characters without a counterpart; Kusto repeats the last replacement.
      let padded =
        "rpad(" + replacement.text + ", greatest(char_length(" + search.text + "), char_length(" + replacement.text
        + ")), right(" + replacement.text + ", 1))"
      return Self.function("translate", [source, search, .atom(padded)])
    case .repeatValue:
      let element = jsonElement(arguments[0], scope)
      let times = argument(arguments, 1, scope).cast("bigint")
      let alias = nextAlias()
      return .atom(
        "CASE WHEN " + times.operand(.additive) + " >= 0 THEN (SELECT coalesce(jsonb_agg(" + element.text
          + "), '[]'::jsonb) FROM generate_series(1, " + times.text + ") AS " + alias + "(i)) END")
    case .zipArrays:
      let arrays = arguments.indices.map(json)
      let alias = nextAlias()
      let longest = "greatest(" + arrays.map { "jsonb_array_length(" + $0.text + ")" }.joined(separator: ", ") + ")"
      let row =
        "jsonb_build_array("
        + arrays.map { $0.operand(.additive) + " -> " + alias + ".i" }.joined(
          separator: ", ") + ")"
      return .atom(
        "CASE WHEN " + arrays.map(Self.isJSONArray).joined(separator: " AND ") + " THEN (SELECT coalesce(jsonb_agg("
          + row
          + " ORDER BY " + alias + ".i), '[]'::jsonb) FROM generate_series(0, " + longest + " - 1) AS " + alias
          + "(i)) END")
    case .jaccardIndex:
      let first = json(0)
      let second = json(1)
      let alias = nextAlias()
      let distinct = { (array: SQLFragment) in
        "(SELECT DISTINCT e FROM jsonb_array_elements(" + array.text + ") AS x(e))"
      }
      // Two empty sets: 0 / 0, which .NET's double division makes NaN.
      return .atom(
        "CASE WHEN " + Self.isJSONArray(first) + " AND " + Self.isJSONArray(second)
          + " THEN (SELECT CASE WHEN count(*) = 0 THEN "
          + "'NaN'::double precision ELSE count(*) FILTER (WHERE " + alias + ".n = 2)::double precision / count(*) END"
          + " FROM (SELECT e, count(*) AS n FROM (" + distinct(first) + " UNION ALL " + distinct(second)
          + ") AS u GROUP BY e) AS " + alias + ") END")
    case .utf8Bytes:
      let bytes = Self.function("convert_to", [argument(arguments, 0, scope), .atom("'UTF8'")])
      let alias = nextAlias()
      return .atom(
        "(SELECT coalesce(jsonb_agg(get_byte(" + bytes.text + ", " + alias + ".i) ORDER BY " + alias
          + ".i), '[]'::jsonb)"
          + " FROM generate_series(0, length(" + bytes.text + ") - 1) AS " + alias + "(i))")
    case .codePoints:
      let text = argument(arguments, 0, scope)
      let alias = nextAlias()
      return .atom(
        "(SELECT coalesce(jsonb_agg(ascii(substr(" + text.text + ", " + alias + ".i, 1)) ORDER BY " + alias + ".i), "
          + "'[]'::jsonb) FROM generate_series(1, char_length(" + text.text + ")) AS " + alias + "(i))")
    case .codePointsToString:
      return codePointsToString(arguments, scope)
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .elementwise, at: $0) }
    }
  }

  /// `unicode_codepoints_to_string(values…)`: the arguments' code points gathered in one jsonb array (a number as a
  /// one-element array, a dynamic value only when it is an array), then each turned into its character; null when
  /// an argument is not an array or an element is not a code point PostgreSQL text can hold (an integer from 1 to
  /// 0x10FFFF outside the surrogates; null and NUL included).
  private mutating func codePointsToString(_ arguments: [ScalarExpression], _ scope: ExpressionScope) -> SQLFragment {
    var parts: [String] = []
    for (index, argument) in arguments.enumerated() {
      let value = self.argument(arguments, index, scope)
      guard argument.type == .dynamic else {
        parts.append("jsonb_build_array(" + value.text + ")")
        continue
      }
      // The value is read once: an array stays, anything else is null.
      let alias = nextAlias()
      parts.append(
        "SELECT CASE WHEN jsonb_typeof(" + alias + ".\"x\") = 'array' THEN " + alias + ".\"x\" END FROM (SELECT "
          + value.text + " AS \"x\") AS " + alias)
    }
    let values = nextAlias()
    let element = nextAlias()
    let point = element + ".\"v\""
    let valid =
      "jsonb_typeof(" + point + ") = 'number' AND " + point + "::text ~ '^[0-9]{1,7}$' AND " + point
      + "::text::integer BETWEEN 1 AND 1114111 AND " + point + "::text::integer NOT BETWEEN 55296 AND 57343"
    return .atom(
      "(SELECT CASE WHEN " + values + ".\"a\" IS NOT NULL THEN (SELECT CASE WHEN bool_and(" + valid
        + ") IS NOT FALSE THEN coalesce(string_agg(CASE WHEN " + valid + " THEN chr(" + point
        + "::text::integer) END, '' ORDER BY " + element + ".\"n\"), '') END FROM jsonb_array_elements(" + values
        + ".\"a\") WITH ORDINALITY AS " + element + "(\"v\", \"n\")) END FROM (SELECT "
        + parts.map { "(" + $0 + ")" }.joined(separator: " || ") + " AS \"a\") AS " + values + ")")
  }
}
