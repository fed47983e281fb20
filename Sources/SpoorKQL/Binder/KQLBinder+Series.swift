import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// The aggregates Kusto's `make-series` documents (only those with numeric results).
  static let seriesAggregateNames: Set<String> = [
    "avg", "avgif", "count", "countif", "dcount", "dcountif", "max", "maxif", "min", "minif", "percentile",
    "take_any", "any", "stdev", "sum", "sumif", "variance",
  ]

  /// `make-series`: the input's rows with the axis in `[from, to)` aggregated per group and `bin_at(axis, step,
  /// from)`, then gathered into one row per group of arrays over every bin (Kusto's documented result).
  ///
  /// Without `from`, the series start at the first bin with data: `bin(min(axis), step)` over the input. Without
  /// `to`, they end at the upper bound of the last bin with data. Every series shares the one axis, as Kusto's
  /// output has one axis array per row over the same bins.
  mutating func bindMakeSeries(_ clause: KQLMakeSeriesClause, input: BoundTable, scope: Scope, span: Span)
    -> Relation?
  {
    if clause.nonEmpty, clause.start == nil || clause.end == nil {
      report(KQLDiagnostics.nonemptySeriesWithoutRange(at: clause.axis.span))
      return nil
    }
    guard let stepSyntax = clause.step else { return nil }
    var failed = false
    var names = UniqueNames()
    var groupBy: [NamedExpression] = []
    for (position, key) in clause.keys.enumerated() {
      guard let value = bindScalar(key.value, in: scope) else {
        failed = true
        continue
      }
      let name = names.claim(key.name?.name ?? Self.argumentName(key.value) ?? "Column\(position + 1)")
      groupBy.append(NamedExpression(name: name, expression: value))
    }
    if clause.nonEmpty, !groupBy.isEmpty {
      report(
        KQLDiagnostics.nonemptySeriesByKeys(at: clause.keys[0].value.span))
      return nil
    }
    let axis = bindScalar(clause.axis, in: scope)
    let constants = Scope(columns: [], description: "a make-series bound (a constant)", lets: scope.lets)
    let writtenStart = clause.start.map { bindScalar($0, in: constants) }
    let writtenEnd = clause.end.map { bindScalar($0, in: constants) }
    let step = bindScalar(stepSyntax, in: constants)
    guard let axis, let step, let relation = input.relation else { return nil }
    // A numeric axis binned by a real step has real bins.
    let boundType: DataType = axis.type.isNumeric && step.type == .real ? .real : axis.type
    guard
      case .some(var start) = writtenStart
        ?? .call(.bin, [seriesDataExtreme(.min, of: axis, over: relation), step], type: boundType, span: axis.span),
      case .some(var end) = writtenEnd
        ?? seriesDataEnd(
          of: axis, over: relation, from: clause.start == nil ? nil : start, step: step, type: boundType)
    else { return nil }
    let startSyntax = clause.start ?? clause.axis
    let endSyntax = clause.end ?? clause.axis
    let stepType: DataType
    switch axis.type {
    case .datetime, .timespan: stepType = .timespan
    case .long, .int, .real: stepType = axis.type
    default:
      report(
        KQLDiagnostics.seriesAxisType(axis.type, at: clause.axis.span))
      return nil
    }
    let bounds = [(start, startSyntax, axis.type), (end, endSyntax, axis.type), (step, stepSyntax, stepType)]
    for (value, syntax, expected) in bounds
    where value.type != expected && !(value.type.isNumeric && expected.isNumeric) {
      report(
        KQLDiagnostics.seriesBoundType(expected: expected, found: value.type, at: syntax.span))
      failed = true
    }
    if clause.rangeSpan != nil, !failed {
      // `in range(start, stop, step)`: Kusto bins the axis with bin(), not bin_at(), and includes stop, so the
      // series runs from bin(start, step) through bin(stop, step): `from` and `to` of the main syntax.
      start = .call(.bin, [start, step], type: boundType, span: startSyntax.span)
      end = .call(
        .add, [.call(.bin, [end, step], type: boundType, span: endSyntax.span), step], type: boundType,
        span: endSyntax.span)
    }
    var aggregates: [NamedAggregate] = []
    var values: [SeriesLayout.Value] = []
    var pendingNames: [(String?, String)] = []
    for item in clause.aggregates {
      let valueSyntax = item.assignment.value
      guard case .call(let function, let arguments) = valueSyntax.kind,
        Self.seriesAggregateNames.contains(function.name)
      else {
        report(
          KQLDiagnostics.seriesAggregate(at: valueSyntax.span))
        failed = true
        continue
      }
      guard let calls = bindAggregateCall(function, arguments, scope: scope, span: valueSyntax.span) else {
        failed = true
        continue
      }
      guard calls.count == 1, calls[0].1.type.isNumeric else {
        report(
          KQLDiagnostics.seriesAggregateType(calls[0].1.type, at: valueSyntax.span))
        failed = true
        continue
      }
      var fallback = ScalarExpression.literal(.long(0), span: valueSyntax.span)
      if let defaultSyntax = item.defaultValue {
        guard let value = bindScalar(defaultSyntax, in: constants) else {
          failed = true
          continue
        }
        guard value.type.isNumeric || value.kind == .literal(.null(.dynamic)) else {
          report(
            KQLDiagnostics.seriesDefaultType(value.type, at: defaultSyntax.span))
          failed = true
          continue
        }
        fallback = value
      }
      pendingNames.append((item.assignment.name?.name, calls[0].0))
      aggregates.append(NamedAggregate(name: "", call: calls[0].1))
      values.append(SeriesLayout.Value(name: "", defaultValue: fallback))
    }
    guard !failed else { return nil }
    for (position, (explicit, derived)) in pendingNames.enumerated() {
      let name = names.claim(explicit ?? derived)
      aggregates[position].name = name
      values[position].name = name
    }
    let axisName = names.claim(Self.argumentName(clause.axis) ?? "Column\(clause.keys.count + 1)")
    let binColumn = names.claim("__bin")
    // A bound taken from the data holds for every row with an axis value, so only written bounds are compared.
    var conditions: [ScalarExpression] = []
    if clause.start != nil {
      conditions.append(.call(.greaterOrEqual, [axis, start], type: .bool, span: clause.axis.span))
    }
    if clause.end != nil { conditions.append(.call(.less, [axis, end], type: .bool, span: clause.axis.span)) }
    let inRange =
      switch conditions.count {
      case 0: ScalarExpression.call(.isNotNull, [axis], type: .bool, span: clause.axis.span)
      case 1: conditions[0]
      default: ScalarExpression.call(.and, conditions, type: .bool, span: clause.axis.span)
      }
    let binNumber = ScalarExpression.call(.binNumber, [axis, start, step], type: .long, span: clause.axis.span)
    let cells = Relation.aggregate(
      .filter(relation, inRange), groupBy: groupBy + [NamedExpression(name: binColumn, expression: binNumber)],
      aggregates: aggregates)
    let layout = SeriesLayout(
      keys: groupBy.map(\.name), binColumn: binColumn, values: values, axisName: axisName, start: start, end: end,
      step: step, keepEmpty: clause.nonEmpty)
    return .series(cells, layout)
  }

  /// The smallest (`.min`) or largest (`.max`) axis value over the operator's input, as a scalar sub-select.
  func seriesDataExtreme(_ function: AggregateFunction, of axis: ScalarExpression, over input: Relation)
    -> ScalarExpression
  {
    let extreme = Relation.aggregate(
      input, groupBy: [],
      aggregates: [
        NamedAggregate(name: "bound", call: AggregateCall(function: function, arguments: [axis], type: axis.type))
      ])
    return ScalarExpression(.scalarSubquery(extreme), type: axis.type, span: axis.span)
  }

  /// `to` when not written: the upper bound of the bin holding the largest axis value, `bin_at(max(axis), step,
  /// start) + step` for a written `from` (`start`), `bin(max(axis), step) + step` for bins laid by `bin()`.
  func seriesDataEnd(
    of axis: ScalarExpression, over input: Relation, from start: ScalarExpression?, step: ScalarExpression,
    type: DataType
  ) -> ScalarExpression {
    let largest = seriesDataExtreme(.max, of: axis, over: input)
    let lastBin: ScalarExpression
    if let start {
      let offsetType: DataType = type == .datetime ? .timespan : type
      let offset = ScalarExpression.call(.subtract, [largest, start], type: offsetType, span: axis.span)
      lastBin = .call(
        .add, [.call(.bin, [offset, step], type: offsetType, span: axis.span), start], type: type, span: axis.span)
    } else {
      lastBin = .call(.bin, [largest, step], type: type, span: axis.span)
    }
    return .call(.add, [lastBin, step], type: type, span: axis.span)
  }

  /// The statistics `series_stats` returns, in Kusto's column order, with their types.
  static let seriesStatistics: [(String, DataType)] = [
    ("min", .real), ("min_idx", .long), ("max", .real), ("max_idx", .long), ("avg", .real), ("stdev", .real),
    ("variance", .real),
  ]

  /// `series_stats_dynamic(series [, ignore_nonfinite])` as a bag.
  mutating func seriesStats(_ arguments: [ScalarExpression], span: Span) -> ScalarExpression? {
    guard expectType(arguments[0], [.dynamic], "the series", span) else { return nil }
    let ignore = arguments.count > 1 ? arguments[1] : .literal(.bool(false), span: span)
    guard expectType(ignore, [.bool], "ignore_nonfinite", span) else { return nil }
    return call(.seriesStats, [arguments[0], ignore], .dynamic, span)
  }

  /// The columns of `series_stats(x)` in `extend`/`project`: `series_stats_x_min`, … or the tuple's names (as
  /// many statistics as names, in order); nil when the assignment is not a `series_stats` call, an empty array
  /// after an error.
  mutating func seriesStatsColumns(_ assignment: KQLAssignment, in scope: Scope) -> [NamedExpression]? {
    guard case .call(let function, let syntaxArguments) = assignment.value.kind, function.name == "series_stats"
    else { return nil }
    let span = assignment.value.span
    if let name = assignment.name {
      report(
        KQLDiagnostics.seriesStatsSingleName(at: name.span))
      return []
    }
    guard arity(function, syntaxArguments.count, 1...2, span) else { return [] }
    var arguments: [ScalarExpression] = []
    for argument in syntaxArguments {
      guard let value = bindScalar(argument, in: scope) else { return [] }
      arguments.append(value)
    }
    guard let bag = seriesStats(arguments, span: span) else { return [] }
    let names = assignment.tupleNames
    guard names.count <= Self.seriesStatistics.count else {
      report(
        KQLDiagnostics.tupleCount(
          names.count, "series_stats", returns: Self.seriesStatistics.count, at: names[Self.seriesStatistics.count].span
        ))
      return []
    }
    let prefix = "series_stats_" + (Self.defaultName(syntaxArguments[0]).map { $0 + "_" } ?? "")
    let statistics = names.isEmpty ? Self.seriesStatistics : Array(Self.seriesStatistics.prefix(names.count))
    return statistics.enumerated().map { position, statistic in
      let value = call(.seriesStatistic, [bag, .literal(.string(statistic.0), span: span)], statistic.1, span)
      return NamedExpression(name: names.isEmpty ? prefix + statistic.0 : names[position].name, expression: value)
    }
  }
}
