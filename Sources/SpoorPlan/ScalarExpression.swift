import SpoorCatalog
import SpoorDiagnostics

/// A typed scalar expression of the plan.
///
/// Column references name columns of the input relation.
public struct ScalarExpression: Hashable, Sendable {
  /// What the expression computes.
  public indirect enum Kind: Hashable, Sendable {
    /// A column of the input relation, by its output name.
    case column(String)
    /// A column of one side of a join (only inside ``Join/condition``).
    case joinColumn(JoinSide, String)
    /// A constant; always emitted as a bind parameter.
    case literal(Value)
    /// A function or operator applied to arguments.
    case call(ScalarFunction, [ScalarExpression])
    /// `CASE WHEN c1 THEN v1 … ELSE otherwise END`.
    case caseWhen([WhenClause], otherwise: ScalarExpression)
    /// A single value computed by a sub-plan (KQL `toscalar`); null when it returns no row.
    case scalarSubquery(Relation)
    /// True when the value is in the rows of a one-column sub-plan (`in (T | project c)`).
    case inSubquery(ScalarExpression, Relation, caseSensitive: Bool)
    /// KQL `has_any`/`has_all` over the rows of a one-column sub-plan: true when the value has any (or every)
    /// row's text as a whole term (`all` true for `has_all`, vacuously true over no rows).
    case termsInSubquery(ScalarExpression, Relation, all: Bool, caseSensitive: Bool)
  }

  /// What the expression computes.
  public var kind: Kind
  /// The result type.
  public var type: DataType
  /// Where the expression came from in the query text, for diagnostics raised after binding.
  public var span: Span?

  /// Creates an expression.
  public init(_ kind: Kind, type: DataType, span: Span? = nil) {
    self.kind = kind
    self.type = type
    self.span = span
  }

  /// The column an XQL array function's expression reads the current element from (`"@element"` in the query):
  /// the element as text (a JSON string's value, other JSON values as their JSON text).
  public static let arrayElementName = "@element"

  /// A column reference.
  public static func column(_ name: String, _ type: DataType, span: Span? = nil) -> ScalarExpression {
    ScalarExpression(.column(name), type: type, span: span)
  }

  /// A literal.
  public static func literal(_ value: Value, span: Span? = nil) -> ScalarExpression {
    ScalarExpression(.literal(value), type: value.type, span: span)
  }

  /// A call of a scalar function.
  public static func call(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], type: DataType, span: Span? = nil
  ) -> ScalarExpression {
    ScalarExpression(.call(function, arguments), type: type, span: span)
  }
}

/// One `WHEN condition THEN value` arm.
public struct WhenClause: Hashable, Sendable {
  /// A boolean condition.
  public var condition: ScalarExpression
  /// The value when the condition holds.
  public var value: ScalarExpression

  /// Creates an arm.
  public init(condition: ScalarExpression, value: ScalarExpression) {
    self.condition = condition
    self.value = value
  }
}

/// A computed column: an expression and the name it is output under.
public struct NamedExpression: Hashable, Sendable {
  /// The output column name (exact case).
  public var name: String
  /// The value.
  public var expression: ScalarExpression

  /// Creates a named expression.
  public init(name: String, expression: ScalarExpression) {
    self.name = name
    self.expression = expression
  }
}
