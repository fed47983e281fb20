import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Argument `index` of a call as a jsonb value (converted from its type as `todynamic` would), or SQL null when
  /// the call has fewer arguments: the one way the dynamic, element-wise and XQL array functions read arguments.
  mutating func dynamicArgument(_ index: Int, of arguments: [ScalarExpression], _ scope: ExpressionScope)
    -> SQLFragment
  {
    guard index < arguments.count else { return .null }
    return convert(
      scalar(arguments[index], scope), from: arguments[index].type, to: .dynamic, span: arguments[index].span)
  }

  /// The condition that a jsonb value is an array.
  static func isJSONArray(_ value: SQLFragment) -> String {
    "jsonb_typeof(" + value.text + ") = 'array'"
  }

  /// Functions over `dynamic` (jsonb) values.
  mutating func dynamicFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func json(_ index: Int) -> SQLFragment { dynamicArgument(index, of: arguments, scope) }
    switch function {
    case .memberAccess:
      return SQLFragment(
        json(0).operand(.additive) + " -> " + text(of: arguments[1], scope).operand(.additive),
        .concat)
    case .memberText:
      let key =
        arguments[1].type.isNumeric ? scalar(arguments[1], scope).cast("integer") : text(of: arguments[1], scope)
      return SQLFragment(json(0).operand(.additive) + " ->> " + key.operand(.additive), .concat)
    case .mergeObjects:
      let objects = (0..<2).map { index -> String in
        let value = json(index).operand(.atom)
        return "CASE WHEN jsonb_typeof(" + value + ") = 'object' THEN " + value + " ELSE '{}'::jsonb END"
      }
      return SQLFragment("(" + objects[0] + ") || (" + objects[1] + ")", .concat)
    case .indexAccess:
      guard arguments.count == 2 else { return .null }
      let index = scalar(arguments[1], scope)
      let key = arguments[1].type == .string ? index : index.cast("integer")
      return SQLFragment(json(0).operand(.additive) + " -> " + key.operand(.additive), .concat)
    case .arrayLength:
      let value = json(0)
      return .atom(
        "CASE WHEN jsonb_typeof(" + value.text + ") = 'array' THEN jsonb_array_length(" + value.text
          + ") END"
      )
      .cast(Self.shortTypeName(expression.type))
    case .bagKeys:
      let value = json(0)
      let alias = nextAlias()
      return .atom(
        "CASE WHEN jsonb_typeof(" + value.text + ") = 'object' THEN (SELECT coalesce(jsonb_agg("
          + alias
          + ".k), '[]'::jsonb) FROM jsonb_object_keys(" + value.text + ") AS " + alias + "(k)) END")
    case .packArray:
      return Self.function("jsonb_build_array", arguments.map { jsonElement($0, scope) })
    case .bagPack:
      var items: [SQLFragment] = []
      for index in stride(from: 0, to: arguments.count - 1, by: 2) {
        // A key is a string, never null in Kusto: jsonb_build_object would raise on a null key.
        items.append(Self.function("coalesce", [text(of: arguments[index], scope), .atom("''")]))
        items.append(jsonElement(arguments[index + 1], scope))
      }
      return items.isEmpty ? .atom("'{}'::jsonb") : Self.function("jsonb_build_object", items)
    case .arrayConcat, .setUnion, .setIntersect, .setDifference:
      return arrayCombination(function, arguments.indices.map(json))
    case .arrayReverse:
      let array = json(0)
      let alias = nextAlias()
      return .atom(
        "CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN (SELECT coalesce(jsonb_agg(" + alias + ".e ORDER BY "
          + alias + ".o DESC), '[]'::jsonb) FROM jsonb_array_elements(" + array.text + ") WITH ORDINALITY AS " + alias
          + "(e, o)) END")
    case .arraySum:
      let array = json(0)
      let alias = nextAlias()
      return .atom(
        "CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN (SELECT CASE WHEN bool_and(jsonb_typeof(" + alias
          + ".e) = 'number') IS NOT FALSE THEN coalesce(sum(CASE WHEN jsonb_typeof(" + alias + ".e) = 'number' THEN ("
          + alias + ".e)::double precision END ORDER BY " + alias
          + ".o), 0) END FROM jsonb_array_elements(" + array.text + ") WITH ORDINALITY AS " + alias + "(e, o)) END")
    case .bagRemoveKeys:
      return Self.function("spoor.kql_bag_remove_keys", [json(0), json(1)])
    case .bagWithoutNullOrEmpty:
      let value = json(0)
      let alias = nextAlias()
      return .atom(
        "(SELECT coalesce(jsonb_object_agg(" + alias + ".key, " + alias + ".value), '{}'::jsonb) FROM jsonb_each("
          + value.text + ") AS " + alias + " WHERE " + alias + ".value NOT IN ('null'::jsonb, '\"\"'::jsonb))")
    case .bagMerge:
      let bags = arguments.indices.map(json)
      let allBags = bags.map { "jsonb_typeof(" + $0.text + ") = 'object'" }.joined(separator: " AND ")
      // jsonb's `||` keeps the right operand's value of a shared key: the bags are joined right to left.
      return .atom(
        "CASE WHEN " + allBags + " THEN " + bags.reversed().map { $0.operand(.additive) }.joined(separator: " || ")
          + " END")
    case .arraySlice:
      let array = json(0)
      let alias = nextAlias()
      let length = "jsonb_array_length(" + array.text + ")"
      func index(_ position: Int) -> String {
        let value = long(arguments, position, scope).operand(.additive)
        return "CASE WHEN " + value + " < 0 THEN " + length + " + " + value + " ELSE " + value + " END"
      }
      return .atom(
        "CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN (SELECT coalesce(jsonb_agg(" + alias + ".e ORDER BY "
          + alias + ".o), '[]'::jsonb) FROM jsonb_array_elements(" + array.text + ") WITH ORDINALITY AS " + alias
          + "(e, o) WHERE " + alias + ".o - 1 BETWEEN " + index(1) + " AND " + index(2) + ") END")
    case .arrayIndexOf:
      let array = json(0)
      let alias = nextAlias()
      let start = arguments.count > 2 ? long(arguments, 2, scope) : .atom("0")
      let length = arguments.count > 3 ? long(arguments, 3, scope) : .atom("-1")
      let occurrence = arguments.count > 4 ? long(arguments, 4, scope) : .atom("1")
      let first =
        "greatest(CASE WHEN " + start.operand(.additive) + " < 0 THEN jsonb_array_length(" + array.text + ") + "
        + start.operand(.additive) + " ELSE " + start.operand(.additive) + " END, 0)"
      let position = alias + ".o - 1"
      return .atom(
        "CASE WHEN jsonb_typeof(" + array.text + ") = 'array' AND " + length.operand(.additive) + " >= -1 AND "
          + occurrence.operand(.additive) + " >= 1 THEN coalesce((SELECT " + position + " FROM jsonb_array_elements("
          + array.text + ") WITH ORDINALITY AS " + alias + "(e, o) WHERE " + alias + ".e = "
          + jsonElement(arguments[1], scope).text + " AND " + position + " >= " + first + " AND ("
          + length.operand(.additive) + " = -1 OR " + position + " < " + first + " + " + length.operand(.additive)
          + ") ORDER BY " + alias + ".o OFFSET " + occurrence.operand(.additive) + " - 1 LIMIT 1), -1) END")
    case .inArray(let caseSensitive):
      let array = json(1)
      let alias = nextAlias()
      let elements =
        "jsonb_array_elements(CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN " + array.text + " END) AS "
        + alias + "(e)"
      let match: String
      if caseSensitive {
        match = alias + ".e = " + jsonElement(arguments[0], scope).text
      } else {
        let element =
          "CASE jsonb_typeof(" + alias + ".e) WHEN 'string' THEN " + alias + ".e #>> '{}' ELSE " + alias
          + ".e::text END"
        match = "lower(" + element + ") = lower(" + text(of: arguments[0], scope).text + ")"
      }
      return .atom("EXISTS (SELECT 1 FROM " + elements + " WHERE " + match + ")")
    case .termsInArray(let all, let caseSensitive):
      // The pattern ``runtimeTermPattern(_:)`` builds per term, as for the rows of a sub-query.
      let array = json(1)
      let alias = nextAlias()
      let element =
        "CASE jsonb_typeof(" + alias + ".e) WHEN 'string' THEN " + alias + ".e #>> '{}' ELSE " + alias + ".e::text END"
      let op = (caseSensitive ? " ~ " : " ~* ") + (all ? "ALL" : "ANY")
      return SQLFragment(
        text(of: arguments[0], scope).operand(.additive) + op + " (SELECT " + Self.runtimeTermPattern(.atom(element))
          + " FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN " + array.text
          + " END) AS " + alias + "(e) WHERE jsonb_typeof(" + alias + ".e) <> 'null')", .comparison)
    case .strcatArray:
      let array = json(0)
      let alias = nextAlias()
      let element =
        "CASE jsonb_typeof(" + alias + ".e) WHEN 'string' THEN " + alias + ".e #>> '{}' WHEN 'null' THEN '' ELSE "
        + alias + ".e::text END"
      return .atom(
        "coalesce(CASE WHEN jsonb_typeof(" + array.text + ") = 'array' THEN (SELECT string_agg(" + element + ", "
          + text(of: arguments[1], scope).text + " ORDER BY " + alias + ".o) FROM jsonb_array_elements(" + array.text
          + ") WITH ORDINALITY AS " + alias + "(e, o)) END, '')")
    case .bagHasKey:
      guard let key = Self.stringLiteral(arguments[1]) else { return nonConstant("bag_has_key", "key", expression) }
      // A key starting with `$` is a JSONPath of members.
      guard let path = key.hasPrefix("$") ? Self.jsonPathKeys(key) : [key], let last = path.last else {
        return refuse(expression) { SQLDiagnostics.bagKeyNotPlain(key, at: $0) }
      }
      let parent =
        path.count == 1
        ? json(0)
        : SQLFragment(json(0).operand(.additive) + " #> " + bind(.stringList(Array(path.dropLast()))).text, .concat)
      return Self.function(
        "coalesce",
        [
          .atom(
            "jsonb_typeof(" + parent.text + ") = 'object' AND " + parent.operand(.additive) + " ? "
              + bind(.string(last)).text),
          .atom("false"),
        ])
    case .fileProfile:
      return Self.function("spoor.file_profile", [text(of: arguments[0], scope), argument(arguments, 1, scope)])
    case .dynamicTypeName:
      // Kusto reads a JSON integer as int when it fits 32 bits, as long otherwise; any other number is real.
      let value = json(0)
      let text = SQLFragment(value.operand(.additive) + " #>> '{}'", .concat)
      return .atom(
        "CASE jsonb_typeof(" + value.text + ") WHEN 'object' THEN 'dictionary' WHEN 'array' THEN 'array' "
          + "WHEN 'string' THEN 'string' WHEN 'boolean' THEN 'bool' WHEN 'number' THEN CASE WHEN " + text.text
          + " ~ '^-?[0-9]+$' THEN CASE WHEN (" + value.text + ")::numeric BETWEEN -2147483648 AND 2147483647 "
          + "THEN 'int' ELSE 'long' END ELSE 'real' END ELSE 'null' END")
    case .extractJSON:
      guard arguments.count == 2, let path = Self.stringLiteral(arguments[0]) else {
        return nonConstant("extract_json", "JSON path", expression)
      }
      guard let keys = Self.jsonPathKeys(path) else {
        return refuse(expression) { SQLDiagnostics.jsonPathNotPlain("extract_json", path: path, at: $0) }
      }
      // Text that is not JSON is read as a JSON string by spoor.parse_json, which has no members: "".
      let found = SQLFragment(
        json(1).operand(.additive) + " #> " + bind(.stringList(keys)).text, .concat)
      let asText = SQLFragment(found.operand(.additive) + " #>> '{}'", .concat)
      return Self.function(
        "coalesce",
        [
          .atom(
            "CASE jsonb_typeof(" + found.text + ") WHEN 'string' THEN " + asText.text + " ELSE "
              + found.cast("text").text + " END"), .atom("''"),
        ])
    case .jsonExtract, .jsonExtractScalar, .jsonExtractArray:
      guard arguments.count == 2, let path = Self.stringLiteral(arguments[1]) else {
        return nonConstant(Self.name(of: function), "JSON path", expression)
      }
      guard let keys = Self.jsonPathKeys(path) else {
        return refuse(expression) { SQLDiagnostics.jsonPathNotPlain(Self.name(of: function), path: path, at: $0) }
      }
      let found = SQLFragment(
        json(0).operand(.additive) + " #> " + bind(.stringList(keys)).text, .concat)
      switch function {
      case .jsonExtract:
        // As JSON text, a JSON null is SQL null (BigQuery's JSON_EXTRACT, under XQL's json_extract).
        return expression.type == .dynamic ? found : Self.function("nullif", [found.cast("text"), .atom("'null'")])
      case .jsonExtractScalar:
        let text = SQLFragment(
          json(0).operand(.additive) + " #>> " + bind(.stringList(keys)).text, .concat)
        return .atom(
          "CASE WHEN jsonb_typeof(" + found.text + ") IN ('object', 'array') THEN NULL ELSE "
            + text.text + " END")
      default:
        let alias = nextAlias()
        return .atom(
          "CASE WHEN jsonb_typeof(" + found.text + ") = 'array' THEN (SELECT coalesce(jsonb_agg("
            + alias
            + ".e::text), '[]'::jsonb) FROM jsonb_array_elements(" + found.text + ") AS " + alias
            + "(e)) END")
      }
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .dynamic, at: $0) }
    }
  }

  /// A value as a JSON element of a packed array or bag: numbers and booleans as JSON, strings as JSON strings
  /// ("" for a null string, as Kusto strings are never null), datetimes and timespans as their Kusto text.
  mutating func jsonElement(_ expression: ScalarExpression, _ scope: ExpressionScope) -> SQLFragment {
    switch expression.type {
    case .dynamic:
      return scalar(expression, scope)
    case .string, .guid:
      return Self.function("to_jsonb", [Self.function("coalesce", [text(of: expression, scope), .atom("''")])])
    case .datetime, .timespan:
      return Self.function("to_jsonb", [text(of: expression, scope)])
    default:
      return Self.function("to_jsonb", [scalar(expression, scope)])
    }
  }

  /// `array_concat` and the set functions over jsonb arrays: null unless every argument is an array; the set
  /// functions keep each distinct element once, in order of first appearance.
  private mutating func arrayCombination(_ function: ScalarFunction, _ arrays: [SQLFragment]) -> SQLFragment {
    guard let first = arrays.first else { return .null }
    let allArrays = arrays.map { "jsonb_typeof(" + $0.text + ") = 'array'" }.joined(separator: " AND ")
    let concatenated = arrays.map { $0.operand(.additive) }.joined(separator: " || ")
    let alias = nextAlias()
    let body: String
    switch function {
    case .arrayConcat:
      body = arrays.count == 1 ? first.text : concatenated
    case .setUnion:
      body =
        "(SELECT coalesce(jsonb_agg(" + alias + ".e ORDER BY " + alias + ".o), '[]'::jsonb) FROM (SELECT e, min(o) AS o"
        + " FROM jsonb_array_elements(" + concatenated + ") WITH ORDINALITY AS x(e, o) GROUP BY e) AS " + alias + ")"
    default:
      let others = arrays.dropFirst().map { other in
        "EXISTS (SELECT 1 FROM jsonb_array_elements(" + other.text + ") AS y(e) WHERE y.e = " + alias + ".e)"
      }
      let condition =
        function == .setIntersect
        ? others.joined(separator: " AND ") : "NOT (" + others.joined(separator: " OR ") + ")"
      body =
        "(SELECT coalesce(jsonb_agg(" + alias + ".e ORDER BY " + alias + ".o), '[]'::jsonb) FROM (SELECT e, min(o) AS o"
        + " FROM jsonb_array_elements(" + first.text + ") WITH ORDINALITY AS x(e, o) GROUP BY e) AS " + alias
        + " WHERE " + condition + ")"
    }
    return .atom("CASE WHEN " + allArrays + " THEN " + body + " END")
  }

  /// The keys of a JSONPath made only of members and indexes (`$.a.b`, `$['a.b'][0]`), for `#>`; nil otherwise.
  static func jsonPathKeys(_ path: String) -> [String]? {
    let characters = Array(path)
    guard characters.first == "$" else { return nil }
    var keys: [String] = []
    var index = 1
    while index < characters.count {
      switch characters[index] {
      case ".":
        index += 1
        var key = ""
        while index < characters.count, characters[index] != ".", characters[index] != "[" {
          key.append(characters[index])
          index += 1
        }
        guard !key.isEmpty else { return nil }
        keys.append(key)
      case "[":
        index += 1
        guard index < characters.count else { return nil }
        if characters[index] == "'" || characters[index] == "\"" {
          let quote = characters[index]
          index += 1
          var key = ""
          while index < characters.count, characters[index] != quote {
            key.append(characters[index])
            index += 1
          }
          guard index + 1 < characters.count, characters[index + 1] == "]" else { return nil }
          index += 2
          keys.append(key)
        } else {
          var digits = ""
          while index < characters.count, characters[index].isNumber || characters[index] == "-" {
            digits.append(characters[index])
            index += 1
          }
          guard !digits.isEmpty, Int(digits) != nil, index < characters.count,
            characters[index] == "]"
          else {
            return nil
          }
          index += 1
          keys.append(digits)
        }
      default:
        return nil
      }
    }
    return keys
  }
}
