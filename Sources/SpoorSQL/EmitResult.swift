import SpoorDiagnostics

/// The outcome of emitting a plan: one statement, or the diagnostics explaining why there is none.
public struct EmitResult: Sendable {
  /// The statement, when every construct of the plan could be translated exactly.
  public var statement: SQLStatement?
  /// `unsupported` (and `bug`) diagnostics raised while emitting.
  public var diagnostics: [Diagnostic]

  /// Creates a result.
  public init(statement: SQLStatement?, diagnostics: [Diagnostic]) {
    self.statement = statement
    self.diagnostics = diagnostics
  }
}
