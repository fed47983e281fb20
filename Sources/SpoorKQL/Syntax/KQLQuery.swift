import SpoorDiagnostics

/// A parsed KQL query: `let` statements and one final tabular expression.
public struct KQLQuery: Hashable, Sendable {
  /// The statements in order, separated by `;`.
  public var statements: [Statement]
  /// The whole text.
  public var span: Span

  /// Creates a query.
  public init(statements: [Statement], span: Span) {
    self.statements = statements
    self.span = span
  }
}

/// One statement of a query.
public struct Statement: Hashable, Sendable {
  /// What the statement does.
  public enum Kind: Hashable, Sendable {
    /// `let name = value;` (a scalar, list or tabular expression).
    case `let`(Identifier, Expression)
    /// `let name = (params) { body };`.
    case letFunction(Identifier, parameters: [ColumnDeclaration], body: [Statement])
    /// `set option = value;` (query options; ignored with a note).
    case set(Identifier)
    /// A tabular expression whose rows are the answer.
    case query(Expression)
  }

  /// What the statement does.
  public var kind: Kind
  /// Where it is written.
  public var span: Span

  /// Creates a statement.
  public init(kind: Kind, span: Span) {
    self.kind = kind
    self.span = span
  }
}
