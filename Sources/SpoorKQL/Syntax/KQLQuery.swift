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
    /// `declare query_parameters(name: type [= default], …);`: names whose values the caller gives.
    case declareQueryParameters([QueryParameterDeclaration])
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

/// One parameter of `declare query_parameters(…)`.
public struct QueryParameterDeclaration: Hashable, Sendable {
  /// The parameter's name.
  public var name: Identifier
  /// Its type as written (`string`, `datetime`, …).
  public var typeName: Identifier
  /// The value used when the caller gives none.
  public var defaultValue: Expression?

  /// Creates a declaration.
  public init(name: Identifier, typeName: Identifier, defaultValue: Expression?) {
    self.name = name
    self.typeName = typeName
    self.defaultValue = defaultValue
  }
}
