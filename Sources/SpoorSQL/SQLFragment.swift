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

/// SQL identifier quoting: always double quotes, with embedded quotes doubled.
public enum SQLIdentifier {
  /// PostgreSQL's longest identifier, in bytes (`NAMEDATALEN - 1`); it silently truncates longer ones.
  public static let maximumBytes = 63

  /// The name PostgreSQL sees for `name`: the name itself when it fits in ``maximumBytes``, else its first bytes
  /// (whole characters) and a 64-bit FNV-1a hash of all of it, so that two long names sharing a prefix stay
  /// distinct instead of being truncated into one ("column reference is ambiguous").
  ///
  /// Result writers show the plan's full names (``SQLStatement/columns``), not these.
  public static func postgresName(_ name: String) -> String {
    guard name.utf8.count > maximumBytes else { return name }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let suffix = String(hash, radix: 16)
    let digest = "_" + String(repeating: "0", count: 16 - suffix.count) + suffix
    var prefix = ""
    for scalar in name.unicodeScalars {
      guard prefix.utf8.count + String(scalar).utf8.count + digest.utf8.count <= maximumBytes else { break }
      prefix.unicodeScalars.append(scalar)
    }
    return prefix + digest
  }

  /// `schema.name` with both parts quoted (``quoted(_:)``).
  public static func qualified(schema: String, name: String) -> String {
    quoted(schema) + "." + quoted(name)
  }

  /// `name` as a quoted identifier (mapped by ``postgresName(_:)`` when too long for PostgreSQL).
  public static func quoted(_ name: String) -> String {
    let name = name.utf8.count > maximumBytes ? postgresName(name) : name
    let hasQuote =
      name.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "\"")) }
      ?? name.utf8.contains(UInt8(ascii: "\""))
    guard hasQuote else { return SQLText.concat("\"", name, "\"") }
    var result = "\""
    for scalar in name.unicodeScalars {
      if scalar == "\"" { result.append("\"\"") } else { result.unicodeScalars.append(scalar) }
    }
    result.append("\"")
    return result
  }
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
