import SpoorDiagnostics

/// A name as written in the query, with its span (`FileName`, `['File Name']`).
public struct Identifier: Hashable, Sendable {
  /// The name.
  public var name: String
  /// Where it is written.
  public var span: Span

  /// Creates an identifier.
  public init(name: String, span: Span) {
    self.name = name
    self.span = span
  }
}

/// A literal constant of the syntax tree.
public enum Literal: Hashable, Sendable {
  case string(String)
  case long(Int64)
  case real(Double)
  case bool(Bool)
  /// `typeName(raw text)` such as `datetime(2024-01-01)`, `timespan(1.02:00:00)` or `guid(…)`; decoded by the binder.
  case typed(typeName: String, text: String)
  /// A timespan literal (`1d`), in microseconds.
  case timespan(microseconds: Int64)
  /// `dynamic(...)`, already rendered as JSON text.
  case dynamic(json: String)
  /// A typed null such as `int(null)`; the type name as written.
  case null(typeName: String)
}

/// Binary operators other than `and`/`or`, spelled as in KQL.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
  case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
  case equalIgnoringCase = "=~", notEqualIgnoringCase = "!~"
  case contains, notContains = "!contains", containsCS = "contains_cs", notContainsCS = "!contains_cs"
  case has, notHas = "!has", hasCS = "has_cs", notHasCS = "!has_cs"
  case hasPrefix = "hasprefix", notHasPrefix = "!hasprefix", hasPrefixCS = "hasprefix_cs"
  case notHasPrefixCS = "!hasprefix_cs"
  case hasSuffix = "hassuffix", notHasSuffix = "!hassuffix", hasSuffixCS = "hassuffix_cs"
  case notHasSuffixCS = "!hassuffix_cs"
  case startsWith = "startswith", notStartsWith = "!startswith", startsWithCS = "startswith_cs"
  case notStartsWithCS = "!startswith_cs"
  case endsWith = "endswith", notEndsWith = "!endswith", endsWithCS = "endswith_cs", notEndsWithCS = "!endswith_cs"
  case `in`, notIn = "!in", inIgnoringCase = "in~", notInIgnoringCase = "!in~"
  case hasAny = "has_any", hasAll = "has_all"
  case matchesRegex = "matches regex"
  case between, notBetween = "!between"

  /// Old spellings that Kusto still accepts, mapped to their current operator.
  static let aliases: [String: BinaryOperator] = [
    "notcontains": .notContains, "notcontainscs": .notContainsCS, "containscs": .containsCS,
    "nothas": .notHas, "<>": .notEqual,
  ]

  /// Every spelling (current and old) of every operator except `matches regex`, which is two words.
  private static let bySpelling: [String: BinaryOperator] = {
    var table = aliases
    for op in allCases where op != .matchesRegex { table[op.rawValue] = op }
    return table
  }()

  /// The operator a word or symbol token spells, if any (`matches` alone is handled by the parser).
  static func named(_ text: String) -> BinaryOperator? { bySpelling[text] }
}

/// `and` or `or`.
public enum LogicalOperator: String, Hashable, Sendable {
  case and
  case or
}

/// A scalar or tabular expression of the syntax tree; every node keeps its span.
public struct Expression: Hashable, Sendable {
  /// What the expression is.
  public indirect enum Kind: Hashable, Sendable {
    /// A column, let-bound name or table name.
    case name(String)
    /// A constant.
    case literal(Literal)
    /// An `and`/`or` chain kept flat, so long chains never nest deeply.
    case logical(LogicalOperator, [Expression])
    /// A binary operator; `in`-style right sides are `.list`, `between` right sides are `.range`.
    case binary(BinaryOperator, Expression, Expression)
    /// Unary minus.
    case negate(Expression)
    /// A function call.
    case call(Identifier, [Expression])
    /// `value.name` or `value['name']`.
    case member(Expression, String)
    /// `value[index]`.
    case index(Expression, Expression)
    /// A parenthesised list of values (`in (a, b)`, `has_any (…)`).
    case list([Expression])
    /// `low .. high` inside `between (…)`.
    case range(Expression, Expression)
    /// `*` as an argument (`arg_max(T, *)`, `count(*)`).
    case star
    /// A tabular expression used as a value: `T | where …`, `(T | project x)`.
    case pipeline(TabularExpression)
    /// A part the parser expected but did not find (already diagnosed).
    case missing
  }

  /// What the expression is.
  public var kind: Kind
  /// Where it is written.
  public var span: Span

  /// Creates an expression.
  public init(_ kind: Kind, span: Span) {
    self.kind = kind
    self.span = span
  }
}
