/// How tightly a piece of SQL binds, from PostgreSQL's operator precedence table (loosest first).
enum SQLPrecedence: Int, Comparable {
  case or = 1
  case and
  case not
  /// `=`, `<`, `LIKE`, `~`, `IS`, `BETWEEN`, `= ANY`: every comparison-like operator.
  case comparison
  /// `||`.
  case concat
  case additive
  case multiplicative
  case unary
  /// Identifiers, binds, calls, `CASE`, casts, parenthesised text.
  case atom

  static func < (lhs: SQLPrecedence, rhs: SQLPrecedence) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A piece of SQL expression text and how tightly it binds, so operands get parentheses only when needed.
struct SQLFragment: Hashable {
  /// The SQL text.
  var text: String
  /// Its precedence.
  var precedence: SQLPrecedence

  /// Creates a fragment.
  init(_ text: String, _ precedence: SQLPrecedence) {
    self.text = text
    self.precedence = precedence
  }

  /// An atom (a call, identifier, bind, `CASE`, or parenthesised text).
  static func atom(_ text: String) -> SQLFragment { SQLFragment(text, .atom) }

  /// The text, parenthesised unless it binds at least as tightly as `minimum`.
  func operand(_ minimum: SQLPrecedence) -> String {
    precedence >= minimum ? text : "(" + text + ")"
  }

  /// The fragment cast to a PostgreSQL type: `x::type`.
  func cast(_ type: String) -> SQLFragment { .atom(operand(.atom) + "::" + type) }

  /// A binary operator expression of the given precedence; the right operand must bind tighter so
  /// non-associative operators (`-`, `/`, comparisons) keep their meaning.
  static func binary(
    _ left: SQLFragment, _ op: String, _ right: SQLFragment, _ precedence: SQLPrecedence
  ) -> SQLFragment {
    // Comparison-like operators include `~`, which shares `||`'s precedence: their operands must bind tighter.
    let rightMinimum =
      precedence == .comparison
      ? .additive : SQLPrecedence(rawValue: precedence.rawValue + 1) ?? .atom
    let leftMinimum = precedence == .comparison ? .additive : precedence
    let leftText = left.operand(leftMinimum)
    let rightText = right.operand(rightMinimum)
    var text = ""
    text.reserveCapacity(leftText.utf8.count + op.utf8.count + rightText.utf8.count + 2)
    text += leftText
    text += " "
    text += op
    text += " "
    text += rightText
    return SQLFragment(text, precedence)
  }

  /// The SQL `NULL` literal.
  static let null = SQLFragment.atom("NULL")
}

/// SQL identifier quoting: always double quotes, with embedded quotes doubled.
enum SQLIdentifier {
  /// `name` as a quoted identifier.
  static func quoted(_ name: String) -> String {
    let hasQuote =
      name.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "\"")) }
      ?? name.utf8.contains(UInt8(ascii: "\""))
    guard hasQuote else {
      var result = "\""
      result.reserveCapacity(name.utf8.count + 2)
      result += name
      result += "\""
      return result
    }
    var result = "\""
    for scalar in name.unicodeScalars {
      if scalar == "\"" { result.append("\"\"") } else { result.unicodeScalars.append(scalar) }
    }
    result.append("\"")
    return result
  }
}
