import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// `strcmp`, the array rotations and shifts, `array_iff` and `bag_set_key`.
  ///
  /// The array functions read the jsonb array element by element (`WITH ORDINALITY`, 1-based) and build the result
  /// with `jsonb_agg` in the new order; an empty array stays `[]`.
  mutating func arrayFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func json(_ index: Int) -> SQLFragment { dynamicArgument(index, of: arguments, scope) }
    switch function {
    case .stringCompare:
      return Self.function("spoor.kql_strcmp", [text(of: arguments[0], scope), text(of: arguments[1], scope)])
    case .arrayRotate(let toLeft):
      let array = json(0)
      let count = long(arguments, 1, scope)
      let alias = nextAlias()
      // Rotating left by n moves the element at index j to (j - n) mod length; right, to (j + n) mod length.
      let length = "jsonb_array_length(" + array.text + ")"
      let moved = "(" + alias + ".o - 1 " + (toLeft ? "- " : "+ ") + count.operand(.multiplicative) + ")"
      return .atom(
        "CASE WHEN " + Self.isJSONArray(array) + " AND " + count.operand(.comparison) + " IS NOT NULL THEN (SELECT "
          + "coalesce(jsonb_agg(" + alias + ".e ORDER BY (" + moved + " % " + length + " + " + length + ") % "
          + length + "), '[]'::jsonb) FROM jsonb_array_elements(" + array.text + ") WITH ORDINALITY AS " + alias
          + "(e, o)) END")
    case .arrayShift(let toLeft):
      let array = json(0)
      let count = long(arguments, 1, scope)
      let fill = jsonElement(arguments[2], scope)
      let alias = nextAlias()
      // The new element i is the old element i + n (left) or i - n (right) where that index exists; n is first
      // clamped to ±length so that the index arithmetic cannot overflow.
      let length = "jsonb_array_length(" + array.text + ")"
      let clamped = "greatest(least(" + count.text + ", " + length + "), -" + length + ")"
      let source = "(" + alias + ".i " + (toLeft ? "+ " : "- ") + clamped + ")"
      return .atom(
        "CASE WHEN " + Self.isJSONArray(array) + " AND " + count.operand(.comparison) + " IS NOT NULL THEN (SELECT "
          + "coalesce(jsonb_agg(CASE WHEN " + source + " BETWEEN 0 AND " + length + " - 1 THEN "
          + array.operand(.additive)
          + " -> " + source + "::integer ELSE " + fill.text + " END ORDER BY " + alias + ".i), '[]'::jsonb) FROM "
          + "generate_series(0, " + length + " - 1) AS " + alias + "(i)) END")
    case .arrayIff:
      let conditions = json(0)
      let alias = nextAlias()
      let branches = [1, 2].map { index -> String in
        let value = jsonElement(arguments[index], scope)
        return "CASE WHEN " + Self.isJSONArray(value) + " THEN " + value.operand(.additive) + " -> (" + alias
          + ".o - 1)::integer ELSE " + value.text + " END"
      }
      let element = alias + ".e"
      return .atom(
        "CASE WHEN " + Self.isJSONArray(conditions) + " THEN (SELECT coalesce(jsonb_agg(CASE jsonb_typeof(" + element
          + ") WHEN 'boolean' THEN CASE WHEN " + element + " = 'true'::jsonb THEN " + branches[0] + " ELSE "
          + branches[1] + " END WHEN 'number' THEN CASE WHEN (" + element + ")::numeric <> 0 THEN " + branches[0]
          + " ELSE " + branches[1] + " END END ORDER BY " + alias + ".o), '[]'::jsonb) FROM jsonb_array_elements("
          + conditions.text + ") WITH ORDINALITY AS " + alias + "(e, o)) END")
    case .bagSetKey:
      let bag = json(0)
      let pair = Self.function("jsonb_build_object", [text(of: arguments[1], scope), jsonElement(arguments[2], scope)])
      return .atom(
        "CASE WHEN jsonb_typeof(" + bag.text + ") = 'object' THEN " + bag.operand(.additive) + " || "
          + pair.operand(.additive) + " END")
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .array, at: $0) }
    }
  }
}
