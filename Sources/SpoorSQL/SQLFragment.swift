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
    precedence >= minimum ? text : SQLText.concat("(", text, ")")
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
    return SQLFragment(
      SQLText.concat(left.operand(leftMinimum), " ", op, " ", right.operand(rightMinimum)), precedence)
  }

  /// The SQL `NULL` literal.
  static let null = SQLFragment.atom("NULL")
}

/// SQL text assembled from pieces in one allocation: the length is summed first and every piece's UTF-8 copied
/// once (`+` and `+=` grow, copy and release intermediate strings).
enum SQLText {
  /// `a` followed by `b` and `c`.
  static func concat(_ a: String, _ b: String, _ c: String) -> String {
    String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count) { buffer in
      var offset = 0
      copy(a, into: buffer, at: &offset)
      copy(b, into: buffer, at: &offset)
      copy(c, into: buffer, at: &offset)
      return offset
    }
  }

  /// `a`, `b`, `c` and `d` in order.
  static func concat(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
    String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count) { buffer in
      var offset = 0
      copy(a, into: buffer, at: &offset)
      copy(b, into: buffer, at: &offset)
      copy(c, into: buffer, at: &offset)
      copy(d, into: buffer, at: &offset)
      return offset
    }
  }

  /// `a`, `b`, `c`, `d` and `e` in order.
  static func concat(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
    let count = a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count + e.utf8.count
    return String(unsafeUninitializedCapacity: count) { buffer in
      var offset = 0
      copy(a, into: buffer, at: &offset)
      copy(b, into: buffer, at: &offset)
      copy(c, into: buffer, at: &offset)
      copy(d, into: buffer, at: &offset)
      copy(e, into: buffer, at: &offset)
      return offset
    }
  }

  /// Copies the UTF-8 of `piece` into `buffer` at `offset` and moves `offset` past it.
  @inline(__always)
  static func copy(_ piece: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
    let start = offset
    let copied: Int? = piece.utf8.withContiguousStorageIfAvailable { source in
      guard let sourceBase = source.baseAddress, let target = buffer.baseAddress else { return 0 }
      (target + start).update(from: sourceBase, count: source.count)
      return source.count
    }
    if let copied {
      offset += copied
    } else {
      for byte in piece.utf8 {
        buffer[offset] = byte
        offset += 1
      }
    }
  }
}
