import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Plugins Spoor recognises and refuses, with the reason.
  static let refusedPlugins: [String: String] = {
    var reasons: [String: String] = [:]
    let heuristic =
      "its pattern mining follows Kusto's own heuristics and thresholds, which are not documented exactly enough to reproduce"
    for name in ["autocluster", "basket", "diffpatterns", "diffpatterns_text"] { reasons[name] = heuristic }
    for name in ["python", "r"] { reasons[name] = "it runs Python or R code inside Kusto's sandbox" }
    for name in [
      "sql_request", "cosmosdb_sql_request", "mysql_request", "postgresql_request", "http_request",
      "http_request_post", "azure_digital_twins_query_request",
    ] {
      reasons[name] = "it queries a service outside the database"
    }
    for name in ["infer_storage_schema", "infer_storage_schema_with_suggestions", "schema_merge", "preview"] {
      reasons[name] = "it reads Kusto's storage or schema metadata"
    }
    for name in [
      "narrow", "ipv4_lookup", "ipv6_lookup", "rolling_percentile", "session_count",
      "sliding_window_counts", "activity_counts_metrics", "activity_engagement", "activity_metrics",
      "new_activity_metrics", "active_users_count", "dcount_intersect", "funnel_sequence",
      "funnel_sequence_completion", "sequence_detect", "percentiles_array",
    ] {
      reasons[name] = "not translated yet"
    }
    return reasons
  }()

  /// `evaluate plugin(…)`: `bag_unpack` and `pivot` are translated; the other plugins are refused with the
  /// reason.
  mutating func bindEvaluate(_ clause: KQLEvaluateClause, input: BoundTable, scope: Scope) -> Relation? {
    if clause.plugin.name == "pivot" { return bindPivot(clause, input: input, scope: scope) }
    guard clause.plugin.name == "bag_unpack" else {
      report(
        KQLDiagnostics.plugin(
          clause.plugin.name, reason: Self.refusedPlugins[clause.plugin.name], at: clause.plugin.span))
      return nil
    }
    return bindBagUnpack(clause, input: input, scope: scope)
  }

  /// `evaluate bag_unpack(Column [, Prefix] [, columnsConflict] [, ignoredProperties]) [: (schema)]`: the input
  /// without the bag column, then one column per key of the bag values (sorted, prefixed), typed like its values.
  ///
  /// Without an output schema the keys come from the data: binding stops with a ``BagKeyDiscovery`` that the
  /// engine runs before binding again with the keys (``bagKeys``).
  mutating func bindBagUnpack(_ clause: KQLEvaluateClause, input: BoundTable, scope: Scope) -> Relation? {
    let span = clause.plugin.span
    var options: [String: KQLExpression] = [:]
    let positionalNames = ["Column", "OutputColumnPrefix", "columnsConflict", "ignoredProperties"]
    guard clause.arguments.count <= positionalNames.count else {
      report(
        KQLDiagnostics.argumentCount("bag_unpack", expected: "1 to 4", got: clause.arguments.count, at: span))
      return nil
    }
    for (position, argument) in clause.arguments.enumerated() { options[positionalNames[position]] = argument }
    for argument in clause.namedArguments {
      guard let name = argument.name, positionalNames.dropFirst().contains(name.name) else {
        report(
          KQLDiagnostics.bagUnpackOptions(at: argument.name?.span ?? argument.value.span))
        return nil
      }
      options[name.name] = argument.value
    }
    guard let columnSyntax = options["Column"], case .name(let bagName) = columnSyntax.kind else {
      report(KQLDiagnostics.pluginColumnArgument("bag_unpack", at: span))
      return nil
    }
    guard let columns = input.columns, let relation = input.relation else { return nil }
    guard let bag = columns.first(where: { $0.name == bagName }) else {
      reportUnknownColumn(bagName, columnSyntax.span, scope)
      return nil
    }
    // A string column holds JSON text (Defender's AdditionalFields, dynamic in Sentinel's copy): read as member
    // access reads it.
    guard let bagValue = requireDynamic(.column(bagName, bag.type, span: columnSyntax.span), columnSyntax.span)
    else { return nil }
    let constants = Scope(columns: [], description: "a bag_unpack option (a constant)", lets: scope.lets)
    func constantString(_ name: String, default fallback: String) -> String? {
      guard let syntax = options[name] else { return fallback }
      guard let value = bindScalar(syntax, in: constants) else { return nil }
      guard case .literal(.string(let text)) = value.kind else {
        report(KQLDiagnostics.expectedConstant("bag_unpack's \(name)", at: syntax.span))
        return nil
      }
      return text
    }
    guard let prefix = constantString("OutputColumnPrefix", default: ""),
      let conflict = constantString("columnsConflict", default: "error")
    else { return nil }
    guard ["error", "replace_source", "keep_source"].contains(conflict) else {
      report(
        KQLDiagnostics.columnsConflict(at: options["columnsConflict"]?.span ?? span))
      return nil
    }
    var ignored: Set<String> = []
    if let syntax = options["ignoredProperties"] {
      guard let value = bindScalar(syntax, in: constants) else { return nil }
      guard case .literal(.dynamic(let json)) = value.kind, let elements = Self.jsonArrayElements(json) else {
        report(KQLDiagnostics.expectedConstant("bag_unpack's ignoredProperties (a dynamic array)", at: syntax.span))
        return nil
      }
      for element in elements { if case .string(let name) = element { ignored.insert(name) } }
    }
    var base = columns.filter { $0.name != bagName }
    // (output name, key, type) per unpacked column.
    var slots: [(String, String, DataType)] = []
    if let schema = clause.schema {
      if !clause.schemaKeepsInput { base = [] }
      for column in schema {
        guard let type = DataType(kqlName: column.typeName.name) else {
          report(KQLDiagnostics.unknownType(column.typeName.name, at: column.typeName.span))
          return nil
        }
        // A declared input column is that column; a declared name is prefix + key.
        let name = column.name.name
        if base.contains(where: { $0.name == name }) { continue }
        let key = !prefix.isEmpty && name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
        slots.append((name, key, type))
      }
    } else {
      let discovery = Self.keyDiscovery(of: bagName, value: bagValue, in: relation)
      guard let found = bagKeys[discovery] else {
        if keyDiscovery == nil { keyDiscovery = BagKeyDiscovery(relation: discovery) }
        return nil
      }
      slots = found.filter { !ignored.contains($0.name) }.map { (prefix + $0.name, $0.name, $0.type) }
    }
    var outputs = base.map(Self.passThrough)
    for (name, key, type) in slots {
      if let position = outputs.firstIndex(where: { $0.name == name }) {
        switch conflict {
        case "keep_source": continue
        case "replace_source": outputs.remove(at: position)
        default:
          report(
            KQLDiagnostics.bagUnpackConflict(name, at: columnSyntax.span))
          return nil
        }
      }
      let member = ScalarExpression.call(
        .memberAccess, [bagValue, .literal(.string(key), span: span)], type: .dynamic, span: span)
      outputs.append(NamedExpression(name: name, expression: Self.converted(member, to: type, span: span)))
    }
    return .project(relation, outputs)
  }

  /// A dynamic value converted to a column type with Kusto's rules (strings are never null).
  static func converted(_ value: ScalarExpression, to type: DataType, span: Span) -> ScalarExpression {
    guard type != .dynamic else { return value }
    return .call(conversion(to: type), [value], type: type, span: span)
  }

  /// The distinct (key, Kusto type name of the value) pairs of a bag column's property bags.
  static func keyDiscovery(of bag: String, value bagValue: ScalarExpression, in relation: Relation) -> Relation {
    let value = ScalarExpression.column(bag, .dynamic)
    let isBag = ScalarExpression.call(
      .equal, [.call(.dynamicTypeName, [value], type: .string), .literal(.string("dictionary"))], type: .bool)
    let bags = Relation.filter(.project(relation, [NamedExpression(name: bag, expression: bagValue)]), isBag)
    let entries = Relation.expand(
      bags, Expansion(column: bag, kind: .bag, elementType: .dynamic, indexColumn: nil, keepEmpty: false))
    let key = ScalarExpression.call(
      .toString,
      [.call(.indexAccess, [.call(.bagKeys, [value], type: .dynamic), .literal(.long(0))], type: .dynamic)],
      type: .string)
    let type = ScalarExpression.call(
      .dynamicTypeName, [.call(.memberAccess, [value, key], type: .dynamic)], type: .string)
    let outputs = [NamedExpression(name: "key", expression: key), NamedExpression(name: "type", expression: type)]
    return .distinct(.project(entries, outputs))
  }

  /// The aggregates `pivot` translates: those whose cell for a group without rows of a value is documented
  /// (Kusto's examples show 0 for count and sum; dcount counts nothing as 0).
  static let pivotAggregates: Set<String> = ["count", "sum", "dcount"]

  /// `evaluate pivot(PivotColumn [, Aggregate [, Column …]])`: one row per distinct value of the columns (by
  /// default every input column but the pivot column and the aggregated ones), then one column per distinct
  /// value of the pivot column holding the aggregate of that value's rows.
  ///
  /// The values come from the data: binding stops with a ``BagKeyDiscovery`` that the engine runs before
  /// binding again with them (as for `bag_unpack`). Kusto orders the value columns as it meets the values;
  /// Spoor sorts them.
  mutating func bindPivot(_ clause: KQLEvaluateClause, input: BoundTable, scope: Scope) -> Relation? {
    let span = clause.plugin.span
    guard clause.namedArguments.isEmpty, !clause.arguments.isEmpty else {
      report(
        KQLDiagnostics.pivotArguments(at: span))
      return nil
    }
    if let schema = clause.schema, let first = schema.first {
      report(
        KQLDiagnostics.pivotSchema(at: first.name.span))
      return nil
    }
    guard let columns = input.columns, let relation = input.relation else { return nil }
    let pivotSyntax = clause.arguments[0]
    guard case .name(let pivotName) = pivotSyntax.kind else {
      report(KQLDiagnostics.pluginColumnArgument("pivot", at: pivotSyntax.span))
      return nil
    }
    guard let pivotColumn = columns.first(where: { $0.name == pivotName }) else {
      reportUnknownColumn(pivotName, pivotSyntax.span, scope)
      return nil
    }
    // The aggregate and the columns it reads.
    var aggregate = AggregateCall(function: .count, arguments: [], type: .long)
    var aggregated: Set<String> = []
    if clause.arguments.count > 1 {
      let syntax = clause.arguments[1]
      guard case .call(let function, let arguments) = syntax.kind,
        Self.aggregateNames.contains(function.name)
      else {
        report(KQLDiagnostics.pivotAggregateArgument(at: syntax.span))
        return nil
      }
      guard Self.pivotAggregates.contains(function.name) else {
        report(
          KQLDiagnostics.pivotAggregate(function.name, at: function.span))
        return nil
      }
      guard let calls = bindAggregateCall(function, arguments, scope: scope, span: syntax.span) else { return nil }
      aggregate = calls[0].1
      aggregated = arguments.reduce(into: []) { $0.formUnion(Self.names(in: $1)) }
    }
    var groupBy: [NamedExpression] = []
    if clause.arguments.count > 2 {
      for syntax in clause.arguments.dropFirst(2) {
        guard case .name(let name) = syntax.kind else {
          report(KQLDiagnostics.pivotColumns(at: syntax.span))
          return nil
        }
        guard let column = columns.first(where: { $0.name == name }) else {
          reportUnknownColumn(name, syntax.span, scope)
          return nil
        }
        groupBy.append(NamedExpression(name: name, expression: .column(name, column.type)))
      }
    } else {
      groupBy = columns.filter { $0.name != pivotName && !aggregated.contains($0.name) }.map {
        NamedExpression(name: $0.name, expression: .column($0.name, $0.type))
      }
    }
    let pivotValue: ScalarExpression =
      pivotColumn.type == .string
      ? .column(pivotName, .string) : .call(.toString, [.column(pivotName, pivotColumn.type)], type: .string)
    let discovery = Relation.distinct(
      .project(
        relation,
        [
          NamedExpression(name: "key", expression: pivotValue),
          NamedExpression(name: "type", expression: .literal(.string("string"))),
        ]))
    guard let values = bagKeys[discovery] else {
      if keyDiscovery == nil { keyDiscovery = BagKeyDiscovery(relation: discovery) }
      return nil
    }
    var names = UniqueNames()
    for key in groupBy { _ = names.claim(key.name) }
    var aggregates: [NamedAggregate] = []
    for value in values.map(\.name) {
      guard !value.isEmpty else {
        report(
          KQLDiagnostics.pivotEmptyValue(at: pivotSyntax.span))
        return nil
      }
      guard !groupBy.contains(where: { $0.name == value }) else {
        report(
          KQLDiagnostics.pivotValueClash(value, at: pivotSyntax.span))
        return nil
      }
      var call = aggregate
      let matches = ScalarExpression.call(
        .equal, [pivotValue, .literal(.string(value), span: span)], type: .bool, span: span)
      call.filter = call.filter.map { ScalarExpression.call(.and, [$0, matches], type: .bool) } ?? matches
      // sum() of no row is 0 in Spoor's aggregate, as Kusto's pivot examples show for a missing cell.
      aggregates.append(NamedAggregate(name: names.claim(value), call: call))
    }
    return .aggregate(relation, groupBy: groupBy, aggregates: aggregates)
  }
}
