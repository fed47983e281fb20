import SpoorCatalog

extension Relation {
  /// The relation with every table scan replaced by `transform(table)`, including scans inside sub-queries of
  /// expressions (`toscalar`, `in (subquery)`).
  public func replacingScans(_ transform: (Table) -> Relation) -> Relation {
    switch self {
    case .scan(let table), .scanBatch(let table, _):
      return transform(table)
    case .filter(let input, let predicate):
      return .filter(input.replacingScans(transform), predicate.replacingScans(transform))
    case .project(let input, let expressions):
      return .project(input.replacingScans(transform), expressions.map { $0.replacingScans(transform) })
    case .aggregate(let input, let groupBy, let aggregates):
      return .aggregate(
        input.replacingScans(transform), groupBy: groupBy.map { $0.replacingScans(transform) }, aggregates: aggregates)
    case .sort(let input, let keys):
      return .sort(input.replacingScans(transform), keys)
    case .limit(let input, let count):
      return .limit(input.replacingScans(transform), count: count)
    case .distinct(let input):
      return .distinct(input.replacingScans(transform))
    case .firstPerKey(let input, let keys, let order):
      return .firstPerKey(input.replacingScans(transform), keys: keys, order: order)
    case .join(var join):
      join.left = join.left.replacingScans(transform)
      join.right = join.right.replacingScans(transform)
      return .join(join)
    case .union(let inputs):
      return .union(inputs.map { $0.replacingScans(transform) })
    case .expand(let input, let expansion):
      return .expand(input.replacingScans(transform), expansion)
    case .zipExpand(let input, let expansion):
      return .zipExpand(input.replacingScans(transform), expansion)
    case .apply(let input, let expansion, let subquery):
      return .apply(input.replacingScans(transform), expansion, subquery: subquery.replacingScans(transform))
    case .values, .external, .range, .appliedElements:
      return self
    case .window(let input, let windows):
      return .window(input.replacingScans(transform), windows)
    case .series(let cells, let layout):
      return .series(cells.replacingScans(transform), layout)
    }
  }
}

extension NamedExpression {
  func replacingScans(_ transform: (Table) -> Relation) -> NamedExpression {
    NamedExpression(name: name, expression: expression.replacingScans(transform))
  }
}

extension ScalarExpression {
  /// The expression with scans inside its sub-queries replaced by `transform(table)`.
  public func replacingScans(_ transform: (Table) -> Relation) -> ScalarExpression {
    var copy = self
    switch kind {
    case .column, .joinColumn, .literal:
      return self
    case .call(let function, let arguments):
      copy.kind = .call(function, arguments.map { $0.replacingScans(transform) })
    case .caseWhen(let clauses, let otherwise):
      copy.kind = .caseWhen(
        clauses.map {
          WhenClause(condition: $0.condition.replacingScans(transform), value: $0.value.replacingScans(transform))
        },
        otherwise: otherwise.replacingScans(transform))
    case .scalarSubquery(let relation):
      copy.kind = .scalarSubquery(relation.replacingScans(transform))
    case .inSubquery(let value, let relation, let caseSensitive):
      copy.kind = .inSubquery(
        value.replacingScans(transform), relation.replacingScans(transform), caseSensitive: caseSensitive)
    case .termsInSubquery(let value, let relation, let all, let caseSensitive):
      copy.kind = .termsInSubquery(
        value.replacingScans(transform), relation.replacingScans(transform), all: all,
        caseSensitive: caseSensitive)
    }
    return copy
  }
}
