import SpoorPlan

/// Translates a bound ``QueryPlan`` into one parameterised PostgreSQL statement.
///
/// Operators merge into one `SELECT` while SQL allows it and nest a derived table only when needed; every
/// literal becomes a `$n` bind; identifiers come only from the plan and are always double-quoted. Constructs
/// PostgreSQL cannot express exactly give `unsupported` diagnostics instead of approximate SQL.
public struct PostgresEmitter: Sendable {
  /// The emission settings.
  public var options: EmitOptions

  /// Creates an emitter.
  public init(options: EmitOptions) {
    self.options = options
  }

  /// The SQL statement for a plan, or the diagnostics explaining why there is none.
  public func emit(_ plan: QueryPlan) -> EmitResult {
    var builder = StatementBuilder(options: options)
    var block = builder.block(for: plan.relation)
    if let rowLimit = options.rowLimit {
      let cap = builder.bind(.long(rowLimit)).text
      block.limit = block.limit.map { "least(" + $0 + ", " + cap + ")" } ?? cap
    }
    let text = block.render()
    guard builder.diagnostics.isEmpty else {
      return EmitResult(statement: nil, diagnostics: builder.diagnostics)
    }
    guard text.utf8.count <= TranslationLimits.maximumStatementBytes else {
      let exceeded = TranslationLimits.exceeded(
        "bytes of SQL", limit: TranslationLimits.maximumStatementBytes, at: .at(0))
      return EmitResult(statement: nil, diagnostics: [exceeded])
    }
    let (kept, parameters) = UnreferencedParameters.dropped(from: text, builder.parameters)
    let statement = SQLStatement(text: kept, parameters: parameters, columns: plan.relation.columns)
    return EmitResult(statement: statement, diagnostics: [])
  }
}
