import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Output names made unique the way Kusto does: a clash gets a numeric suffix (`count_1`, `DeviceId1`).
struct UniqueNames {
  var taken: Set<String> = []

  /// Reserves `base`, or `base1`, `base2`, … when it is taken.
  mutating func claim(_ base: String) -> String {
    var name = base
    var counter = 1
    while taken.contains(name) {
      name = base + String(counter)
      counter += 1
    }
    taken.insert(name)
    return name
  }
}

extension KQLBinder {
  /// The name of a group key or aggregate argument, by Kusto.Language's rule (`GetExpressionResultName`): the
  /// column's name, `a_b` for `a.b`, the argument's name through the functions that pass it on
  /// (`KQLFunction.resultNames`: `bin(T, 1h)` and `startofday(T)` → `T`, `tostring(c)` → `c`, `strlen(c)` →
  /// `strlen_c`); nil for other expressions.
  ///
  /// A name in `renamed` (an aggregate's hidden column) stands for the aggregate's own name.
  static func argumentName(_ expression: KQLExpression, renamed: [String: String] = [:]) -> String? {
    if case .name(let name) = expression.kind, let aggregateName = renamed[name] { return aggregateName }
    if let name = defaultName(expression) { return name }
    guard case .call(let function, let arguments) = expression.kind,
      let rule = KQLFunction.resultNames[function.name.lowercased()], let first = arguments.first
    else { return nil }
    switch rule {
    case .firstArgument: return argumentName(first, renamed: renamed)
    case .onlyArgument: return arguments.count == 1 ? argumentName(first, renamed: renamed) : nil
    case .prefixAndFirstArgument(let prefix): return prefix + "_" + (argumentName(first, renamed: renamed) ?? "")
    }
  }

  mutating func bindSummarize(
    aggregates: [KQLAssignment], keys: [KQLAssignment], input: BoundTable, scope: Scope, span: Span
  ) -> Relation? {
    var names = UniqueNames()
    var groupBy: [NamedExpression] = []
    var failed = false
    var unnamed = 0
    func nextColumnName() -> String {
      unnamed += 1
      return "Column\(unnamed)"
    }
    for key in keys {
      guard let value = bindScalar(key.value, in: scope) else {
        failed = true
        continue
      }
      let name = names.claim(key.name?.name ?? Self.argumentName(key.value) ?? nextColumnName())
      groupBy.append(NamedExpression(name: name, expression: value))
    }
    // arg_max / arg_min pick whole rows: a separate plan shape.
    if aggregates.count == 1, case .call(let function, let arguments) = aggregates[0].value.kind,
      Self.argExtremeNames.contains(function.name)
    {
      guard !failed,
        let relation = bindArgExtreme(
          function, arguments, groupBy: groupBy, names: names, input: input, scope: scope,
          span: aggregates[0].value.span)
      else { return nil }
      return renamed(relation, after: groupBy.count, to: aggregates[0].tupleNames)
    }
    var named: [NamedAggregate] = []
    var outputs: [NamedExpression] = []
    var hasComputed = false
    var hiddenCounter = 0
    // arg_max / arg_min beside other aggregates: each numbers its group's rows (best first) in a window, and
    // its columns are the values on the row numbered 1.
    var rowNumberings: [NamedWindowExpression] = []
    for assignment in aggregates {
      if case .call(let function, let arguments) = assignment.value.kind,
        Self.argExtremeNames.contains(function.name)
      {
        guard
          let (window, extracted) = bindArgExtremeAggregates(
            function, arguments, groupBy: groupBy, names: &names,
            rowColumn: "__arg_row\(rowNumberings.count + 1)", input: input, scope: scope,
            span: assignment.value.span, tupleNames: assignment.tupleNames)
        else {
          failed = true
          continue
        }
        rowNumberings.append(window)
        for aggregate in extracted {
          named.append(aggregate)
          outputs.append(
            Self.passThrough(OutputColumn(name: aggregate.name, type: aggregate.call.type)))
        }
        continue
      }
      if case .call(let function, let arguments) = assignment.value.kind,
        Self.aggregateNames.contains(function.name)
      {
        guard
          let calls = bindAggregateCall(
            function, arguments, scope: scope, span: assignment.value.span),
          tupleFits(assignment.tupleNames, count: calls.count)
        else {
          failed = true
          continue
        }
        for (index, (defaultName, aggregateCall)) in calls.enumerated() {
          let base =
            assignment.tupleNames.isEmpty
            ? (index == 0 ? (assignment.name?.name ?? defaultName) : defaultName)
            : assignment.tupleNames[index].name
          let aggregate = NamedAggregate(name: names.claim(base), call: aggregateCall)
          named.append(aggregate)
          outputs.append(
            Self.passThrough(OutputColumn(name: aggregate.name, type: aggregateCall.type)))
        }
        continue
      }
      // An expression over aggregates (`round(avg(x), 2)`, `count() * 2`): aggregate first, then compute.
      var hidden: [(String, KQLExpression)] = []
      let rewritten = Self.extractAggregates(
        assignment.value, into: &hidden, counter: &hiddenCounter)
      guard !hidden.isEmpty else {
        if case .call(let function, _) = assignment.value.kind {
          report(KQLDiagnostics.notAggregate(function.name, at: function.span))
        } else {
          report(
            KQLDiagnostics.notAggregate(
              KQLBinder.defaultName(assignment.value) ?? "this expression",
              at: assignment.value.span))
        }
        failed = true
        continue
      }
      var hiddenColumns: [OutputColumn] = []
      var aggregateNames: [String: String] = [:]
      for (hiddenName, callSyntax) in hidden {
        guard case .call(let function, let arguments) = callSyntax.kind,
          let calls = bindAggregateCall(function, arguments, scope: scope, span: callSyntax.span),
          calls.count == 1
        else {
          failed = true
          continue
        }
        aggregateNames[hiddenName] = calls[0].0
        named.append(NamedAggregate(name: hiddenName, call: calls[0].1))
        hiddenColumns.append(OutputColumn(name: hiddenName, type: calls[0].1.type))
      }
      let outerScope = Scope(
        columns: groupBy.map { OutputColumn(name: $0.name, type: $0.expression.type) }
          + hiddenColumns
          + named.map { OutputColumn(name: $0.name, type: $0.call.type) },
        description: "the summarize output", lets: scope.lets)
      guard let value = bindScalar(rewritten, in: outerScope) else {
        failed = true
        continue
      }
      // Unnamed, it is named by Kusto.Language's rule through the aggregate: `tostring(make_set(c))` → `set_c`.
      let derived = Self.argumentName(rewritten, renamed: aggregateNames)
      let name = names.claim(assignment.name?.name ?? derived ?? nextColumnName())
      outputs.append(NamedExpression(name: name, expression: value))
      hasComputed = true
    }
    guard !failed, var relation = input.relation else { return nil }
    if !rowNumberings.isEmpty { relation = .window(relation, rowNumberings) }
    let aggregate = Relation.aggregate(relation, groupBy: groupBy, aggregates: named)
    guard hasComputed else { return aggregate }
    let keyColumns = groupBy.map {
      Self.passThrough(OutputColumn(name: $0.name, type: $0.expression.type))
    }
    return .project(aggregate, keyColumns + outputs)
  }

  /// Replaces each aggregate call inside an expression by a hidden column name.
  static func extractAggregates(
    _ expression: KQLExpression, into hidden: inout [(String, KQLExpression)], counter: inout Int
  )
    -> KQLExpression
  {
    extractCalls(
      expression, named: aggregateNames, prefix: "__aggregate", into: &hidden, counter: &counter)
  }

  /// Replaces each call of one of `names` inside an expression by a hidden column `<prefix><n>`, collecting the
  /// calls in `hidden`.
  static func extractCalls(
    _ expression: KQLExpression, named names: Set<String>, prefix: String,
    into hidden: inout [(String, KQLExpression)],
    counter: inout Int
  ) -> KQLExpression {
    func rewrite(_ child: KQLExpression) -> KQLExpression {
      extractCalls(child, named: names, prefix: prefix, into: &hidden, counter: &counter)
    }
    switch expression.kind {
    case .call(let function, let arguments):
      if names.contains(function.name) {
        counter += 1
        let name = prefix + String(counter)
        hidden.append((name, expression))
        return KQLExpression(.name(name), span: expression.span)
      }
      var rewritten: [KQLExpression] = []
      for argument in arguments { rewritten.append(rewrite(argument)) }
      return KQLExpression(.call(function, rewritten), span: expression.span)
    case .binary(let op, let left, let right):
      let newLeft = rewrite(left)
      return KQLExpression(.binary(op, newLeft, rewrite(right)), span: expression.span)
    case .logical(let op, let operands):
      var rewritten: [KQLExpression] = []
      for operand in operands { rewritten.append(rewrite(operand)) }
      return KQLExpression(.logical(op, rewritten), span: expression.span)
    case .negate(let operand):
      return KQLExpression(.negate(rewrite(operand)), span: expression.span)
    case .member(let base, let key):
      return KQLExpression(.member(rewrite(base), key), span: expression.span)
    case .index(let base, let key):
      let newBase = rewrite(base)
      return KQLExpression(.index(newBase, rewrite(key)), span: expression.span)
    default:
      return expression
    }
  }

  /// Binds one aggregate call into one or more (default name, call) pairs.
  // swiftlint:disable:next cyclomatic_complexity function_body_length
  mutating func bindAggregateCall(
    _ name: KQLIdentifier, _ syntaxArguments: [KQLExpression], scope: Scope, span: Span
  )
    -> [(String, AggregateCall)]?
  {
    let function = name.name
    let isStarOnly = syntaxArguments.count == 1 && syntaxArguments[0].kind == .star
    guard let arguments = isStarOnly ? [] : bindScalars(syntaxArguments, in: scope) else { return nil }
    let count = arguments.count
    let argumentName = syntaxArguments.first.flatMap { Self.argumentName($0) } ?? ""
    func predicate(_ index: Int) -> ScalarExpression? {
      guard index < count, requireBool(arguments[index], syntaxArguments[index].span) else {
        return nil
      }
      // An aggregate's condition acts as a filter: null and false both leave the row out.
      return Self.filterCondition(arguments[index])
    }
    func limit(_ index: Int) -> Int64?? {
      guard index < count else { return .some(nil) }
      guard case .literal(.long(let value)) = arguments[index].kind else {
        report(
          KQLDiagnostics.expectedConstant(
            "the size limit of \(function)", at: syntaxArguments[index].span))
        return nil
      }
      return .some(value)
    }
    func sumType(_ type: DataType) -> DataType {
      type == .real ? .real : type == .timespan ? .timespan : .long
    }
    switch function {
    case "count":
      if isStarOnly {
        return [("count_", AggregateCall(function: .count, arguments: [], type: .long))]
      }
      guard arity(name, count, 0...1, span) else { return nil }
      return [("count_", AggregateCall(function: .count, arguments: arguments, type: .long))]
    case "countif":
      guard arity(name, count, 1...1, span), let filter = predicate(0) else { return nil }
      return [
        ("countif_", AggregateCall(function: .count, arguments: [], filter: filter, type: .long))
      ]
    case "dcount", "count_distinct":
      guard arity(name, count, 1...2, span) else { return nil }
      let prefix = function == "dcount" ? "dcount_" : "count_distinct_"
      return [
        (
          prefix + argumentName,
          AggregateCall(function: .countDistinct, arguments: [arguments[0]], type: .long)
        )
      ]
    case "dcountif", "count_distinctif":
      guard arity(name, count, 2...3, span), let filter = predicate(1) else { return nil }
      let prefix = function == "dcountif" ? "dcountif_" : "count_distinctif_"
      return [
        (
          prefix + argumentName,
          AggregateCall(
            function: .countDistinct, arguments: [arguments[0]], filter: filter, type: .long)
        )
      ]
    case "sum", "sumif", "avg", "avgif", "min", "max", "minif", "maxif", "stdev", "stdevif",
      "variance", "varianceif":
      let conditional = function.hasSuffix("if")
      guard arity(name, count, conditional ? 2...2 : 1...1, span) else { return nil }
      let filter = conditional ? predicate(1) : nil
      if conditional && filter == nil { return nil }
      let base = conditional ? String(function.dropLast(2)) : function
      let value = arguments[0]
      let numeric = value.type.isNumeric || value.type == .timespan
      let plan: AggregateFunction
      let type: DataType
      switch base {
      case "sum":
        plan = .sum
        type = sumType(value.type)
      case "avg":
        plan = .avg
        type = value.type == .timespan ? .timespan : .real
      case "min":
        plan = .min
        type = value.type
      case "max":
        plan = .max
        type = value.type
      case "stdev":
        plan = .stdev
        type = .real
      default:
        plan = .variance
        type = .real
      }
      if !numeric && !(base == "min" || base == "max") {
        report(
          KQLDiagnostics.aggregateNeedsNumber(function, found: value.type, at: syntaxArguments[0].span))
        return nil
      }
      if value.type == .dynamic {
        report(
          KQLDiagnostics.aggregateOfDynamic(function, at: syntaxArguments[0].span))
        return nil
      }
      return [
        (
          function + "_" + argumentName,
          AggregateCall(function: plan, arguments: [value], filter: filter, type: type)
        )
      ]
    case "make_set", "makeset", "make_list", "makelist", "make_set_if", "make_list_if":
      let conditional = function.hasSuffix("_if")
      guard arity(name, count, conditional ? 2...3 : 1...2, span) else { return nil }
      let filter = conditional ? predicate(1) : nil
      if conditional && filter == nil { return nil }
      guard let size = limit(conditional ? 2 : 1) else { return nil }
      let isSet = function.contains("set")
      let plan: AggregateFunction = isSet ? .makeSet(limit: size) : .makeList(limit: size)
      return [
        (
          (isSet ? "set_" : "list_") + argumentName,
          AggregateCall(function: plan, arguments: [arguments[0]], filter: filter, type: .dynamic)
        )
      ]
    case "make_bag", "make_bag_if":
      let conditional = function == "make_bag_if"
      guard arity(name, count, conditional ? 2...3 : 1...2, span) else { return nil }
      let filter = conditional ? predicate(1) : nil
      if conditional && filter == nil { return nil }
      guard let value = requireDynamic(arguments[0], syntaxArguments[0].span) else { return nil }
      return [
        (
          "bag_" + argumentName,
          AggregateCall(function: .makeBag, arguments: [value], filter: filter, type: .dynamic)
        )
      ]
    case "any", "take_any":
      if isStarOnly {
        return (scope.columns ?? []).map { column in
          (
            column.name,
            AggregateCall(
              function: .any, arguments: [.column(column.name, column.type)], type: column.type)
          )
        }
      }
      guard arity(name, count, 1...64, span) else { return nil }
      return zip(syntaxArguments, arguments).enumerated().map { index, pair in
        (
          Self.argumentName(pair.0) ?? "any_\(index)",
          AggregateCall(function: .any, arguments: [pair.1], type: pair.1.type)
        )
      }
    case "take_anyif", "anyif":
      guard arity(name, count, 2...2, span), let filter = predicate(1) else { return nil }
      return [
        (
          argumentName.isEmpty ? "any_" : argumentName,
          AggregateCall(
            function: .any, arguments: [arguments[0]], filter: filter, type: arguments[0].type)
        )
      ]
    case "percentile", "percentiles":
      guard arity(name, count, 2...64, span), function == "percentiles" || count == 2 else {
        return nil
      }
      guard
        arguments[0].type.isNumeric || arguments[0].type == .timespan
          || arguments[0].type == .datetime
      else {
        report(
          KQLDiagnostics.aggregateNeedsNumber(function, found: nil, at: syntaxArguments[0].span))
        return nil
      }
      var result: [(String, AggregateCall)] = []
      for (index, argument) in arguments.enumerated().dropFirst() {
        let percent: Double
        switch argument.kind {
        case .literal(.long(let value)): percent = Double(value)
        case .literal(.real(let value)): percent = value
        default:
          report(KQLDiagnostics.expectedConstant("the percentile", at: syntaxArguments[index].span))
          return nil
        }
        let label =
          percent == percent.rounded() ? String(Int64(percent)) : String(percent).replacingDot()
        result.append(
          (
            "percentile_\(argumentName)_\(label)",
            AggregateCall(
              function: .percentile(percent), arguments: [arguments[0]], type: arguments[0].type)
          ))
      }
      return result
    case "arg_max", "arg_min", "argmax", "argmin":
      report(
        KQLDiagnostics.aggregateInsideExpression(function, at: name.span))
      return nil
    default:
      report(KQLDiagnostics.unsupportedAggregate(function, at: name.span))
      return nil
    }
  }

  /// `summarize arg_max(Expr, *|cols…) by keys`: one whole row per group where `Expr` is largest (smallest).
  mutating func bindArgExtreme(
    _ name: KQLIdentifier, _ syntaxArguments: [KQLExpression], groupBy: [NamedExpression],
    names: UniqueNames,
    input: BoundTable, scope: Scope, span: Span
  ) -> Relation? {
    var names = names
    guard let (isMax, extreme) = bindArgExtremeKey(name, syntaxArguments, scope: scope, span: span) else {
      return nil
    }
    guard let relation = input.relation, let columns = input.columns else { return nil }
    let extremeName = names.claim(
      Self.argumentName(syntaxArguments[0]) ?? (isMax ? "max_" : "min_"))
    var listed: [NamedExpression] = []
    var failed = false
    for argument in syntaxArguments.dropFirst() {
      if argument.kind == .star {
        for column in columns
        where !groupBy.contains(where: { $0.name == column.name }) && column.name != extremeName
          && !listed.contains(where: { $0.name == column.name })
        {
          listed.append(Self.passThrough(column))
          names.taken.formUnion([column.name])
        }
        continue
      }
      guard let value = bindScalar(argument, in: scope) else {
        failed = true
        continue
      }
      let base = Self.argumentName(argument) ?? "Column\(listed.count + 1)"
      if listed.contains(where: { $0.name == base }) { continue }
      listed.append(NamedExpression(name: names.claim(base), expression: value))
    }
    guard !failed else { return nil }
    // Compute keys, the ordering value and the listed values first, then keep one row per key.
    let prepared = groupBy + [NamedExpression(name: extremeName, expression: extreme)] + listed
    let widened = Relation.project(relation, prepared)
    let order = SortKey(
      expression: .column(extremeName, extreme.type), ascending: !isMax, nullsFirst: false)
    let keys = groupBy.map { ScalarExpression.column($0.name, $0.expression.type) }
    return .firstPerKey(widened, keys: keys, order: [order] + Self.tieBreak(widened.columns))
  }

  /// True when a tuple assignment names as many columns as its aggregate yields (or has no tuple); reports
  /// otherwise.
  mutating func tupleFits(_ tupleNames: [KQLIdentifier], count: Int) -> Bool {
    guard let first = tupleNames.first, tupleNames.count != count else { return true }
    let span = tupleNames.dropFirst().reduce(first.span) { $0.union($1.span) }
    report(
      KQLDiagnostics.tupleCount(tupleNames.count, "the aggregate", returns: count, at: span))
    return false
  }

  /// `summarize (a, b, …) = arg_max(…)`: the columns after the `by` keys renamed in order; nil after reporting
  /// when the counts differ.
  mutating func renamed(_ relation: Relation, after keyCount: Int, to tupleNames: [KQLIdentifier])
    -> Relation?
  {
    guard let first = tupleNames.first else { return relation }
    var outputs = relation.columns.map(Self.passThrough)
    guard tupleFits(tupleNames, count: outputs.count - keyCount) else { return nil }
    for (offset, name) in tupleNames.enumerated() { outputs[keyCount + offset].name = name.name }
    var seen: Set<String> = []
    for (position, output) in outputs.enumerated() where !seen.insert(output.name).inserted {
      let span = position >= keyCount ? tupleNames[position - keyCount].span : first.span
      report(KQLDiagnostics.tupleNameTwice(output.name, at: span))
      return nil
    }
    return .project(relation, outputs)
  }

  /// Checks an `arg_max`/`arg_min` call's arguments and binds the value it maximises (or minimises); nil after
  /// reporting when the call is malformed.
  private mutating func bindArgExtremeKey(
    _ name: KQLIdentifier, _ syntaxArguments: [KQLExpression], scope: Scope, span: Span
  ) -> (isMax: Bool, extreme: ScalarExpression)? {
    guard syntaxArguments.count >= 2 else {
      report(
        KQLDiagnostics.argumentCount(
          name.name, expected: "at least 2", got: syntaxArguments.count, at: span))
      return nil
    }
    guard let extreme = bindScalar(syntaxArguments[0], in: scope) else { return nil }
    guard extreme.type != .dynamic else {
      report(
        KQLDiagnostics.argExtremeOfDynamic(name.name, at: syntaxArguments[0].span))
      return nil
    }
    return (name.name == "arg_max" || name.name == "argmax", extreme)
  }

  /// `arg_max(Expr, *|cols…)` among other aggregates, as a row numbering and aggregates over it.
  ///
  /// A row number per group (largest `Expr` first, then ``tieBreak(_:)``) named `rowColumn`, and one aggregate per output column taking its value on row 1. Output
  /// columns as Kusto names them: the maximized expression, then the listed ones; `*` adds every input column
  /// not listed and not a `by` key; clashes with earlier columns get numeric suffixes.
  mutating func bindArgExtremeAggregates(
    _ name: KQLIdentifier, _ syntaxArguments: [KQLExpression], groupBy: [NamedExpression],
    names: inout UniqueNames, rowColumn: String, input: BoundTable, scope: Scope, span: Span,
    tupleNames: [KQLIdentifier] = []
  ) -> (NamedWindowExpression, [NamedAggregate])? {
    guard let (isMax, extreme) = bindArgExtremeKey(name, syntaxArguments, scope: scope, span: span) else {
      return nil
    }
    guard let columns = input.columns else { return nil }
    let extremeBase = Self.argumentName(syntaxArguments[0]) ?? (isMax ? "max_" : "min_")
    var values: [(String, ScalarExpression)] = [(extremeBase, extreme)]
    var failed = false
    for argument in syntaxArguments.dropFirst() {
      if argument.kind == .star {
        for column in columns
        where !groupBy.contains(where: { $0.name == column.name })
          && !values.contains(where: { $0.0 == column.name })
        {
          values.append((column.name, .column(column.name, column.type)))
        }
        continue
      }
      guard let value = bindScalar(argument, in: scope) else {
        failed = true
        continue
      }
      let base = Self.argumentName(argument) ?? "Column\(values.count)"
      if values.dropFirst().contains(where: { $0.0 == base }) { continue }
      values.append((base, value))
    }
    guard !failed, tupleFits(tupleNames, count: values.count) else { return nil }
    if !tupleNames.isEmpty { values = zip(tupleNames, values).map { ($0.name, $1.1) } }
    let order = SortKey(expression: extreme, ascending: !isMax, nullsFirst: false)
    let numbering = WindowExpression(
      function: .rowNumber, arguments: [], partitionBy: groupBy.map(\.expression),
      orderBy: [order] + Self.tieBreak(columns), type: .long)
    let onFirstRow = call(
      .equal, [.column(rowColumn, .long), .literal(.long(1))], .bool, span)
    let aggregates = values.map { base, value in
      NamedAggregate(
        name: names.claim(base),
        call: AggregateCall(function: .any, arguments: [value], filter: onFirstRow, type: value.type))
    }
    return (NamedWindowExpression(name: rowColumn, expression: numbering), aggregates)
  }

  /// The names of `arg_max` and `arg_min`, deprecated aliases included.
  static let argExtremeNames: Set<String> = ["arg_max", "arg_min", "argmax", "argmin"]

  /// Spoor's deterministic choice among tied rows, which Kusto leaves unspecified: the lowest `ReportId`, when
  /// the rows have one.
  static func tieBreak(_ columns: [OutputColumn]) -> [SortKey] {
    guard let column = columns.first(where: { $0.name == "ReportId" }) else { return [] }
    return [
      SortKey(expression: .column(column.name, column.type), ascending: true, nullsFirst: false)
    ]
  }
}

extension String {
  /// The text with `.` replaced by `_` (Kusto's names for fractional percentiles).
  fileprivate func replacingDot() -> String { String(map { $0 == "." ? "_" : $0 }) }
}
