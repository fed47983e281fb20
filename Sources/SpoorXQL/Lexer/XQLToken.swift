import SpoorDiagnostics

/// The kinds of token the XQL lexer produces.
public enum XQLTokenKind: Hashable, Sendable {
  /// A name: stage keyword, field, function, operator word (`and`, `contains`, …).
  case identifier
  /// A string literal; its value (raw or unescaped) is in ``XQLToken/value``.
  case string
  /// An integer or decimal number.
  case number
  /// A number immediately followed by a unit, such as `7d` or `30MO`.
  case duration
  case pipe
  case leftParen
  case rightParen
  case leftBracket
  case rightBracket
  case leftBrace
  case rightBrace
  case comma
  case dot
  case equal
  case notEqual
  /// `~=`, the regular-expression match.
  case regexMatch
  /// `!~=`, the negated regular-expression match.
  case notRegexMatch
  case less
  case lessOrEqual
  case greater
  case greaterOrEqual
  case plus
  case minus
  case star
  case slash
  /// `->`, the JSON path sugar.
  case arrow
  /// A character no token starts with, or an unterminated literal (the lexer reports it).
  case invalid
  /// The end of the text.
  case endOfInput
}

/// One token of XQL text with its span.
public struct XQLToken: Hashable, Sendable {
  /// What kind of token it is.
  public var kind: XQLTokenKind
  /// The exact source text of the token.
  public var text: String
  /// For strings, the literal's value; for everything else, the same as ``text``.
  public var value: String
  /// True for a `"""…"""` string (escapes processed).
  public var isTripleQuoted: Bool
  /// Where the token is.
  public var span: Span

  /// Creates a token.
  public init(kind: XQLTokenKind, text: String, value: String? = nil, isTripleQuoted: Bool = false, span: Span) {
    self.kind = kind
    self.text = text
    self.value = value ?? text
    self.isTripleQuoted = isTripleQuoted
    self.span = span
  }

  /// True when this is an identifier spelled `word` (lowercase ASCII), compared case-insensitively.
  public func isKeyword(_ word: String) -> Bool {
    kind == .identifier && Self.equalsIgnoringASCIICase(text, word)
  }

  /// True when `text` lowercased is `word`, a lowercase ASCII word: compared byte by byte, without allocating
  /// the lowercased copy (identifier tokens are ASCII; any other byte must match exactly, as it would after
  /// `lowercased()`).
  static func equalsIgnoringASCIICase(_ text: String, _ word: String) -> Bool {
    let count = text.utf8.count
    guard count == word.utf8.count else { return false }
    let compared = text.utf8.withContiguousStorageIfAvailable { textBytes in
      word.utf8.withContiguousStorageIfAvailable { wordBytes in
        for index in 0..<count {
          let byte = textBytes[index]
          let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
          if lowered != wordBytes[index] { return false }
        }
        return true
      }
    }
    return (compared ?? nil) ?? (text.lowercased() == word)
  }
}
