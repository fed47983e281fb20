import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension KQLBinder {
  /// Window functions of a serialized row set.
  static let windowFunctionNames: Set<String> = [
    "row_number", "row_cumsum", "row_rank_dense", "row_rank_min", "prev", "next",
  ]

  /// The rank functions, which like `row_cumsum` take their own layers and cannot sit in another running function.
  static let rankFunctionNames: Set<String> = ["row_rank_dense", "row_rank_min"]

  /// Reports the first running function (`row_cumsum`, `row_rank_dense`, `row_rank_min`) inside `arguments`; true
  /// when there is one.
  mutating func reportsNestedRunningFunction(in arguments: [KQLExpression]) -> Bool {
    if let nested = arguments.first(where: { Self.containsCall($0, named: ["row_cumsum"]) }) {
      report(KQLDiagnostics.nestedRunningSum(at: nested.span))
      return true
    }
    if let nested = arguments.first(where: { Self.containsCall($0, named: Self.rankFunctionNames) }) {
      report(KQLDiagnostics.nestedRowRank(at: nested.span))
      return true
    }
    return false
  }

  /// True when the expression calls one of the functions.
  static func containsCall(_ expression: KQLExpression, named names: Set<String>) -> Bool {
    var hidden: [(String, KQLExpression)] = []
    var counter = 0
    _ = extractCalls(expression, named: names, prefix: "", into: &hidden, counter: &counter)
    return !hidden.isEmpty
  }

  /// The order a relation's rows are serialized in (from the nearest `sort`), when its keys are still columns.
  static func serializedOrder(of relation: Relation) -> [SortKey] {
    switch relation {
    case .sort(_, let keys):
      // `sample`'s random order cannot be computed a second time: the rows keep the order they come in.
      return keys.contains { $0.expression.kind == .call(.random, []) } ? [] : keys
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

  /// `extend` (or `serialize`) with `row_number()`, `row_cumsum()`, `prev()`, `next()`: the window values are
  /// computed first as hidden columns over the serialized order, then the assignments, then the hidden columns are
  /// dropped.
  mutating func bindWindowedExtend(_ assignments: [KQLAssignment], input: BoundTable, scope: Scope)
    -> Relation?
  {
    var hidden: [(String, KQLExpression)] = []
    var counter = 0
    let rewritten = assignments.map { assignment in
      KQLAssignment(
        name: assignment.name,
        value: Self.extractCalls(
          assignment.value, named: Self.windowFunctionNames, prefix: "__window", into: &hidden,
          counter: &counter))
    }
    let order = input.relation.map(Self.serializedOrder) ?? []
    var windows: [NamedWindowExpression] = []
    var numberings: [RestartingRowNumber] = []
    var sums: [RunningCall] = []
    var ranks: [RunningCall] = []
    var failed = false
    for (name, callSyntax) in hidden {
      if case .call(let function, let arguments) = callSyntax.kind,
        function.name == "row_cumsum" || Self.rankFunctionNames.contains(function.name)
      {
        guard
          let call = runningCall(
            name, function, arguments, callSyntax.span, counter: &counter, windows: &windows, order: order,
            scope: scope)
        else {
          failed = true
          continue
        }
        if function.name == "row_cumsum" { sums.append(call) } else { ranks.append(call) }
        continue
      }
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
    if !sums.isEmpty {
      guard
        let summed = sumRows(sums, over: layered, counter: &counter, hiddenNames: &hiddenNames, scope: scope)
      else { return nil }
      layered = summed
    }
    if !ranks.isEmpty {
      guard
        let ranked = rankRows(ranks, over: layered, counter: &counter, hiddenNames: &hiddenNames, scope: scope)
      else { return nil }
      layered = ranked
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

  /// `row_cumsum`, `row_rank_dense` or `row_rank_min` (`term [, restart]`) before its layers are built: the
  /// position column, and the `prev()`/`next()` calls of its arguments, join the first window layer.
  struct RunningCall {
    /// The hidden column the assignment reads.
    var name: String
    /// The function's name, for its diagnostics and, for the ranks, which one.
    var function: String
    /// The hidden column with the row's position in the serialized order.
    var position: String
    /// The summed or ranked value over the first layer's columns, unbound.
    var term: KQLExpression
    /// The restart condition over the first layer's columns, unbound.
    var restart: KQLExpression?
  }

  /// Checks the arguments of a running function (`term [, restart]`) and adds its position and inner windows to
  /// `windows`.
  mutating func runningCall(
    _ name: String, _ function: KQLIdentifier, _ arguments: [KQLExpression], _ span: Span, counter: inout Int,
    windows: inout [NamedWindowExpression], order: [SortKey], scope: Scope
  ) -> RunningCall? {
    guard arity(function, arguments.count, 1...2, span), !reportsNestedRunningFunction(in: arguments) else {
      return nil
    }
    guard
      let (rewritten, position) = firstLayer(
        of: arguments, counter: &counter, windows: &windows, order: order, scope: scope)
    else { return nil }
    return RunningCall(
      name: name, function: function.name, position: position, term: rewritten[0],
      restart: rewritten.count == 2 ? rewritten[1] : nil)
  }

  /// The first window layer's part of a running function (`row_cumsum`, `row_number` with a restart).
  ///
  /// The window calls inside `arguments` (`prev()`, `next()`, …) and the row's position in the serialized order
  /// join `windows`. Returns the arguments reading those calls' columns, and the position column's name.
  mutating func firstLayer(
    of arguments: [KQLExpression], counter: inout Int, windows: inout [NamedWindowExpression], order: [SortKey],
    scope: Scope
  ) -> (arguments: [KQLExpression], position: String)? {
    var inner: [(String, KQLExpression)] = []
    let rewritten = arguments.map { argument in
      Self.extractCalls(
        argument, named: Self.windowFunctionNames, prefix: "__window", into: &inner, counter: &counter)
    }
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
    return (rewritten, position)
  }

  /// The layers of running sums over the serialized order (by position), restarting at 0 where the condition
  /// holds.
  ///
  /// Each row where the condition holds opens a group: the running count of such rows numbers the groups, and
  /// the sum runs per group. A null term adds nothing (Kusto: null values do not affect the sum); a null condition
  /// does not restart.
  mutating func sumRows(
    _ sums: [RunningCall], over base: Relation, counter: inout Int, hiddenNames: inout Set<String>,
    scope: Scope
  ) -> Relation? {
    var layerScope = scope
    layerScope.columns = base.columns
    let upToCurrent = WindowFrame(isRange: false, start: nil, end: 0)
    var groups: [NamedWindowExpression] = []
    var totals: [NamedWindowExpression] = []
    var outputs = base.columns.map(Self.passThrough)
    for sum in sums {
      hiddenNames.formUnion([sum.name, sum.position])
      let byPosition = [
        SortKey(expression: .column(sum.position, .long), ascending: true, nullsFirst: true)
      ]
      guard let term = bindScalar(sum.term, in: layerScope) else { return nil }
      guard term.type.isNumeric else {
        report(
          KQLDiagnostics.argumentType(
            "row_cumsum's term", [.int, .long, .real], found: term.type, at: sum.term.span))
        return nil
      }
      let type: DataType = term.type == .real ? .real : .long
      var partition: [ScalarExpression] = []
      if let restartSyntax = sum.restart {
        guard let condition = bindScalar(restartSyntax, in: layerScope) else { return nil }
        guard condition.type == .bool else {
          report(
            KQLDiagnostics.argumentType(
              "row_cumsum's restart", [.bool], found: condition.type, at: restartSyntax.span))
          return nil
        }
        let restarts = ScalarExpression(
          .caseWhen(
            [WhenClause(condition: condition, value: .literal(.long(1)))], otherwise: .literal(.long(0))),
          type: .long)
        counter += 1
        let group = "__window" + String(counter)
        hiddenNames.insert(group)
        groups.append(
          NamedWindowExpression(
            name: group,
            expression: WindowExpression(
              function: .aggregate(.sum), arguments: [restarts], partitionBy: [], orderBy: byPosition,
              type: .long, frame: upToCurrent)))
        partition = [.column(group, .long)]
      }
      let zero: Value = type == .real ? .real(0) : .long(0)
      let added = ScalarExpression.call(.coalesce, [term, .literal(zero)], type: type)
      counter += 1
      let total = "__window" + String(counter)
      hiddenNames.insert(total)
      totals.append(
        NamedWindowExpression(
          name: total,
          expression: WindowExpression(
            function: .aggregate(.sum), arguments: [added], partitionBy: partition, orderBy: byPosition,
            type: type, frame: upToCurrent)))
      outputs.append(NamedExpression(name: sum.name, expression: .column(total, type)))
    }
    let grouped = groups.isEmpty ? base : Relation.window(base, groups)
    return .project(.window(grouped, totals), outputs)
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
    var restart: KQLExpression?
  }

  /// Checks the arguments of `row_number(start, restart)` and adds its position and inner windows to `windows`.
  mutating func restartingRowNumber(
    _ name: String, _ arguments: [KQLExpression], _ span: Span, counter: inout Int,
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
    if reportsNestedRunningFunction(in: Array(arguments.dropFirst())) { return nil }
    guard
      let (restart, position) = firstLayer(
        of: Array(arguments.dropFirst()), counter: &counter, windows: &windows, order: order, scope: scope)
    else { return nil }
    return RestartingRowNumber(name: name, start: start, position: position, restart: restart.first)
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
    var outputs = base.columns.map(Self.passThrough)
    for numbering in numberings {
      hiddenNames.formUnion([numbering.name, numbering.position])
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

  /// The layers that rank rows over the serialized order (by position), as Kusto documents the two functions.
  ///
  /// A restart (where the condition holds; a null condition does not restart) opens a group, as in `row_cumsum`,
  /// and ranks count from 1 within it. `row_rank_dense` adds 1 on each row whose term differs from the previous
  /// row's (a group's first row counts 1); `row_rank_min` is "the minimal row number that the current row's Term
  /// appears in", the row numbers counted within the group. Two null terms are the same value.
  mutating func rankRows(
    _ ranks: [RunningCall], over base: Relation, counter: inout Int, hiddenNames: inout Set<String>, scope: Scope
  ) -> Relation? {
    var layerScope = scope
    layerScope.columns = base.columns
    let upToCurrent = WindowFrame(isRange: false, start: nil, end: 0)
    var second: [NamedWindowExpression] = []
    var third: [NamedWindowExpression] = []
    var fourth: [NamedWindowExpression] = []
    var outputs = base.columns.map(Self.passThrough)
    func hiddenColumn() -> String {
      counter += 1
      let name = "__window" + String(counter)
      hiddenNames.insert(name)
      return name
    }
    func one(when condition: ScalarExpression) -> ScalarExpression {
      ScalarExpression(
        .caseWhen([WhenClause(condition: condition, value: .literal(.long(1)))], otherwise: .literal(.long(0))),
        type: .long)
    }
    for rank in ranks {
      hiddenNames.formUnion([rank.name, rank.position])
      let position = ScalarExpression.column(rank.position, .long)
      let byPosition = [SortKey(expression: position, ascending: true, nullsFirst: true)]
      guard let term = bindScalar(rank.term, in: layerScope) else { return nil }
      var restarts: ScalarExpression?
      var partition: [ScalarExpression] = []
      if let restartSyntax = rank.restart {
        guard let condition = bindScalar(restartSyntax, in: layerScope) else { return nil }
        guard condition.type == .bool else {
          report(
            KQLDiagnostics.argumentType(
              "\(rank.function)'s restart", [.bool], found: condition.type, at: restartSyntax.span))
          return nil
        }
        let holds = ScalarExpression.call(.coalesce, [condition, .literal(.bool(false))], type: .bool)
        restarts = holds
        let group = hiddenColumn()
        second.append(
          NamedWindowExpression(
            name: group,
            expression: WindowExpression(
              function: .aggregate(.sum), arguments: [one(when: holds)], partitionBy: [], orderBy: byPosition,
              type: .long, frame: upToCurrent)))
        partition = [.column(group, .long)]
      }
      let result = hiddenColumn()
      if rank.function == "row_rank_dense" {
        let previous = hiddenColumn()
        second.append(
          NamedWindowExpression(
            name: previous,
            expression: WindowExpression(
              function: .previous(offset: 1), arguments: [term], partitionBy: [], orderBy: byPosition,
              type: term.type)))
        // A run starts on the first row, at a restart, and where the term differs from the previous row's.
        var start = ScalarExpression.call(
          .or,
          [
            .call(.equal, [position, .literal(.long(1))], type: .bool),
            .call(.distinctFrom, [term, .column(previous, term.type)], type: .bool),
          ], type: .bool)
        if let restarts { start = .call(.or, [restarts, start], type: .bool) }
        third.append(
          NamedWindowExpression(
            name: result,
            expression: WindowExpression(
              function: .aggregate(.sum), arguments: [one(when: start)], partitionBy: partition,
              orderBy: byPosition, type: .long, frame: upToCurrent)))
      } else {
        let number = hiddenColumn()
        third.append(
          NamedWindowExpression(
            name: number,
            expression: WindowExpression(
              function: .rowNumber, arguments: [], partitionBy: partition, orderBy: byPosition, type: .long)))
        fourth.append(
          NamedWindowExpression(
            name: result,
            expression: WindowExpression(
              function: .aggregate(.min), arguments: [.column(number, .long)], partitionBy: partition + [term],
              orderBy: byPosition, type: .long, frame: upToCurrent)))
      }
      outputs.append(NamedExpression(name: rank.name, expression: .column(result, .long)))
    }
    var layered = base
    for layer in [second, third, fourth] where !layer.isEmpty { layered = .window(layered, layer) }
    return .project(layered, outputs)
  }

  /// A 1-based row number shifted to count from `start`.
  func offset(_ number: ScalarExpression, by start: Int64) -> ScalarExpression {
    start == 1 ? number : .call(.add, [number, .literal(.long(start - 1))], type: .long)
  }

  mutating func bindWindowCall(_ callSyntax: KQLExpression, order: [SortKey], scope: Scope)
    -> WindowExpression?
  {
    guard case .call(let name, let syntaxArguments) = callSyntax.kind else { return nil }
    var arguments: [ScalarExpression] = []
    for argument in syntaxArguments {
      guard let value = bindScalar(argument, in: scope) else { return nil }
      arguments.append(value)
    }
    switch name.name {
    case "row_cumsum", "row_rank_dense", "row_rank_min":
      // Only reached inside another window call's arguments; the running functions take layers of their own.
      report(
        name.name == "row_cumsum"
          ? KQLDiagnostics.nestedRunningSum(at: callSyntax.span) : KQLDiagnostics.nestedRowRank(at: callSyntax.span))
      return nil
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
