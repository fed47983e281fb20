import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Kusto's boolean logic on top of SQL's.
///
/// Kusto's `and`/`or` read a null operand as false (`bool(null) and true` is false, `bool(null) or true` is
/// true, `logical-operators.md`), so their result is never null; `==` with exactly one null side is false and
/// `!=` with exactly one null side is true, while both sides null give null (`null-values.md`); `not(null)` is
/// null. SQL's three-valued logic differs exactly where a null operand meets `NOT` or is shown as a value: the
/// binder wraps each operand that can be null in ``ScalarFunction/isTrue`` and leaves provably non-null operands
/// (strings, which are never null in Kusto, non-null constants, predicates over them) as they are, so the SQL of
/// ordinary hunts does not change. A `where` predicate only keeps rows where it is true, where null and false
/// are the same: ``filterCondition(_:)`` takes the wrappers off again along its and/or spine, which keeps the
/// plain comparisons PostgreSQL can use indexes for.
extension KQLBinder {
  /// True when the expression can evaluate to null under Kusto's rules.
  ///
  /// Conservative: false only when proven.
  static func canBeNull(_ value: ScalarExpression) -> Bool {
    if value.type == .string { return false }
    switch value.kind {
    case .literal(let constant):
      if case .null = constant { return true }
      return false
    case .column, .joinColumn, .scalarSubquery:
      return true
    case .caseWhen(let clauses, let otherwise):
      return canBeNull(otherwise) || clauses.contains { canBeNull($0.value) }
    case .inSubquery(let subject, let relation, _), .termsInSubquery(let subject, let relation, _, _):
      return canBeNull(subject) || relation.columns.first?.type != .string
    case .call(let function, let arguments):
      switch function {
      case .and, .or, .isTrue, .isNull, .isNotNull, .isEmpty, .isNotEmpty, .notDistinctFrom,
        .distinctFrom, .notEqualIgnoringCase:
        return false
      case .not, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .between,
        .equalIgnoringCase, .contains, .startsWith, .endsWith, .hasTerm, .hasPrefix, .hasSuffix,
        .matchesRegex, .wildcardMatch, .inList, .hasAny, .hasAll:
        return arguments.contains(where: canBeNull)
      default:
        return true
      }
    }
  }

  /// The operand as Kusto's `and`/`or` read it: wrapped in `IS TRUE` when it can be null.
  static func truthValue(_ operand: ScalarExpression) -> ScalarExpression {
    guard canBeNull(operand) else { return operand }
    return .call(.isTrue, [operand], type: .bool, span: operand.span)
  }

  /// Kusto's `==`: false when exactly one side is null, null when both are.
  func kustoEqual(_ left: ScalarExpression, _ right: ScalarExpression, span: Span) -> ScalarExpression {
    let equality = call(.equal, [left, right], .bool, span)
    switch (Self.canBeNull(left), Self.canBeNull(right)) {
    case (false, false): return equality
    case (true, true):
      return nullWhenBothNull(left, right, call(.isTrue, [equality], .bool, span), span: span)
    default: return call(.isTrue, [equality], .bool, span)
    }
  }

  /// Kusto's `!=`: true when exactly one side is null, null when both are.
  func kustoNotEqual(_ left: ScalarExpression, _ right: ScalarExpression, span: Span) -> ScalarExpression {
    switch (Self.canBeNull(left), Self.canBeNull(right)) {
    case (false, false): return call(.notEqual, [left, right], .bool, span)
    case (true, true):
      return nullWhenBothNull(
        left, right, call(.distinctFrom, [left, right], .bool, span), span: span)
    default: return call(.distinctFrom, [left, right], .bool, span)
    }
  }

  /// `CASE WHEN left IS NULL AND right IS NULL THEN bool(null) ELSE test END`, where `test` is never true
  /// when both sides are null (so a filter can use `test` alone).
  private func nullWhenBothNull(
    _ left: ScalarExpression, _ right: ScalarExpression, _ test: ScalarExpression, span: Span
  ) -> ScalarExpression {
    let bothNull = call(
      .and, [call(.isNull, [left], .bool, span), call(.isNull, [right], .bool, span)], .bool, span)
    return ScalarExpression(
      .caseWhen(
        [WhenClause(condition: bothNull, value: .literal(.null(.bool), span: span))],
        otherwise: test),
      type: .bool, span: span)
  }

  /// A predicate as a filter reads it, where a row is kept only when it is true.
  ///
  /// Along the and/or spine, the `IS TRUE` wrappers and the both-null arms of ``kustoEqual(_:_:span:)`` are dropped, since there null
  /// and false both drop the row. Anything under `not` keeps its exact Kusto value.
  static func filterCondition(_ predicate: ScalarExpression) -> ScalarExpression {
    switch predicate.kind {
    case .call(.isTrue, let arguments) where arguments.count == 1:
      return filterCondition(arguments[0])
    case .call(let function, let arguments) where function == .and || function == .or:
      var copy = predicate
      copy.kind = .call(function, arguments.map(filterCondition))
      return copy
    case .caseWhen(let clauses, let otherwise)
    where clauses.count == 1 && isBothNullArm(clauses[0], before: otherwise):
      return filterCondition(otherwise)
    default:
      return predicate
    }
  }

  /// True for the arm ``nullWhenBothNull(_:_:_:span:)`` builds in front of `test`: `WHEN left IS NULL AND
  /// right IS NULL THEN bool(null)`, with `test` Kusto's `==` or `!=` of the same two values.
  private static func isBothNullArm(_ clause: WhenClause, before test: ScalarExpression) -> Bool {
    guard clause.value.kind == .literal(.null(.bool)),
      case .call(.and, let parts) = clause.condition.kind, parts.count == 2,
      case .call(.isNull, let left) = parts[0].kind, case .call(.isNull, let right) = parts[1].kind
    else { return false }
    let compared = left + right
    switch test.kind {
    case .call(.distinctFrom, let arguments): return arguments == compared
    case .call(.isTrue, let wrapped):
      guard wrapped.count == 1, case .call(.equal, let arguments) = wrapped[0].kind else { return false }
      return arguments == compared
    default: return false
    }
  }
}
