import SpoorDiagnostics

/// The size and depth limits of translation, the same in both languages.
///
/// Translation walks the syntax tree and the plan recursively, so an input nested without bound would exhaust
/// the stack, and `let` tables used twice double the plan at every level. Inputs beyond a limit get a
/// diagnostic naming it (``exceeded(_:limit:at:)``), never a crash or a runaway translation. The limits are far
/// above what hunts use (the Sigma corpus's largest query has 7 operators and nests 12 levels deep).
public enum TranslationLimits {
  /// The most piped operators (KQL) or stages (XQL) in one query, sub-queries included.
  public static let maximumPipelineOperators = 1_000
  /// The longest chain of arithmetic operators along one path of an expression, such as `1 + 1 + …`.
  ///
  /// `and`/`or` chains are flat lists and have no such limit.
  public static let maximumOperatorChain = 1_000
  /// The deepest plan: operators over operators plus expressions within expressions, after `let` names are
  /// replaced by what they stand for.
  public static let maximumPlanDepth = 2_000
  /// The most plan nodes (operators and expression nodes), after `let` tables and functions are expanded where
  /// they are used.
  public static let maximumPlanNodes = 200_000
  /// The deepest nesting of `let` function calls (a function whose body calls a function …).
  public static let maximumFunctionNesting = 32
  /// The most `let` function expansions in one query: each call binds the body again, so functions calling
  /// others twice would otherwise double the work at every level.
  public static let maximumFunctionExpansions = 10_000
  /// The largest SQL statement text, in bytes.
  public static let maximumStatementBytes = 8 << 20

  /// The diagnostic for an input beyond a limit.
  /// - Parameters:
  ///   - what: what is counted, in the plural (`"piped operators"`).
  ///   - limit: the limit.
  ///   - span: where the limit was passed.
  public static func exceeded(_ what: String, limit: Int, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SPOOR-L001"),
      message: "the query has more \(what) than Spoor translates (limit \(limit))", span: span,
      notes: ["Spoor bounds translation so that no input can exhaust its stack or memory; see README \"Limits\""])
  }

  /// The diagnostic for an arithmetic chain longer than ``maximumOperatorChain`` (both parsers count it).
  public static func operatorChainExceeded(at span: Span) -> Diagnostic {
    exceeded("chained operators in one expression", limit: maximumOperatorChain, at: span)
  }

  /// A literal holding a NUL character, which PostgreSQL `text` and `jsonb` cannot store: the query could only
  /// fail when run.
  public static func nulInText(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SPOOR-L002"),
      message: "a text literal holds a NUL character (\\0), which PostgreSQL text cannot store", span: span)
  }

  /// The first limit a relation passes, with its diagnostic at `span`, or nil when it is within all of them.
  ///
  /// A literal holding NUL (``nulInText(at:)``) is reported at its own span when it has one. Counting stops as soon as a limit is passed, so measuring a plan whose `let` tables expand exponentially
  /// costs no more than ``maximumPlanNodes`` steps.
  public static func check(_ relation: Relation, at span: Span) -> Diagnostic? {
    check(PlanNode.relation(relation), at: span)
  }

  /// The first limit an expression passes, with its diagnostic at `span`, or nil when it is within all of them.
  public static func check(_ expression: ScalarExpression, at span: Span) -> Diagnostic? {
    check(PlanNode.expression(expression), at: span)
  }

  private static func check(_ start: PlanNode, at span: Span) -> Diagnostic? {
    var nodes = 0
    // Depth-first with an explicit stack: the plan being measured may be too deep to recurse over.
    var stack: [(node: PlanNode, depth: Int)] = [(start, 1)]
    while let (node, depth) = stack.popLast() {
      nodes += 1
      if nodes > maximumPlanNodes {
        return exceeded("plan nodes after let expansion", limit: maximumPlanNodes, at: span)
      }
      if depth > maximumPlanDepth {
        return exceeded("levels of nesting after let expansion", limit: maximumPlanDepth, at: span)
      }
      if case .expression(let expression) = node, case .literal(let value) = expression.kind, value.holdsNUL {
        return nulInText(at: expression.span ?? span)
      }
      node.forEachChild { stack.append(($0, depth + 1)) }
    }
    return nil
  }
}

/// A plan node, for walking relations and expressions alike.
private enum PlanNode {
  case relation(Relation)
  case expression(ScalarExpression)

  /// Calls `visit` with each direct child: input relations, sub-queries and expressions.
  func forEachChild(_ visit: (PlanNode) -> Void) {
    switch self {
    case .relation(let relation): Self.forEachChild(of: relation, visit)
    case .expression(let expression): Self.forEachChild(of: expression, visit)
    }
  }

  private static func forEachChild(of relation: Relation, _ visit: (PlanNode) -> Void) {
    func expressions(_ list: [ScalarExpression]) { for expression in list { visit(.expression(expression)) } }
    switch relation {
    case .scan, .scanBatch, .values, .external, .appliedElements:
      break
    case .filter(let input, let predicate):
      visit(.relation(input))
      visit(.expression(predicate))
    case .project(let input, let named):
      visit(.relation(input))
      for item in named { visit(.expression(item.expression)) }
    case .aggregate(let input, let groupBy, let aggregates):
      visit(.relation(input))
      for item in groupBy { visit(.expression(item.expression)) }
      for aggregate in aggregates {
        expressions(aggregate.call.arguments)
        if let filter = aggregate.call.filter { visit(.expression(filter)) }
      }
    case .sort(let input, let keys):
      visit(.relation(input))
      for key in keys { visit(.expression(key.expression)) }
    case .limit(let input, _), .distinct(let input), .expand(let input, _), .zipExpand(let input, _):
      visit(.relation(input))
    case .firstPerKey(let input, let keys, let order):
      visit(.relation(input))
      expressions(keys)
      for key in order { visit(.expression(key.expression)) }
    case .join(let join):
      visit(.relation(join.left))
      visit(.relation(join.right))
      visit(.expression(join.condition))
    case .union(let inputs):
      for input in inputs { visit(.relation(input)) }
    case .apply(let input, _, let subquery):
      visit(.relation(input))
      visit(.relation(subquery))
    case .range(_, let start, let stop, let step):
      expressions([start, stop, step])
    case .series(let cells, let layout):
      visit(.relation(cells))
      expressions([layout.start, layout.end, layout.step] + layout.values.map(\.defaultValue))
    case .window(let input, let windows):
      visit(.relation(input))
      for window in windows {
        expressions(window.expression.arguments)
        expressions(window.expression.partitionBy)
        for key in window.expression.orderBy { visit(.expression(key.expression)) }
      }
    }
  }

  private static func forEachChild(of expression: ScalarExpression, _ visit: (PlanNode) -> Void) {
    switch expression.kind {
    case .column, .joinColumn, .literal:
      break
    case .call(_, let arguments):
      for argument in arguments { visit(.expression(argument)) }
    case .caseWhen(let clauses, let otherwise):
      for clause in clauses {
        visit(.expression(clause.condition))
        visit(.expression(clause.value))
      }
      visit(.expression(otherwise))
    case .scalarSubquery(let relation):
      visit(.relation(relation))
    case .inSubquery(let value, let relation, _), .termsInSubquery(let value, let relation, _, _):
      visit(.expression(value))
      visit(.relation(relation))
    }
  }
}

extension Value {
  /// True when the value holds a NUL character, which PostgreSQL `text` and `jsonb` cannot store (`jsonb`
  /// refuses the escape `\u0000` too).
  var holdsNUL: Bool {
    switch self {
    case .string(let text): return text.utf8.contains(0)
    case .dynamic(let json): return json.utf8.contains(0) || json.contains("\\u0000")
    case .stringList(let texts): return texts.contains { $0.utf8.contains(0) }
    case .null, .bool, .long, .real, .datetime, .timespan, .external: return false
    }
  }
}
