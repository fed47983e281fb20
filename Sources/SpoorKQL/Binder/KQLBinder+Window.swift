import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Window functions of a serialized row set.
  static let windowFunctionNames: Set<String> = ["row_number", "prev", "next"]

  /// True when the expression calls one of the functions.
  static func containsCall(_ expression: Expression, named names: Set<String>) -> Bool {
    var hidden: [(String, Expression)] = []
    var counter = 0
    _ = extractCalls(expression, named: names, prefix: "", into: &hidden, counter: &counter)
    return !hidden.isEmpty
  }

  /// The order a relation's rows are serialized in (from the nearest `sort`), when its keys are still columns.
  static func serializedOrder(of relation: Relation) -> [SortKey] {
    switch relation {
    case .sort(_, let keys):
      return keys
    case .filter(let input, _), .limit(let input, _), .window(let input, _):
      return serializedOrder(of: input)
    case .project(let input, let outputs):
      let keys = serializedOrder(of: input)
      let passedThrough = Set(
        outputs.compactMap { output -> String? in
          if case .column(let name) = output.expression.kind, name == output.name { return name }
          return nil
        })
      let usable = keys.allSatisfy { key in
        if case .column(let name) = key.expression.kind { return passedThrough.contains(name) }
        return false
      }
      return usable ? keys : []
    default:
      return []
    }
  }

  /// `extend` (or `serialize`) with `row_number()`, `prev()`, `next()`: the window values are computed first as
  /// hidden columns over the serialized order, then the assignments, then the hidden columns are dropped.
  mutating func bindWindowedExtend(_ assignments: [Assignment], input: BoundTable, scope: Scope)
    -> Relation?
  {
    var hidden: [(String, Expression)] = []
    var counter = 0
    let rewritten = assignments.map { assignment in
      Assignment(
        name: assignment.name,
        value: Self.extractCalls(
          assignment.value, named: Self.windowFunctionNames, prefix: "__window", into: &hidden,
          counter: &counter))
    }
    let order = input.relation.map(Self.serializedOrder) ?? []
    var windows: [NamedWindowExpression] = []
    var numberings: [RestartingRowNumber] = []
    var failed = false
    for (name, callSyntax) in hidden {
      if case .call(let function, let arguments) = callSyntax.kind, function.name == "row_number",
        !arguments.isEmpty
      {
        guard
          let numbering = restartingRowNumber(
            name, arguments, callSyntax.span, counter: &counter, windows: &windows, order: order,
            scope: scope)
        else {
          failed = true
          continue
        }
        numberings.append(numbering)
        continue
      }
      guard let window = bindWindowCall(callSyntax, order: order, scope: scope) else {
        failed = true
        continue
      }
      windows.append(NamedWindowExpression(name: name, expression: window))
    }
    guard !failed, let relation = input.relation else { return nil }
    var hiddenNames = Set(windows.map(\.name))
    var layered = Relation.window(relation, windows)
    if !numberings.isEmpty {
      guard
        let numbered = numberRows(
          numberings, over: layered, counter: &counter, hiddenNames: &hiddenNames, scope: scope)
      else { return nil }
      layered = numbered
    }
    let windowed = BoundTable(relation: layered, description: input.description)
    var windowScope = scope
    windowScope.columns = windowed.columns
    guard
      case .project(let base, let outputs)? = bindExtend(
        rewritten, input: windowed, scope: windowScope)
    else {
      return nil
    }
    let kept = outputs.filter { output in !hiddenNames.contains(output.name) }
    let result = Relation.project(base, kept)
    // The rows stay in their serialized order, as Kusto's output of `sort | extend prev(…)` does.
    let keysKept =
      !order.isEmpty
      && order.allSatisfy { key in
        guard case .column(let name) = key.expression.kind else { return false }
        return kept.contains { $0.name == name && $0.expression.kind == .column(name) }
      }
    return keysKept ? .sort(result, order) : result
  }

  /// `row_number(start)` or `row_number(start, restart)` before its layers are built: the position column, and the
  /// restart condition's own `prev()`/`next()` calls, join the first window layer.
  struct RestartingRowNumber {
    /// The hidden column the assignment reads.
    var name: String
    /// The number of the first row (and of every row where the condition holds).
    var start: Int64
    /// The hidden column with the row's position in the serialized order.
    var position: String
    /// The restart condition over the first layer's columns, unbound.
    var restart: Expression?
  }

  /// Checks the arguments of `row_number(start, restart)` and adds its position and inner windows to `windows`.
  mutating func restartingRowNumber(
    _ name: String, _ arguments: [Expression], _ span: Span, counter: inout Int,
    windows: inout [NamedWindowExpression], order: [SortKey], scope: Scope
  ) -> RestartingRowNumber? {
    guard arguments.count <= 2 else {
      report(KQLDiagnostics.rowNumberArguments(at: span))
      return nil
    }
    guard case .literal(.long(let start))? = bindScalar(arguments[0], in: scope)?.kind else {
      report(KQLDiagnostics.expectedConstant("the start of row_number", at: arguments[0].span))
      return nil
    }
    var inner: [(String, Expression)] = []
    let restart =
      arguments.count == 2
      ? Self.extractCalls(
        arguments[1], named: Self.windowFunctionNames, prefix: "__window", into: &inner,
        counter: &counter)
      : nil
    for (innerName, callSyntax) in inner {
      guard let window = bindWindowCall(callSyntax, order: order, scope: scope) else { return nil }
      windows.append(NamedWindowExpression(name: innerName, expression: window))
    }
    counter += 1
    let position = "__window" + String(counter)
    windows.append(
      NamedWindowExpression(
        name: position,
        expression: WindowExpression(
          function: .rowNumber, arguments: [], partitionBy: [], orderBy: order, type: .long)))
    return RestartingRowNumber(name: name, start: start, position: position, restart: restart)
  }

  /// The layers that number rows from `start`, restarting where the condition holds.
  ///
  /// Each restart opens a group:
  /// the count of restarts up to a row is its number among the rows with the same condition value (when the
  /// condition holds) or its position minus that number (when it does not); rows are then numbered per group.
  mutating func numberRows(
    _ numberings: [RestartingRowNumber], over base: Relation, counter: inout Int,
    hiddenNames: inout Set<String>, scope: Scope
  ) -> Relation? {
    var layerScope = scope
    layerScope.columns = base.columns
    var counts: [NamedWindowExpression] = []
    var numbers: [NamedWindowExpression] = []
    var outputs = base.columns.map { column in
      NamedExpression(name: column.name, expression: .column(column.name, column.type))
    }
    for numbering in numberings {
      hiddenNames.insert(numbering.position)
      let position = ScalarExpression.column(numbering.position, .long)
      let byPosition = [SortKey(expression: position, ascending: true, nullsFirst: true)]
      guard let restartSyntax = numbering.restart else {
        outputs.append(
          NamedExpression(name: numbering.name, expression: offset(position, by: numbering.start)))
        continue
      }
      guard let condition = bindScalar(restartSyntax, in: layerScope) else { return nil }
      guard condition.type == .bool else {
        report(
          KQLDiagnostics.rowNumberRestart(at: restartSyntax.span))
        return nil
      }
      let holds = ScalarExpression.call(
        .coalesce, [condition, .literal(.bool(false))], type: .bool)
      counter += 1
      let sameCondition = "__window" + String(counter)
      hiddenNames.insert(sameCondition)
      counts.append(
        NamedWindowExpression(
          name: sameCondition,
          expression: WindowExpression(
            function: .rowNumber, arguments: [], partitionBy: [holds], orderBy: byPosition,
            type: .long)))
      let within = ScalarExpression.column(sameCondition, .long)
      let restarts = ScalarExpression(
        .caseWhen(
          [WhenClause(condition: holds, value: within)],
          otherwise: .call(.subtract, [position, within], type: .long)),
        type: .long)
      counter += 1
      let raw = "__window" + String(counter)
      hiddenNames.insert(raw)
      numbers.append(
        NamedWindowExpression(
          name: raw,
          expression: WindowExpression(
            function: .rowNumber, arguments: [], partitionBy: [restarts], orderBy: byPosition,
            type: .long)))
      outputs.append(
        NamedExpression(
          name: numbering.name,
          expression: offset(.column(raw, .long), by: numbering.start)))
    }
    let counted = counts.isEmpty ? base : Relation.window(base, counts)
    let numbered = numbers.isEmpty ? counted : Relation.window(counted, numbers)
    return .project(numbered, outputs)
  }

  /// A 1-based row number shifted to count from `start`.
  func offset(_ number: ScalarExpression, by start: Int64) -> ScalarExpression {
    start == 1 ? number : .call(.add, [number, .literal(.long(start - 1))], type: .long)
  }

  mutating func bindWindowCall(_ callSyntax: Expression, order: [SortKey], scope: Scope)
    -> WindowExpression?
  {
    guard case .call(let name, let syntaxArguments) = callSyntax.kind else { return nil }
    var arguments: [ScalarExpression] = []
    for argument in syntaxArguments {
      guard let value = bindScalar(argument, in: scope) else { return nil }
      arguments.append(value)
    }
    switch name.name {
    case "row_number":
      guard arguments.isEmpty else {
        report(
          KQLDiagnostics.rowNumberStartOrRestart(at: callSyntax.span))
        return nil
      }
      return WindowExpression(
        function: .rowNumber, arguments: [], partitionBy: [], orderBy: order, type: .long)
    default:
      guard arity(name, arguments.count, 1...3, callSyntax.span) else { return nil }
      var offset: Int64 = 1
      if arguments.count >= 2 {
        guard case .literal(.long(let value)) = arguments[1].kind, value >= 0 else {
          report(
            KQLDiagnostics.expectedConstant(
              "the offset of \(name.name)", at: syntaxArguments[1].span))
          return nil
        }
        offset = value
      }
      var windowArguments = [arguments[0]]
      if arguments.count == 3 {
        guard unifiedType([arguments[0], arguments[2]], callSyntax.span) != nil else { return nil }
        windowArguments.append(arguments[2])
      }
      let function: WindowFunction =
        name.name == "prev" ? .previous(offset: offset) : .next(offset: offset)
      return WindowExpression(
        function: function, arguments: windowArguments, partitionBy: [], orderBy: order,
        type: arguments[0].type)
    }
  }
}
