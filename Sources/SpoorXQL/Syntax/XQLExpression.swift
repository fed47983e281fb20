import SpoorDiagnostics

/// A name as written in the query, with its span.
public struct XQLName: Hashable, Sendable {
  /// The text.
  public var text: String
  /// Where it is.
  public var span: Span

  /// Creates a name.
  public init(_ text: String, span: Span) {
    self.text = text
    self.span = span
  }
}

/// Binary operators of XQL expressions.
public enum XQLBinaryOperator: String, Hashable, Sendable {
  case and
  case or
  case equal = "="
  case notEqual = "!="
  case regexMatch = "~="
  case notRegexMatch = "!~="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case contains
  case notContains = "not contains"
  case incidr
  case notIncidr = "not incidr"
  case incidr6
  case notIncidr6 = "not incidr6"
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
}

/// Unary operators of XQL expressions.
public enum XQLUnaryOperator: String, Hashable, Sendable {
  case not
  case negate = "-"
}

/// An XQL expression node; every node keeps its span.
public struct XQLExpression: Hashable, Sendable {
  /// The shape of the expression.
  public indirect enum Kind: Hashable, Sendable {
    /// A bare name: a field, or a bare ENUM constant.
    case identifier(String)
    /// `prefix.name`: `ENUM.PROCESS` or a join alias's column.
    case qualified(XQLName, XQLName)
    /// A string literal: its value and whether it was `"""…"""`.
    case string(String, tripleQuoted: Bool)
    /// A number as written.
    case number(String)
    case boolean(Bool)
    case null
    /// A function call.
    case call(XQLName, [XQLExpression])
    case unary(XQLUnaryOperator, XQLExpression)
    case binary(XQLBinaryOperator, XQLExpression, XQLExpression)
    /// `x in (…)` / `x not in (…)` with a list.
    case inList(XQLExpression, [XQLExpression], negated: Bool)
    /// `x in (query)` / `x not in (query)`.
    case inQuery(XQLExpression, XQLQuery, negated: Bool)
    /// A node the parser could not build (an error was reported).
    case missing
  }

  /// The shape.
  public var kind: Kind
  /// Where the expression is.
  public var span: Span

  /// Creates an expression.
  public init(_ kind: Kind, span: Span) {
    self.kind = kind
    self.span = span
  }
}
