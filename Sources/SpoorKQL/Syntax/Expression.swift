import SpoorDiagnostics

/// A name as written in the query, with its span (`FileName`, `['File Name']`).
public struct KQLIdentifier: Hashable, Sendable {
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
public enum KQLLiteral: Hashable, Sendable {
  /// A string literal after escape processing.
  case string(String)
  /// An integer literal.
  case long(Int64)
  /// A real literal.
  case real(Double)
  /// `true` or `false`.
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
public enum KQLBinaryOperator: String, Hashable, Sendable, CaseIterable {
  /// KQL `+`.
  case add = "+"
  /// KQL `-`.
  case subtract = "-"
  /// KQL `*`.
  case multiply = "*"
  /// KQL `/`.
  case divide = "/"
  /// KQL `%`.
  case modulo = "%"
  /// KQL `==`.
  case equal = "=="
  /// KQL `!=`.
  case notEqual = "!="
  /// KQL `<`.
  case less = "<"
  /// KQL `<=`.
  case lessOrEqual = "<="
  /// KQL `>`.
  case greater = ">"
  /// KQL `>=`.
  case greaterOrEqual = ">="
  /// KQL `=~`.
  case equalIgnoringCase = "=~"
  /// KQL `!~`.
  case notEqualIgnoringCase = "!~"
  /// KQL `contains`.
  case contains
  /// KQL `!contains`.
  case notContains = "!contains"
  /// KQL `contains_cs`.
  case containsCS = "contains_cs"
  /// KQL `!contains_cs`.
  case notContainsCS = "!contains_cs"
  /// KQL `has`.
  case has
  /// KQL `!has`.
  case notHas = "!has"
  /// KQL `has_cs`.
  case hasCS = "has_cs"
  /// KQL `!has_cs`.
  case notHasCS = "!has_cs"
  /// KQL `hasprefix`.
  case hasPrefix = "hasprefix"
  /// KQL `!hasprefix`.
  case notHasPrefix = "!hasprefix"
  /// KQL `hasprefix_cs`.
  case hasPrefixCS = "hasprefix_cs"
  /// KQL `!hasprefix_cs`.
  case notHasPrefixCS = "!hasprefix_cs"
  /// KQL `hassuffix`.
  case hasSuffix = "hassuffix"
  /// KQL `!hassuffix`.
  case notHasSuffix = "!hassuffix"
  /// KQL `hassuffix_cs`.
  case hasSuffixCS = "hassuffix_cs"
  /// KQL `!hassuffix_cs`.
  case notHasSuffixCS = "!hassuffix_cs"
  /// KQL `startswith`.
  case startsWith = "startswith"
  /// KQL `!startswith`.
  case notStartsWith = "!startswith"
  /// KQL `startswith_cs`.
  case startsWithCS = "startswith_cs"
  /// KQL `!startswith_cs`.
  case notStartsWithCS = "!startswith_cs"
  /// KQL `endswith`.
  case endsWith = "endswith"
  /// KQL `!endswith`.
  case notEndsWith = "!endswith"
  /// KQL `endswith_cs`.
  case endsWithCS = "endswith_cs"
  /// KQL `!endswith_cs`.
  case notEndsWithCS = "!endswith_cs"
  /// KQL `in`.
  case `in`
  /// KQL `!in`.
  case notIn = "!in"
  /// KQL `in~`.
  case inIgnoringCase = "in~"
  /// KQL `!in~`.
  case notInIgnoringCase = "!in~"
  /// KQL `has_any`.
  case hasAny = "has_any"
  /// KQL `has_all`.
  case hasAll = "has_all"
  /// KQL `matches regex`.
  case matchesRegex = "matches regex"
  /// KQL `between`.
  case between
  /// KQL `!between`.
  case notBetween = "!between"

  /// Old spellings that Kusto still accepts, mapped to their current operator.
  static let aliases: [String: KQLBinaryOperator] = [
    "notcontains": .notContains, "notcontainscs": .notContainsCS, "containscs": .containsCS,
    "nothas": .notHas, "<>": .notEqual,
  ]

  /// Every spelling (current and old) of every operator except `matches regex`, which is two words.
  private static let bySpelling: [String: KQLBinaryOperator] = {
    var table = aliases
    for op in allCases where op != .matchesRegex { table[op.rawValue] = op }
    return table
  }()

  /// The operator a word or symbol token spells, if any (`matches` alone is handled by the parser).
  static func named(_ text: String) -> KQLBinaryOperator? { bySpelling[text] }
}

/// `and` or `or`.
public enum KQLLogicalOperator: String, Hashable, Sendable {
  /// KQL `and`.
  case and
  /// KQL `or`.
  case or
}

/// A scalar or tabular expression of the syntax tree; every node keeps its span.
public struct KQLExpression: Hashable, Sendable {
  /// What the expression is.
  public indirect enum Kind: Hashable, Sendable {
    /// A column, let-bound name or table name.
    case name(String)
    /// A constant.
    case literal(KQLLiteral)
    /// An `and`/`or` chain kept flat, so long chains never nest deeply.
    case logical(KQLLogicalOperator, [KQLExpression])
    /// A binary operator; `in`-style right sides are `.list`, `between` right sides are `.range`.
    case binary(KQLBinaryOperator, KQLExpression, KQLExpression)
    /// Unary minus.
    case negate(KQLExpression)
    /// A function call.
    case call(KQLIdentifier, [KQLExpression])
    /// `value.name` or `value['name']`.
    case member(KQLExpression, String)
    /// `value[index]`.
    case index(KQLExpression, KQLExpression)
    /// A parenthesised list of values (`in (a, b)`, `has_any (…)`).
    case list([KQLExpression])
    /// `low .. high` inside `between (…)`.
    case range(KQLExpression, KQLExpression)
    /// `*` as an argument (`arg_max(T, *)`, `count(*)`).
    case star
    /// A tabular expression used as a value: `T | where …`, `(T | project x)`.
    case pipeline(KQLTabularExpression)
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
