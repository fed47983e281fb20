import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Functions over `dynamic` (jsonb) values.
  mutating func dynamicFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func json(_ index: Int) -> SQLFragment {
      guard index < arguments.count else { return .null }
      return convert(
        scalar(arguments[index], scope), from: arguments[index].type, to: .dynamic,
        span: arguments[index].span)
    }
    switch function {
    case .memberAccess:
      return SQLFragment(
        json(0).operand(.additive) + " -> " + text(of: arguments[1], scope).operand(.additive),
        .concat)
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
    case .jsonExtract, .jsonExtractScalar, .jsonExtractArray:
      guard arguments.count == 2, let path = Self.stringLiteral(arguments[1]) else {
        return nonConstant(Self.name(of: function), "JSON path", expression)
      }
      guard let keys = Self.jsonPathKeys(path) else {
        return unsupported(
          Self.name(of: function), "JSON path '\(path)' is not a plain member/index path",
          expression)
      }
      let found = SQLFragment(
        json(0).operand(.additive) + " #> " + bind(.stringList(keys)).text, .concat)
      switch function {
      case .jsonExtract:
        return expression.type == .dynamic ? found : found.cast("text")
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
      return unsupported(Self.name(of: function), "not a dynamic function", expression)
    }
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
