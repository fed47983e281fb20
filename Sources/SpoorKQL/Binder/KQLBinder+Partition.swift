import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// The hidden column that carries the partition key through the subquery, whatever the subquery projects.
  static let partitionKeyName = "__partition"

  /// `partition by Column (operators)`: Kusto runs the operators on each subtable of rows sharing the column's
  /// value and unions the results.
  ///
  /// The operators run once over the whole input with the key in a hidden column: row-local operators give the
  /// same rows either way; `summarize`, `count` and `distinct` also group by the key; `take`, `top` and `sample`
  /// keep N rows per key by a `row_number()` over the key's partition. Other operators are refused with the reason.
  /// Kusto's hints choose how the subqueries run (its strategies "don't change the final result"), so they are
  /// ignored with a note.
  mutating func bindPartition(_ clause: KQLPartitionClause, input: BoundTable, lets: [String: LetBinding])
    -> Relation?
  {
    for hint in clause.hints { report(KQLDiagnostics.partitionHintIgnored(hint.name, at: hint.span)) }
    guard let body = clause.body else {
      // An empty span means the parser already reported the missing subquery.
      if clause.bodySpan.start < clause.bodySpan.end {
        report(KQLDiagnostics.partitionWithSource(at: clause.bodySpan))
      }
      return nil
    }
    guard let relation = input.relation else { return nil }
    let columns = relation.columns
    guard let key = columns.first(where: { $0.name == clause.column.name }) else {
      reportUnknownColumn(
        clause.column.name, clause.column.span, Scope(columns: columns, description: input.description, lets: lets))
      return nil
    }
    var failed = false
    var mayBeEmpty = false
    for node in body {
      if let name = Self.rejectedInPartition(node.kind) {
        report(KQLDiagnostics.partitionOperator(name, at: node.keywordSpan))
        failed = true
      } else if Self.callsWindowFunction(node.kind) {
        report(KQLDiagnostics.partitionWindowFunction(at: node.span))
        failed = true
      } else if mayBeEmpty, Self.aggregatesWithoutKeys(node.kind) {
        report(KQLDiagnostics.partitionAggregateOfEmptied(at: node.span))
        failed = true
      }
      mayBeEmpty = mayBeEmpty || Self.mayEmpty(node.kind)
    }
    guard !failed else { return nil }
    let keyed = Relation.project(
      relation,
      columns.map(Self.passThrough) + [
        NamedExpression(name: Self.partitionKeyName, expression: .column(key.name, key.type))
      ])
    var table = BoundTable(relation: keyed, description: input.description)
    for node in body {
      guard let next = applyPerPartition(node, to: table, keyType: key.type, lets: lets) else { return nil }
      table = BoundTable(relation: next, description: input.description)
    }
    guard let result = table.relation else { return nil }
    return .project(result, result.columns.filter { $0.name != Self.partitionKeyName }.map(Self.passThrough))
  }

  /// The name of an operator a `partition` subquery cannot hold, or nil when Spoor translates it per partition.
  static func rejectedInPartition(_ kind: KQLOperatorNode.Kind) -> String? {
    switch kind {
    case .where, .project, .extend, .projectAway, .projectKeep, .projectRename, .projectReorder, .sort, .top, .take,
      .sample, .sampleDistinct, .distinct, .count, .summarize, .parse, .parseKV, .mvExpand:
      return nil
    default: return kind.keyword
    }
  }

  /// True for `summarize` without `by` and `count`: one row even over an empty subtable.
  static func aggregatesWithoutKeys(_ kind: KQLOperatorNode.Kind) -> Bool {
    switch kind {
    case .summarize(_, let keys): return keys.isEmpty
    case .count: return true
    default: return false
    }
  }

  /// True when the operator can leave a subtable (which holds at least one row) without rows.
  static func mayEmpty(_ kind: KQLOperatorNode.Kind) -> Bool {
    switch kind {
    case .where, .mvExpand: return true
    case .parse(let clause): return clause.dropsUnmatched
    case .take(let count), .top(let count, _), .sample(let count), .sampleDistinct(let count, _):
      return count.kind == .literal(.long(0))
    default: return false
    }
  }

  /// True when an `extend` or `project` of the subquery calls `row_number`, `row_cumsum`, `prev` or `next`.
  static func callsWindowFunction(_ kind: KQLOperatorNode.Kind) -> Bool {
    switch kind {
    case .extend(let assignments), .project(let assignments):
      return assignments.contains { containsCall($0.value, named: windowFunctionNames) }
    default:
      return false
    }
  }

  /// One operator of a `partition` subquery over the input with its hidden key column; nil after an error.
  mutating func applyPerPartition(
    _ node: KQLOperatorNode, to table: BoundTable, keyType: DataType, lets: [String: LetBinding]
  ) -> Relation? {
    guard let relation = table.relation else { return nil }
    let scope = Scope(columns: relation.columns, description: table.description, lets: lets)
    let hiddenKey = KQLIdentifier(name: Self.partitionKeyName, span: node.keywordSpan)
    let byKey = KQLAssignment(
      name: hiddenKey, value: KQLExpression(.name(Self.partitionKeyName), span: node.keywordSpan))
    func applied(_ kind: KQLOperatorNode.Kind) -> Relation? {
      apply(KQLOperatorNode(kind: kind, keywordSpan: node.keywordSpan, span: node.span), to: table, lets: lets).relation
    }
    switch node.kind {
    case .take(let countSyntax):
      guard let count = constantCount(countSyntax, scope: scope) else { return nil }
      return firstRowsPerPartition(relation, count: count, order: Self.serializedOrder(of: relation), keyType: keyType)
    case .top(let countSyntax, let item):
      guard let count = constantCount(countSyntax, scope: scope), let order = bindSortItem(item, in: scope) else {
        return nil
      }
      return firstRowsPerPartition(relation, count: count, order: [order], keyType: keyType)
    case .sample(let countSyntax):
      guard let count = constantCount(countSyntax, scope: scope) else { return nil }
      let randomOrder = SortKey(expression: .call(.random, [], type: .real), ascending: true, nullsFirst: true)
      return firstRowsPerPartition(relation, count: count, order: [randomOrder], keyType: keyType)
    case .sampleDistinct(let countSyntax, let column):
      guard let count = constantCount(countSyntax, scope: scope),
        let values = applied(.distinct([KQLAssignment(name: nil, value: column), byKey]))
      else { return nil }
      return firstRowsPerPartition(values, count: count, order: [], keyType: keyType)
    case .summarize(let aggregates, let keys):
      return applied(.summarize(aggregates: aggregates, by: keys + [byKey]))
    case .count(let name):
      let count = KQLExpression(.call(KQLIdentifier(name: "count", span: node.keywordSpan), []), span: node.keywordSpan)
      let countName = name ?? KQLIdentifier(name: "Count", span: node.keywordSpan)
      return applied(.summarize(aggregates: [KQLAssignment(name: countName, value: count)], by: [byKey]))
    case .distinct(let items):
      return applied(.distinct(items.isEmpty ? [] : items + [byKey]))
    case .project, .projectAway, .projectKeep, .projectRename, .projectReorder:
      // The subquery's columns are the user's; the key stays behind them for the operators after.
      guard let projected = applied(node.kind) else { return nil }
      if projected.columns.contains(where: { $0.name == Self.partitionKeyName }) { return projected }
      guard case .project(let base, let outputs) = projected else { return nil }
      return .project(base, outputs + [Self.passThrough(OutputColumn(name: Self.partitionKeyName, type: keyType))])
    default:
      // Row-local operators (where, extend, sort, parse, mv-expand) keep every column, the key included.
      return applied(node.kind)
    }
  }

  /// At most `count` rows per partition key, the first ones in `order` (any ones without an order), kept in that
  /// order.
  func firstRowsPerPartition(_ relation: Relation, count: Int64, order: [SortKey], keyType: DataType) -> Relation {
    let rankName = "__partition_rank"
    let columns = relation.columns
    let rank = WindowExpression(
      function: .rowNumber, arguments: [], partitionBy: [.column(Self.partitionKeyName, keyType)], orderBy: order,
      type: .long)
    let ranked = Relation.window(relation, [NamedWindowExpression(name: rankName, expression: rank)])
    let kept = Relation.filter(
      ranked, .call(.lessOrEqual, [.column(rankName, .long), .literal(.long(count))], type: .bool))
    let result = Relation.project(kept, columns.map(Self.passThrough))
    return order.isEmpty ? result : .sort(result, order)
  }
}
