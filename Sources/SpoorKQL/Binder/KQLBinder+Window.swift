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
    var failed = false
    for (name, callSyntax) in hidden {
      guard let window = bindWindowCall(callSyntax, order: order, scope: scope) else {
        failed = true
        continue
      }
      windows.append(NamedWindowExpression(name: name, expression: window))
    }
    guard !failed, let relation = input.relation else { return nil }
    let windowed = BoundTable(relation: .window(relation, windows), description: input.description)
    var windowScope = scope
    windowScope.columns = windowed.columns
    guard
      case .project(let base, let outputs)? = bindExtend(
        rewritten, input: windowed, scope: windowScope)
    else {
      return nil
    }
    let kept = outputs.filter { output in !windows.contains { $0.name == output.name } }
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
          KQLDiagnostics.unsupported(
            "row_number with a start or restart argument", at: callSyntax.span))
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
