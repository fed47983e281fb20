import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Applies one tabular operator to its input.
  mutating func apply(_ node: KQLOperatorNode, to input: BoundTable, lets: [String: LetBinding])
    -> BoundTable
  {
    var scope = Scope(columns: input.columns, description: input.description, lets: lets)
    scope.ingestTimeKept = Self.ingestTimeKept(input.relation)
    func result(_ relation: Relation?) -> BoundTable {
      BoundTable(relation: relation, description: input.description)
    }
    if let tuple = Self.untranslatableTuple(in: node) {
      report(
        KQLDiagnostics.tupleAssignment(at: tuple.tupleNames.first?.span ?? tuple.value.span))
      return result(nil)
    }
    switch node.kind {
    case .where(let written):
      let predicate = Self.anyColumnPredicate(written, columns: input.columns?.map(\.name) ?? [])
      guard let value = bindScalar(predicate, in: scope), requireBool(value, predicate.span) else {
        return result(nil)
      }
      return result(input.relation.map { .filter($0, Self.filterCondition(value)) })
    case .extend(let assignments):
      return result(bindExtend(assignments, input: input, scope: scope))
    case .project(let assignments):
      return result(bindProject(assignments, input: input, scope: scope))
    case .projectAway(let patterns):
      guard let columns = input.columns,
        let matched = match(patterns, in: columns, description: input.description)
      else { return result(nil) }
      let kept = columns.filter { !matched.contains($0.name) }
      return result(input.relation.map { .project($0, kept.map(Self.passThrough)) })
    case .projectKeep(let patterns):
      guard let columns = input.columns,
        let matched = match(patterns, in: columns, description: input.description)
      else { return result(nil) }
      let kept = columns.filter { matched.contains($0.name) }
      return result(input.relation.map { .project($0, kept.map(Self.passThrough)) })
    case .projectReorder(let patterns):
      guard let columns = input.columns else { return result(nil) }
      var ordered: [OutputColumn] = []
      for pattern in patterns {
        let found = columns.filter { pattern.matches($0.name) && !ordered.contains($0) }
        if found.isEmpty && !pattern.isWildcard {
          reportUnknownColumn(pattern.pattern, pattern.span, scope)
        }
        ordered += found
      }
      ordered += columns.filter { !ordered.contains($0) }
      return result(input.relation.map { .project($0, ordered.map(Self.passThrough)) })
    case .projectRename(let renames):
      guard var outputs = input.columns.map({ $0.map(Self.passThrough) }) else {
        return result(nil)
      }
      var failed = false
      for rename in renames {
        guard let position = outputs.firstIndex(where: { $0.name == rename.oldName.name }) else {
          reportUnknownColumn(rename.oldName.name, rename.oldName.span, scope)
          failed = true
          continue
        }
        outputs[position].name = rename.newName.name
      }
      guard !failed, Set(outputs.map(\.name)).count == outputs.count else {
        if !failed {
          report(KQLDiagnostics.duplicateColumn(renames.last?.newName.name ?? "", at: node.span))
        }
        return result(nil)
      }
      return result(input.relation.map { .project($0, outputs) })
    case .sort(let items):
      var keys: [SortKey] = []
      for item in items {
        guard let key = bindSortItem(item, in: scope) else { return result(nil) }
        keys.append(key)
      }
      return result(input.relation.map { .sort($0, keys) })
    case .top(let countSyntax, let item):
      guard let count = constantCount(countSyntax, scope: scope),
        let key = bindSortItem(item, in: scope)
      else {
        return result(nil)
      }
      return result(input.relation.map { .limit(.sort($0, [key]), count: count) })
    case .topNested(let clauses):
      return result(bindTopNested(clauses, input: input, scope: scope, span: node.span))
    case .take(let countSyntax):
      guard let count = constantCount(countSyntax, scope: scope) else { return result(nil) }
      return result(input.relation.map { .limit($0, count: count) })
    case .sample(let countSyntax):
      guard let count = constantCount(countSyntax, scope: scope) else { return result(nil) }
      // Kusto picks the rows at random: a random order cut to N rows.
      let randomOrder = SortKey(expression: .call(.random, [], type: .real), ascending: true, nullsFirst: true)
      return result(input.relation.map { .limit(.sort($0, [randomOrder]), count: count) })
    case .sampleDistinct(let countSyntax, let column):
      // Kusto returns the first values it finds ("not a fair sample"): any N distinct values are its answer.
      guard let count = constantCount(countSyntax, scope: scope),
        let projected = bindProject([KQLAssignment(name: nil, value: column)], input: input, scope: scope)
      else { return result(nil) }
      return result(.limit(.distinct(projected), count: count))
    case .distinct(let assignments):
      if assignments.isEmpty { return result(input.relation.map { .distinct($0) }) }
      guard let projected = bindProject(assignments, input: input, scope: scope) else {
        return result(nil)
      }
      return result(.distinct(projected))
    case .count(let name):
      let aggregate = NamedAggregate(
        name: name?.name ?? "Count",
        call: AggregateCall(function: .count, arguments: [], type: .long))
      return result(input.relation.map { .aggregate($0, groupBy: [], aggregates: [aggregate]) })
    case .getschema:
      guard let columns = input.columns else { return result(nil) }
      let rows: [[Value]] = columns.enumerated().map { ordinal, column in
        [
          .string(column.name), .long(Int64(ordinal)), .string(Self.dotNetTypeName(column.type)),
          .string(column.type.rawValue),
        ]
      }
      let outputs = [
        OutputColumn(name: "ColumnName", type: .string),
        OutputColumn(name: "ColumnOrdinal", type: .int),
        OutputColumn(name: "DataType", type: .string),
        OutputColumn(name: "ColumnType", type: .string),
      ]
      return result(.values(columns: outputs, rows: rows))
    case .summarize(let aggregates, let keys):
      return result(
        bindSummarize(
          aggregates: aggregates, keys: keys, input: input, scope: scope, span: node.span))
    case .join(let kind, let right, let keys, let hints):
      for hint in hints { report(KQLDiagnostics.hintIgnored(hint.name, at: hint.span)) }
      return bindJoin(
        kind: kind, left: input, rightSyntax: right, keys: keys, lets: lets, span: node.span)
    case .lookup(let kind, let right, let keys):
      let joinKind = kind ?? KQLIdentifier(name: "leftouter", span: node.keywordSpan)
      guard joinKind.name == "leftouter" || joinKind.name == "inner" else {
        report(KQLDiagnostics.lookupKind(joinKind.name, at: joinKind.span))
        return result(nil)
      }
      return bindJoin(
        kind: joinKind, left: input, rightSyntax: right, keys: keys, lets: lets, span: node.span,
        isLookup: true)
    case .union(let clause):
      return bindUnionClause(clause, first: input, lets: lets, span: node.span)
    case .mvExpand(let items, let indexName, let rowLimit, let bagsAsArrays):
      return result(
        bindMvExpand(
          items, indexName: indexName, rowLimit: rowLimit, bagsAsArrays: bagsAsArrays, input: input,
          scope: scope, span: node.span))
    case .mvApply(let items, let indexName, let rowLimit, let body):
      return result(
        bindMvApply(
          items, indexName: indexName, rowLimit: rowLimit, body: body, input: input, scope: scope,
          lets: lets, span: node.span))
    case .parse(let clause):
      return result(bindParse(clause, input: input, scope: scope, span: node.span))
    case .parseKV(let clause):
      return result(bindParseKV(clause, input: input, scope: scope, span: node.span))
    case .serialize(let assignments):
      guard assignments.isEmpty else {
        return result(bindExtend(assignments, input: input, scope: scope))
      }
      return input
    case .as:
      return input
    case .invoke(let callSyntax):
      if case .call(let name, let arguments) = callSyntax.kind, lets[name.name] == nil {
        if name.name == "FileProfile" { return result(bindFileProfile(arguments, span: callSyntax.span, input: input)) }
        if name.name == "DeviceFromIP" {
          return result(bindDeviceFromIP(name, arguments, input: input, lets: lets))
        }
        report(Self.unknownInvokedFunction(name, lets: lets))
        return result(nil)
      }
      guard case .call(let name, let arguments) = callSyntax.kind,
        case .function(let function) = lets[name.name],
        let first = function.parameters.first, first.typeName.name == "table"
      else {
        report(KQLDiagnostics.notTabular(sourceText(of: callSyntax), at: callSyntax.span))
        return result(nil)
      }
      guard let relation = input.relation else { return result(nil) }
      let inputName = "$invoke_input"
      var callerLets = lets
      callerLets[inputName] = .tabular(relation)
      let allArguments = [KQLExpression(.name(inputName), span: node.keywordSpan)] + arguments
      let invocationScope = Scope(columns: [], description: input.description, lets: callerLets)
      guard
        case .tabular(let table) = invoke(
          function, named: name, arguments: allArguments, scope: invocationScope)
      else { return result(nil) }
      return table
    case .render(let clause):
      if let hint = bindRender(clause, at: node.span, input: input) { renderHints[node.span] = hint }
      return input
    case .makeSeries(let clause):
      return result(bindMakeSeries(clause, input: input, scope: scope, span: node.span))
    case .evaluate(let clause):
      return result(bindEvaluate(clause, input: input, scope: scope))
    case .search(let clause):
      return bindSearch(clause, input: input, lets: lets, span: node.keywordSpan)
    case .partition(let clause):
      return result(bindPartition(clause, input: input, lets: lets))
    case .unsupported(let name):
      report(
        KQLDiagnostics.tabularOperator(name, at: node.keywordSpan))
      return result(nil)
    }
  }

  /// A column passed through unchanged.
  static func passThrough(_ column: OutputColumn) -> NamedExpression {
    NamedExpression(name: column.name, expression: .column(column.name, column.type))
  }

  /// The .NET type name `getschema` reports.
  static func dotNetTypeName(_ type: DataType) -> String {
    switch type {
    case .bool: return "System.SByte"
    case .int: return "System.Int32"
    case .long: return "System.Int64"
    case .real: return "System.Double"
    case .string: return "System.String"
    case .datetime: return "System.DateTime"
    case .timespan: return "System.TimeSpan"
    case .dynamic: return "System.Object"
    case .guid: return "System.Guid"
    }
  }

  mutating func reportUnknownColumn(_ name: String, _ span: Span, _ scope: Scope) {
    report(
      KQLDiagnostics.unknownColumn(
        name, in: scope.description, at: span,
        help: NameSuggester.help(for: name, among: scope.candidateNames)))
  }

  /// The names matched by patterns; nil (after reporting) when a plain name matches nothing.
  mutating func match(_ patterns: [KQLNamePattern], in columns: [OutputColumn], description: String)
    -> Set<String>?
  {
    var matched: Set<String> = []
    var failed = false
    for pattern in patterns {
      let found = columns.filter { pattern.matches($0.name) }.map(\.name)
      if found.isEmpty && !pattern.isWildcard {
        report(
          KQLDiagnostics.unknownColumn(
            pattern.pattern, in: description, at: pattern.span,
            help: NameSuggester.help(for: pattern.pattern, among: columns.map(\.name))))
        failed = true
      }
      matched.formUnion(found)
    }
    return failed ? nil : matched
  }

  /// The name Kusto gives an unnamed expression: a column's own name, `a_b` for `a.b`, else nil.
  static func defaultName(_ expression: KQLExpression) -> String? {
    switch expression.kind {
    case .name(let name): return name
    case .member(let base, let key): return defaultName(base).map { $0 + "_" + key }
    case .index(let base, let key):
      if case .literal(.string(let text)) = key.kind {
        return defaultName(base).map { $0 + "_" + text }
      }
      return nil
    default: return nil
    }
  }

  /// Input columns followed by the new or replaced ones.
  mutating func bindExtend(_ assignments: [KQLAssignment], input: BoundTable, scope: Scope)
    -> Relation?
  {
    if assignments.contains(where: { Self.containsCall($0.value, named: Self.windowFunctionNames) }) {
      return bindWindowedExtend(assignments, input: input, scope: scope)
    }
    var scope = scope
    var outputs = (input.columns ?? []).map(Self.passThrough)
    var failed = false
    var unnamed = 0
    for assignment in assignments {
      if let columns = seriesStatsColumns(assignment, in: scope) {
        if columns.isEmpty { failed = true }
        for column in columns {
          if let position = outputs.firstIndex(where: { $0.name == column.name }) {
            outputs[position] = column
          } else {
            outputs.append(column)
          }
          scope.substitutions[column.name] = column.expression
        }
        continue
      }
      guard let value = bindScalar(assignment.value, in: scope) else {
        failed = true
        continue
      }
      // A call names its column by Kusto.Language's rule (`tostring(c)` → `c`), replacing a column of that name.
      let name: String
      if let explicit = assignment.name?.name ?? Self.argumentName(assignment.value) {
        name = explicit
      } else {
        unnamed += 1
        name = "Column\(unnamed)"
      }
      if let position = outputs.firstIndex(where: { $0.name == name }) {
        outputs[position].expression = value
      } else {
        outputs.append(NamedExpression(name: name, expression: value))
      }
      scope.substitutions[name] = value
    }
    guard !failed, let relation = input.relation else { return nil }
    return .project(relation, outputs)
  }

  /// Exactly the listed columns.
  mutating func bindProject(_ assignments: [KQLAssignment], input: BoundTable, scope: Scope)
    -> Relation?
  {
    var scope = scope
    var outputs: [NamedExpression] = []
    var failed = false
    var unnamed = 0
    for assignment in assignments {
      if let columns = seriesStatsColumns(assignment, in: scope) {
        if columns.isEmpty { failed = true }
        outputs += columns
        continue
      }
      guard let value = bindScalar(assignment.value, in: scope) else {
        failed = true
        continue
      }
      let name: String
      if let explicit = assignment.name?.name ?? Self.defaultName(assignment.value) {
        name = explicit
      } else if let derived = Self.argumentName(assignment.value) {
        // A call named by Kusto.Language's rule (`bin(T, 1h)` → `T`) is added as a new column: a clash gets a
        // numeric suffix rather than an error.
        var names = UniqueNames(taken: Set(outputs.map(\.name)))
        name = names.claim(derived)
      } else {
        unnamed += 1
        name = "Column\(unnamed)"
      }
      if outputs.contains(where: { $0.name == name }) {
        report(
          KQLDiagnostics.duplicateColumn(name, at: assignment.name?.span ?? assignment.value.span))
        failed = true
        continue
      }
      outputs.append(NamedExpression(name: name, expression: value))
      scope.substitutions[name] = value
    }
    guard !failed, let relation = input.relation else { return nil }
    return .project(relation, outputs)
  }

  mutating func bindSortItem(_ item: KQLSortItem, in scope: Scope) -> SortKey? {
    guard let value = bindScalar(item.value, in: scope) else { return nil }
    if value.type == .dynamic {
      report(
        KQLDiagnostics.sortByDynamic(at: item.value.span))
      return nil
    }
    // Kusto sorts descending by default; nulls come last when descending and first when ascending.
    let ascending = item.ascending ?? false
    return SortKey(
      expression: value, ascending: ascending, nullsFirst: item.nullsFirst ?? ascending)
  }

  /// A non-negative constant row count (`take 10`, `top 5 by …`).
  mutating func constantCount(_ syntax: KQLExpression, scope: Scope) -> Int64? {
    guard
      let value = bindScalar(
        syntax, in: Scope(columns: [], description: "a row count", lets: scope.lets))
    else {
      return nil
    }
    guard case .literal(.long(let count)) = value.kind, count >= 0 else {
      report(KQLDiagnostics.expectedConstant("the row count", at: syntax.span))
      return nil
    }
    return count
  }

  // MARK: union

  mutating func bindUnionClause(
    _ clause: KQLUnionClause, first: BoundTable?, lets: [String: LetBinding], span: Span
  )
    -> BoundTable
  {
    var inputs: [BoundTable] = first.map { [$0] } ?? []
    var skipped: [KQLExpression] = []
    for input in clause.inputs {
      if case .name(let name) = input.kind, name.contains("*") {
        let pattern = KQLNamePattern(pattern: name, span: input.span)
        let tables = catalog.tableNames.filter { pattern.matches($0) }
        if tables.isEmpty {
          if clause.isFuzzy {
            skipped.append(input)
            continue
          }
          report(KQLDiagnostics.unknownTable(name, at: input.span, help: nil))
        }
        inputs += tables.map {
          BoundTable(relation: .scan(catalog.table(named: $0)!), description: $0)
        }
      } else if clause.isFuzzy, case .name(let name) = input.kind, lets[name] == nil,
        catalog.table(named: name) == nil
      {
        // Kusto: "the set of union sources is reduced to the set of table references that exist"; a failed
        // resolution is a warning while at least one source resolves.
        skipped.append(input)
      } else {
        inputs.append(bindTabular(input, lets: lets))
      }
    }
    for input in skipped {
      guard case .name(let name) = input.kind else { continue }
      if inputs.isEmpty {
        report(
          KQLDiagnostics.unknownTable(
            name, at: input.span, help: NameSuggester.help(for: name, among: catalog.tableNames)))
      } else {
        report(KQLDiagnostics.fuzzyUnionSkipped(name, at: input.span))
      }
    }
    if inputs.isEmpty { return BoundTable(relation: nil, description: "the union") }
    return bindUnion(inputs, isInner: clause.isInner, withSource: clause.withSource, span: span)
  }

  /// Aligns the inputs on one column list (null-filling missing columns for `kind=outer`).
  mutating func bindUnion(
    _ inputs: [BoundTable], isInner: Bool, withSource: KQLIdentifier?, span: Span
  ) -> BoundTable {
    let description = "the union"
    var relations: [Relation] = []
    for input in inputs {
      guard let relation = input.relation else {
        return BoundTable(relation: nil, description: description)
      }
      relations.append(relation)
    }
    // A name with several types becomes one column per type, suffixed with the type (`Col_string`, `Col_long`).
    var typesByName: [String: Set<DataType>] = [:]
    for relation in relations {
      for column in relation.columns { typesByName[column.name, default: []].insert(column.type) }
    }
    var columns: [(output: OutputColumn, source: OutputColumn)] = []
    for relation in relations {
      for column in relation.columns where !columns.contains(where: { $0.source == column }) {
        let name =
          typesByName[column.name, default: []].count > 1
          ? column.name + "_" + column.type.rawValue : column.name
        if columns.contains(where: { $0.output.name == name })
          || (name != column.name && typesByName[name] != nil)
        {
          report(
            KQLDiagnostics.unionColumnClash(column.name, next: name, at: span))
          return BoundTable(relation: nil, description: description)
        }
        columns.append((OutputColumn(name: name, type: column.type), column))
      }
    }
    if isInner {
      columns = columns.filter { column in
        relations.allSatisfy { $0.columns.contains(column.source) }
      }
    }
    var aligned: [Relation] = []
    for (input, relation) in zip(inputs, relations) {
      var outputs: [NamedExpression] = []
      if let withSource {
        outputs.append(
          NamedExpression(name: withSource.name, expression: .literal(.string(input.description))))
      }
      for (column, source) in columns {
        let present = relation.columns.contains(source)
        // Missing columns are null-filled; a KQL string is never null, so strings get "".
        let filler: Value = column.type == .string ? .string("") : .null(column.type)
        let value: ScalarExpression =
          present
          ? .column(source.name, source.type)
          : ScalarExpression(.literal(filler), type: column.type)
        outputs.append(NamedExpression(name: column.name, expression: value))
      }
      aligned.append(.project(relation, outputs))
    }
    return BoundTable(relation: .union(aligned), description: description)
  }

  /// The first tuple assignment (`(a, b) = f(…)`) of an operator that Spoor cannot name, or nil.
  ///
  /// Tuple names are translated for `series_stats` in `extend`/`project` and for every aggregate of a
  /// `summarize` (each names the columns its aggregate yields: `arg_max`/`arg_min`, `percentiles`, …). A tuple
  /// on a function that Spoor refuses is left to that function's own refusal, which says why.
  static func untranslatableTuple(in node: KQLOperatorNode) -> KQLAssignment? {
    let assignments: [KQLAssignment]
    switch node.kind {
    case .extend(let items), .project(let items):
      assignments = items.filter {
        if case .call(let function, _) = $0.value.kind {
          if function.name == "series_stats" { return false }
          if let known = KQLFunction.named(function.name), !known.isTranslated { return false }
        }
        return true
      }
    case .distinct(let items), .serialize(let items):
      assignments = items
    case .summarize(let aggregates, let keys):
      assignments =
        keys
        + aggregates.filter {
          if case .call(let function, _) = $0.value.kind {
            return !argExtremeNames.contains(function.name) && !aggregateNames.contains(function.name)
          }
          return true
        }
    case .mvExpand(let items, _, _, _), .mvApply(let items, _, _, _):
      assignments = items.map(\.assignment)
    default:
      return nil
    }
    return assignments.first { !$0.tupleNames.isEmpty }
  }
}
