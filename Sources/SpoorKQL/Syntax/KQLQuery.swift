import SpoorDiagnostics

/// A parsed KQL query: `let` statements and one final tabular expression.
public struct KQLQuery: Hashable, Sendable {
  /// The statements in order, separated by `;`.
  public var statements: [KQLStatement]
  /// The whole text.
  public var span: Span

  /// Creates a query.
  public init(statements: [KQLStatement], span: Span) {
    self.statements = statements
    self.span = span
  }
}

/// One statement of a query.
public struct KQLStatement: Hashable, Sendable {
  /// What the statement does.
  public enum Kind: Hashable, Sendable {
    /// `let name = value;` (a scalar, list or tabular expression).
    case `let`(KQLIdentifier, KQLExpression)
    /// `let name = (params) { body };`.
    case letFunction(KQLIdentifier, parameters: [KQLColumnDeclaration], body: [KQLStatement])
    /// `set option = value;` (query options; ignored with a note).
    case set(KQLIdentifier)
    /// `declare query_parameters(name: type [= default], …);`: names whose values the caller gives.
    case declareQueryParameters([KQLQueryParameterDeclaration])
    /// A tabular expression whose rows are the answer.
    case query(KQLExpression)
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
public struct KQLQueryParameterDeclaration: Hashable, Sendable {
  /// The parameter's name.
  public var name: KQLIdentifier
  /// Its type as written (`string`, `datetime`, …).
  public var typeName: KQLIdentifier
  /// The value used when the caller gives none.
  public var defaultValue: KQLExpression?

  /// Creates a declaration.
  public init(name: KQLIdentifier, typeName: KQLIdentifier, defaultValue: KQLExpression?) {
    self.name = name
    self.typeName = typeName
    self.defaultValue = defaultValue
  }
}
