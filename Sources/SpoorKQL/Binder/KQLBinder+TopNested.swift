import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// `top-nested`: hierarchical aggregation, two columns per level (the value, then `aggregated_<value>`).
  ///
  /// Level k is a `summarize` of the level's aggregate by the values of levels 1…k, numbered within each group of
  /// levels 1…k−1 by the aggregate (largest first, or smallest with `asc`) and cut to the level's N. Each level
  /// then joins the level above on the shared values (a null number matches a null one: Kusto groups nulls), so a
  /// row survives only under the values its parent levels kept. Ties at the cut keep an arbitrary row, as in
  /// Kusto. The rows are ordered by each level's aggregate in its direction, then by its value.
  mutating func bindTopNested(_ clauses: [KQLTopNestedClause], input: BoundTable, scope: Scope, span: Span)
    -> Relation?
  {
    if let others = clauses.first(where: { $0.others != nil })?.others {
      report(KQLDiagnostics.topNestedOthers(at: others.span))
      return nil
    }
    var names = UniqueNames()
    var keys: [KQLAssignment] = []
    var result: Relation?
    var order: [SortKey] = []
    for (index, clause) in clauses.enumerated() {
      let count = clause.count.map { constantCount($0, scope: scope) }
      if case .some(nil) = count { return nil }
      let valueName = names.claim(
        clause.value.name?.name ?? Self.argumentName(clause.value.value) ?? "Column\(index + 1)")
      let aggregateName = names.claim(clause.aggregate.name?.name ?? "aggregated_" + valueName)
      let parentKeys = keys
      keys.append(
        KQLAssignment(name: KQLIdentifier(name: valueName, span: clause.value.value.span), value: clause.value.value))
      let aggregate = KQLAssignment(
        name: KQLIdentifier(name: aggregateName, span: clause.aggregate.value.span), value: clause.aggregate.value)
      guard
        var level = bindSummarize(aggregates: [aggregate], keys: keys, input: input, scope: scope, span: span),
        let aggregateColumn = level.columns.last
      else { return nil }
      let ranking = SortKey(
        expression: .column(aggregateName, aggregateColumn.type), ascending: clause.ascending,
        nullsFirst: clause.ascending)
      if case .some(.some(let limit)) = count {
        let rankName = "__top_nested_rank"
        let columns = level.columns
        let rank = WindowExpression(
          function: .rowNumber, arguments: [],
          partitionBy: columns.prefix(parentKeys.count).map { ScalarExpression.column($0.name, $0.type) },
          orderBy: [ranking], type: .long)
        level = .window(level, [NamedWindowExpression(name: rankName, expression: rank)])
        level = .filter(
          level,
          .call(.lessOrEqual, [.column(rankName, .long), .literal(.long(limit))], type: .bool))
        level = .project(level, columns.map(Self.passThrough))
      }
      if let parent = result {
        result = .join(Self.nestedLevel(parent: parent, level: level, sharedKeys: parentKeys.count))
      } else {
        result = level
      }
      order.append(ranking)
      if let valueColumn = level.columns.dropLast().last {
        order.append(
          SortKey(expression: .column(valueColumn.name, valueColumn.type), ascending: true, nullsFirst: true))
      }
    }
    return result.map { .sort($0, order) }
  }

  /// The join of a `top-nested` level to the levels above it: equal (or both null) on the first `sharedKeys`
  /// columns of `level`, which are the parent's value columns; the parent's columns, then the level's value and
  /// aggregate.
  static func nestedLevel(parent: Relation, level: Relation, sharedKeys: Int) -> Join {
    let parentColumns = parent.columns
    let levelColumns = level.columns
    let parentValues = parentColumns.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    let conditions = zip(parentValues, levelColumns.prefix(sharedKeys)).map { parentColumn, levelColumn in
      let left = ScalarExpression(.joinColumn(.left, parentColumn.name), type: parentColumn.type)
      let right = ScalarExpression(.joinColumn(.right, levelColumn.name), type: levelColumn.type)
      let equal = ScalarExpression.call(.equal, [left, right], type: .bool)
      // Kusto strings are never null: plain equality, which PostgreSQL can hash.
      guard parentColumn.type != .string else { return equal }
      let bothNull = ScalarExpression.call(
        .and, [.call(.isNull, [left], type: .bool), .call(.isNull, [right], type: .bool)], type: .bool)
      return ScalarExpression.call(.or, [equal, bothNull], type: .bool)
    }
    let outputs =
      parentColumns.map { JoinOutput(name: $0.name, side: .left, sourceName: $0.name, type: $0.type) }
      + levelColumns.dropFirst(sharedKeys).map {
        JoinOutput(name: $0.name, side: .right, sourceName: $0.name, type: $0.type)
      }
    let condition = conditions.count == 1 ? conditions[0] : .call(.and, conditions, type: .bool)
    return Join(left: parent, right: level, kind: .inner, condition: condition, outputs: outputs)
  }
}
