import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Comparison rules (reference §3–§5, §9):
/// - `config case_sensitive = false` (the default) makes `=`, `!=`, ordering, `in`, `contains` and `*` patterns on
///   strings case-insensitive. Regex stays case-sensitive unless the pattern starts with `(?i)`.
/// - `*` inside a string literal compared with `=`/`!=` or listed in `in (…)` is a wildcard (`wildcardMatch`).
/// - An ENUM field compared with a quoted string ignores case (the corpus writes `action_network_protocol = "tcp"`);
///   with an ENUM constant it compares the stored constant text exactly. A text field that is no ENUM field (the
///   Cortex system datasets keep the REST API's spelling: `severity` holds `critical`) compares with ENUM constants
///   ignoring case, whatever `case_sensitive` says: the constant names a value, not a spelling.
/// - A string literal compared with a boolean field must be `"true"`/`"false"` (any case); with a number field it
///   must be a number. A raw dataset's document field compared with a number literal is compared as a number.
/// - Negations (`!=`, `not in`, `not contains`) follow SQL three-valued logic: a null field matches neither the test
///   nor its negation (reference §9.3); `= null` / `!= null` test for null.
extension XQLBinder {
  mutating func compare(
    _ op: XQLBinaryOperator, _ lhs: XQLBound, _ rhs: XQLBound, span: Span, _ context: XQLNameContext
  ) -> XQLBound? {
    var (left, right, op) = (lhs, rhs, op)
    if left.literal != nil, right.literal == nil {
      swap(&left, &right)
      switch op {
      case .less: op = .greater
      case .lessOrEqual: op = .greaterOrEqual
      case .greater: op = .less
      case .greaterOrEqual: op = .lessOrEqual
      default: break
      }
    }
    if left.literal == .null || right.literal == .null {
      let subject = left.literal == .null ? right : left
      guard subject.literal != .null, op == .equal || op == .notEqual else {
        report(XQLDiagnostics.nullComparison(span))
        return nil
      }
      return XQLBound(
        expression: .call(op == .equal ? .isNull : .isNotNull, [subject.expression], type: .bool, span: span))
    }
    let isEquality = op == .equal || op == .notEqual
    // As text, "10" would sort before "9".
    if case .number = right.literal { left = left.numberIfDocumentField }
    switch left.type {
    case .string, .guid:
      guard let value = stringSide(right, span: span) else { return nil }
      var caseSensitive = context.caseSensitive
      if left.isEnumColumn {
        switch right.literal {
        case .enumConstant: caseSensitive = true
        case .string: caseSensitive = false
        default: break
        }
      } else if case .enumConstant = right.literal {
        caseSensitive = false
      }
      if isEquality {
        var test: ScalarExpression
        if case .string(let text) = right.literal, Self.containsStar(text) {
          test = .call(.wildcardMatch(caseSensitive: caseSensitive), [left.expression, value], type: .bool, span: span)
        } else if caseSensitive {
          return XQLBound(
            expression: .call(
              op == .equal ? .equal : .notEqual, [left.expression, value], type: .bool, span: span))
        } else {
          test = .call(.equalIgnoringCase, [left.expression, value], type: .bool, span: span)
        }
        if op == .notEqual { test = .call(.not, [test], type: .bool, span: span) }
        return XQLBound(expression: test)
      }
      let lhsValue = caseSensitive ? left.expression : .call(.lower, [left.expression], type: .string)
      let rhsValue = caseSensitive ? value : .call(.lower, [value], type: .string)
      return XQLBound(expression: .call(Self.ordering(op), [lhsValue, rhsValue], type: .bool, span: span))
    case .int, .long, .real:
      guard let value = numericSide(right, span: span) else { return nil }
      return XQLBound(expression: .call(Self.ordering(op), [left.expression, value], type: .bool, span: span))
    case .bool:
      guard isEquality else {
        report(XQLDiagnostics.booleanOrdering(span))
        return nil
      }
      let value: ScalarExpression
      switch right.literal {
      case .string(let text) where ["true", "false"].contains(text.lowercased()):
        value = .literal(.bool(text.lowercased() == "true"), span: right.expression.span)
      case .none where right.type == .bool, .boolean:
        value = right.expression
      default:
        report(
          XQLDiagnostics.booleanComparand(span))
        return nil
      }
      return XQLBound(expression: .call(Self.ordering(op), [left.expression, value], type: .bool, span: span))
    case .datetime:
      let value: ScalarExpression
      switch right.literal {
      case .string:
        value = .call(.toDatetime, [right.expression], type: .datetime, span: right.expression.span)
      case .number:
        value = .call(.fromUnixTimeMilliseconds, [right.expression], type: .datetime, span: right.expression.span)
      case .none where right.type == .datetime:
        value = right.expression
      default:
        report(
          XQLDiagnostics.timestampComparand(span))
        return nil
      }
      return XQLBound(expression: .call(Self.ordering(op), [left.expression, value], type: .bool, span: span))
    default:
      report(XQLDiagnostics.comparisonOfType(left.type.rawValue, op.rawValue, span))
      return nil
    }
  }

  static func ordering(_ op: XQLBinaryOperator) -> ScalarFunction {
    switch op {
    case .notEqual: return .notEqual
    case .less: return .less
    case .lessOrEqual: return .lessOrEqual
    case .greater: return .greater
    case .greaterOrEqual: return .greaterOrEqual
    default: return .equal
    }
  }

  /// The right side of a string comparison as a string expression.
  mutating func stringSide(_ bound: XQLBound, span: Span) -> ScalarExpression? {
    switch bound.literal {
    case .number(let text): return .literal(.string(text), span: bound.expression.span)
    case .boolean(let value): return .literal(.string(value ? "true" : "false"), span: bound.expression.span)
    default: break
    }
    guard bound.type == .string || bound.type == .guid else {
      report(XQLDiagnostics.cannotCompare(.string, with: bound.type.rawValue, span))
      return nil
    }
    return bound.expression
  }

  /// The right side of a numeric comparison as a number expression (numeric strings are accepted).
  mutating func numericSide(_ bound: XQLBound, span: Span) -> ScalarExpression? {
    if case .string(let text) = bound.literal {
      guard let value = Self.numberValue(XQLParser.trimmed(text)) else {
        report(XQLDiagnostics.cannotCompare(.number, with: "\"\(text)\"", span))
        return nil
      }
      return .literal(value, span: bound.expression.span)
    }
    guard bound.type.isNumeric else {
      report(XQLDiagnostics.cannotCompare(.number, with: bound.type.rawValue, span))
      return nil
    }
    return bound.expression
  }

  /// `x in (…)` / `x not in (…)` over a list.
  mutating func bindInList(
    _ subject: XQLExpression, _ items: [XQLExpression], negated: Bool, span: Span, _ context: XQLNameContext
  ) -> XQLBound? {
    let boundSubject = bind(subject, context)
    let boundItems = items.map { bind($0, context) }
    guard let left = boundSubject else { return nil }
    let elements = boundItems.compactMap { $0 }
    guard elements.count == items.count else { return nil }
    var tests: [ScalarExpression] = []
    var values: [XQLBound] = []
    for element in elements {
      if element.literal == .null {
        tests.append(.call(.isNull, [left.expression], type: .bool, span: span))
      } else {
        values.append(element)
      }
    }
    let allLiteral = values.allSatisfy { $0.literal != nil }
    switch left.type {
    case .string where allLiteral, .guid where allLiteral:
      var exact: [String] = []
      var patterns: [String] = []
      var allConstants = true
      for value in values {
        let text: String
        switch value.literal {
        case .string(let string): text = string; allConstants = false
        case .enumConstant(let constant): text = constant
        case .number(let number): text = number; allConstants = false
        case .boolean(let flag): text = flag ? "true" : "false"; allConstants = false
        default: continue
        }
        if case .string = value.literal, Self.containsStar(text) { patterns.append(text) } else { exact.append(text) }
      }
      var caseSensitive = context.caseSensitive
      if left.isEnumColumn {
        caseSensitive = allConstants
      } else if allConstants, !exact.isEmpty {
        caseSensitive = false
      }
      if exact.count == 1 {
        let literal = ScalarExpression.literal(.string(exact[0]))
        tests.append(
          .call(caseSensitive ? .equal : .equalIgnoringCase, [left.expression, literal], type: .bool, span: span))
      } else if exact.count > 1 {
        tests.append(
          .call(
            .inList(caseSensitive: caseSensitive), [left.expression, .literal(.stringList(exact))], type: .bool,
            span: span))
      }
      for pattern in patterns {
        tests.append(
          .call(
            .wildcardMatch(caseSensitive: caseSensitive), [left.expression, .literal(.string(pattern))], type: .bool,
            span: span))
      }
    default:
      var candidates: [ScalarExpression] = []
      for value in values {
        let converted: ScalarExpression?
        switch left.type {
        case .int, .long, .real: converted = numericSide(value, span: value.expression.span ?? span)
        case .string, .guid: converted = stringSide(value, span: value.expression.span ?? span)
        default:
          converted = value.type == left.type ? value.expression : nil
          if converted == nil {
            report(
              XQLDiagnostics.inListType(left.type.rawValue, value.type.rawValue, value.expression.span ?? span))
          }
        }
        guard let converted else { return nil }
        candidates.append(converted)
      }
      // Reference §3: lists holding non-literal elements compare case-sensitively.
      if !candidates.isEmpty {
        tests.append(.call(.inList(caseSensitive: true), [left.expression] + candidates, type: .bool, span: span))
      }
    }
    var result = tests.first ?? .literal(.bool(false), span: span)
    for test in tests.dropFirst() { result = .call(.or, [result, test], type: .bool, span: span) }
    return XQLBound(expression: negated ? .call(.not, [result], type: .bool, span: span) : result)
  }

  /// True when `text` contains `*` (a wildcard pattern).
  ///
  /// Text without the byte is rejected without the string search, which is most of the cost of binding a long
  /// `in (…)` list (no other character is canonically equivalent to `*`, so the answer is the same).
  static func containsStar(_ text: String) -> Bool {
    text.utf8.contains(UInt8(ascii: "*")) && text.contains("*")
  }
}
