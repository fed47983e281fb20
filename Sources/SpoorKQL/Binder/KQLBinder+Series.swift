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
  mutating func bindMakeSeries(_ clause: MakeSeriesClause, input: BoundTable, scope: Scope, span: Span)
    -> Relation?
  {
    if let rangeSpan = clause.rangeSpan {
      report(
        KQLDiagnostics.unsupported(
          "make-series … in range(…)", at: rangeSpan,
          note:
            "Kusto bins this form with bin() and an inclusive stop, and does not document the first bin; write 'from start to end step step'"
        ))
      return nil
    }
    guard let startSyntax = clause.start, let endSyntax = clause.end else {
      report(
        KQLDiagnostics.unsupported(
          "make-series without 'from' and 'to'", at: clause.axis.span,
          note:
            "Kusto then starts and ends each series at its own first and last bin with data, which it does not pin down; write 'from start to end'"
        ))
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
        KQLDiagnostics.unsupported(
          "make-series kind=nonempty with 'by'", at: clause.keys[0].value.span,
          note: "Kusto documents kind=nonempty's default row only for a series without group keys"))
      return nil
    }
    let axis = bindScalar(clause.axis, in: scope)
    let constants = Scope(columns: [], description: "a make-series bound (a constant)", lets: scope.lets)
    let start = bindScalar(startSyntax, in: constants)
    let end = bindScalar(endSyntax, in: constants)
    let step = bindScalar(stepSyntax, in: constants)
    guard let axis, let start, let end, let step else { return nil }
    let stepType: DataType
    switch axis.type {
    case .datetime, .timespan: stepType = .timespan
    case .long, .int, .real: stepType = axis.type
    default:
      report(
        KQLDiagnostics.typeMismatch(
          "the make-series axis must be a datetime, timespan or number, not \(axis.type.rawValue)",
          at: clause.axis.span))
      return nil
    }
    let bounds = [(start, startSyntax, axis.type), (end, endSyntax, axis.type), (step, stepSyntax, stepType)]
    for (value, syntax, expected) in bounds
    where value.type != expected && !(value.type.isNumeric && expected.isNumeric) {
      report(
        KQLDiagnostics.typeMismatch(
          "expected a \(expected.rawValue) here, got \(value.type.rawValue)", at: syntax.span))
      failed = true
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
          KQLDiagnostics.unsupported(
            "this make-series aggregate", at: valueSyntax.span,
            note:
              "make-series takes one call of avg, avgif, count, countif, dcount, dcountif, max, maxif, min, minif, percentile, take_any, stdev, sum, sumif or variance"
          ))
        failed = true
        continue
      }
      guard let calls = bindAggregateCall(function, arguments, scope: scope, span: valueSyntax.span) else {
        failed = true
        continue
      }
      guard calls.count == 1, calls[0].1.type.isNumeric else {
        report(
          KQLDiagnostics.unsupported(
            "a make-series aggregate of type \(calls[0].1.type.rawValue)", at: valueSyntax.span,
            note: "Kusto's make-series takes only aggregates with numeric results"))
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
            KQLDiagnostics.typeMismatch(
              "a make-series default must be a number, got \(value.type.rawValue)", at: defaultSyntax.span))
          failed = true
          continue
        }
        fallback = value
      }
      pendingNames.append((item.assignment.name?.name, calls[0].0))
      aggregates.append(NamedAggregate(name: "", call: calls[0].1))
      values.append(SeriesLayout.Value(name: "", defaultValue: fallback))
    }
    guard !failed, let relation = input.relation else { return nil }
    for (position, (explicit, derived)) in pendingNames.enumerated() {
      let name = names.claim(explicit ?? derived)
      aggregates[position].name = name
      values[position].name = name
    }
    let axisName = names.claim(Self.argumentName(clause.axis) ?? "Column\(clause.keys.count + 1)")
    let binColumn = names.claim("__bin")
    let inRange = ScalarExpression.call(
      .and,
      [
        .call(.greaterOrEqual, [axis, start], type: .bool, span: clause.axis.span),
        .call(.less, [axis, end], type: .bool, span: clause.axis.span),
      ], type: .bool, span: clause.axis.span)
    let binNumber = ScalarExpression.call(.binNumber, [axis, start, step], type: .long, span: clause.axis.span)
    let cells = Relation.aggregate(
      .filter(relation, inRange), groupBy: groupBy + [NamedExpression(name: binColumn, expression: binNumber)],
      aggregates: aggregates)
    let layout = SeriesLayout(
      keys: groupBy.map(\.name), binColumn: binColumn, values: values, axisName: axisName, start: start, end: end,
      step: step, keepEmpty: clause.nonEmpty)
    return .series(cells, layout)
  }
}
