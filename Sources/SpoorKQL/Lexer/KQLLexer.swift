import SpoorDiagnostics

/// Splits KQL text into tokens with UTF-8 byte spans; never fails (bad text becomes `.invalid` tokens).
public struct KQLLexer: Sendable {
  private let bytes: [UInt8]
  private var position = 0

  /// Creates a lexer over a source text.
  public init(_ source: SourceText) { self.bytes = source.utf8 }

  /// Every token of the text, ending with one `.end` token.
  public static func tokenize(_ source: SourceText) -> [Token] {
    var lexer = KQLLexer(source)
    var tokens: [Token] = []
    // Sigma-style queries average one token per 10–20 bytes (comments included): one allocation covers most
    // (measured: fewer instructions than growing from empty, or than reserving for one token per 4 bytes).
    tokens.reserveCapacity(lexer.bytes.count / 16 + 8)
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  /// Operator and tabular-operator names written with a hyphen, lexed as one word.
  static let hyphenatedWords: Set<String> = [
    "project-away", "project-keep", "project-rename", "project-reorder", "project-smart",
    "mv-expand", "mv-apply",
    "parse-where", "parse-kv", "make-series", "top-nested", "top-hitters", "make-graph",
    "graph-match", "sample-distinct",
    "partition-by",
  ]

  /// Words after which `(raw text)` is one literal token rather than a call.
  static let rawLiteralTypes: Set<String> = ["datetime", "date", "timespan", "time", "guid"]

  private func peek(_ offset: Int = 0) -> UInt8? {
    let index = position + offset
    return index < bytes.count ? bytes[index] : nil
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
  }

  /// The text without leading and trailing whitespace.
  static func trimmed(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = text.firstIndex(where: { !isSpace($0) }),
      let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// The next token.
  public mutating func next() -> Token {
    skipTrivia()
    guard let byte = peek() else { return Token(kind: .end, span: .at(bytes.count)) }
    let start = position
    if Self.isLetter(byte) || byte == UInt8(ascii: "$") {
      if byte == UInt8(ascii: "h") || byte == UInt8(ascii: "H"),
        let quote = peek(1),
        quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "@")
      {
        position += 1
        if quote == UInt8(ascii: "@") { return lexVerbatimString(start: start) }
        return lexString(start: start)
      }
      return lexWord(start: start)
    }
    if Self.isDigit(byte) { return lexNumber(start: start) }
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      return lexString(start: start)
    case UInt8(ascii: "`"):
      if peek(1) == UInt8(ascii: "`"), peek(2) == UInt8(ascii: "`") {
        return lexFencedString(start: start)
      }
    case UInt8(ascii: "@"):
      if let quote = peek(1), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
        return lexVerbatimString(start: start)
      }
    case UInt8(ascii: "!"):
      if let following = peek(1), Self.isLetter(following) {
        position += 1
        var word = "!" + readWordBody()
        if peek() == UInt8(ascii: "~") {
          position += 1
          word += "~"
        }
        return Token(kind: .identifier(word), span: Span(start: start, end: position))
      }
    default:
      break
    }
    return lexSymbol(start: start)
  }

  private mutating func skipTrivia() {
    while let byte = peek() {
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
        position += 1
      } else if byte >= 0x80, case let length = wideSpaceLength(), length > 0 {
        position += length
      } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
        position = bytes.withUnsafeBufferPointer { buffer in
          var index = position
          while index < buffer.count, buffer[index] != 0x0A { index += 1 }
          return index
        }
      } else {
        return
      }
    }
  }

  /// The length in bytes of a whitespace character beyond ASCII's that starts at the current position, or 0.
  ///
  /// These are the characters Kusto.Language's `TextFacts.IsWhitespace` skips besides space, tab, form feed and
  /// line breaks: the no-break and narrow no-break spaces, the Unicode spaces U+2000 to U+200B, the Ogham,
  /// Mongolian, mathematical and ideographic spaces, and the byte order mark. Hunts copied from web pages carry
  /// no-break spaces, and files saved by Windows editors start with a byte order mark.
  private func wideSpaceLength() -> Int {
    switch (peek(), peek(1), peek(2)) {
    case (0xC2, 0xA0, _): return 2  // U+00A0
    case (0xE1, 0x9A, 0x80), (0xE1, 0xA0, 0x8E): return 3  // U+1680, U+180E
    case (0xE2, 0x80, let last?) where (0x80...0x8B).contains(last) || last == 0xAF: return 3  // U+2000–200B, U+202F
    case (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80), (0xEF, 0xBB, 0xBF): return 3  // U+205F, U+3000, U+FEFF
    default: return 0
    }
  }

  /// True when the current byte continues a word: a letter or digit that does not start a wide space.
  private func continuesWord() -> Bool {
    guard let byte = peek(), Self.isLetter(byte) || Self.isDigit(byte) else { return false }
    return byte < 0x80 || wideSpaceLength() == 0
  }

  private mutating func readWordBody() -> String {
    let start = position
    while continuesWord() { position += 1 }
    return text(start, position)
  }

  /// The source bytes `start..<end` as a string.
  private func text(_ start: Int, _ end: Int) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
  }

  /// True when the source bytes from `start` spell `ascii`.
  private func bytes(at start: Int, spell ascii: StaticString) -> Bool {
    let count = ascii.utf8CodeUnitCount
    guard start + count <= bytes.count else { return false }
    let pointer = ascii.utf8Start
    for offset in 0..<count where bytes[start + offset] != pointer[offset] { return false }
    return true
  }

  private mutating func lexWord(start: Int) -> Token {
    if peek() == UInt8(ascii: "$") { position += 1 }
    while continuesWord() { position += 1 }
    var word = text(start, position)
    // Hyphenated operator names (`project-away`, `mv-expand`).
    if peek() == UInt8(ascii: "-"), let following = peek(1), Self.isLetter(following) {
      let save = position
      position += 1
      let tail = readWordBody()
      if Self.hyphenatedWords.contains(word + "-" + tail) {
        word += "-" + tail
      } else {
        position = save
      }
    }
    // Operator options such as `hint.strategy=shuffle` are one word.
    while peek() == UInt8(ascii: "."), bytes(at: start, spell: "hint"), let following = peek(1),
      Self.isLetter(following), word.hasPrefix("hint")
    {
      position += 1
      word += "." + readWordBody()
    }
    if peek() == UInt8(ascii: "~"), word == "in" {
      position += 1
      word += "~"
    }
    // Only `d…`, `t…` and `g…` words of 4 to 8 bytes can be raw-literal types: skip the set lookup otherwise.
    if let first = word.utf8.first,
      first == UInt8(ascii: "d") || first == UInt8(ascii: "t")
        || first == UInt8(ascii: "g"), (4...8).contains(word.utf8.count), Self.rawLiteralTypes.contains(word)
    {
      let save = position
      skipTrivia()
      if peek() == UInt8(ascii: "(") {
        position += 1
        let contentStart = position
        var depth = 1
        while let byte = peek() {
          if byte == UInt8(ascii: "(") { depth += 1 }
          if byte == UInt8(ascii: ")") {
            depth -= 1
            if depth == 0 { break }
          }
          position += 1
        }
        guard peek() == UInt8(ascii: ")") else {
          return Token(
            kind: .invalid(KQLDiagnostics.LexerMessage.unterminatedTypedLiteral(word)),
            span: Span(start: start, end: position))
        }
        var text = Self.trimmed(String(decoding: bytes[contentStart..<position], as: UTF8.self))
        position += 1
        if let first = text.first, first == "\"" || first == "'", text.count >= 2,
          text.last == first
        {
          text = String(text.dropFirst().dropLast())
        }
        return Token(
          kind: .typedLiteral(typeName: word, text: text), span: Span(start: start, end: position))
      }
      position = save
    }
    return Token(kind: .identifier(word), span: Span(start: start, end: position))
  }

  private mutating func lexNumber(start: Int) -> Token {
    if peek() == UInt8(ascii: "0"), let x = peek(1),
      x == UInt8(ascii: "x") || x == UInt8(ascii: "X")
    {
      position += 2
      let digitsStart = position
      while let byte = peek(), Self.isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66) {
        position += 1
      }
      let digits = String(decoding: bytes[digitsStart..<position], as: UTF8.self)
      guard let value = Int64(digits, radix: 16) else {
        return Token(
          kind: .invalid(KQLDiagnostics.LexerMessage.invalidHexadecimal), span: Span(start: start, end: position))
      }
      return Token(kind: .long(value), span: Span(start: start, end: position))
    }
    while let byte = peek(), Self.isDigit(byte) { position += 1 }
    var isReal = false
    if peek() == UInt8(ascii: "."), let following = peek(1), Self.isDigit(following) {
      isReal = true
      position += 1
      while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      var offset = 1
      if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset = 2 }
      if let digit = peek(offset), Self.isDigit(digit) {
        isReal = true
        position += offset
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
      }
    }
    let numberText = String(decoding: bytes[start..<position], as: UTF8.self)
    if let byte = peek(), Self.isLetter(byte) {
      let unit = readWordBody()
      guard let perUnit = Self.timespanUnits[unit.lowercased()], let amount = Double(numberText)
      else {
        return Token(
          kind: .invalid(KQLDiagnostics.LexerMessage.unknownTimespanUnit(unit)), span: Span(start: start, end: position)
        )
      }
      let micro = (amount * perUnit).rounded()
      guard micro.magnitude < 9.0e18 else {
        return Token(
          kind: .invalid(KQLDiagnostics.LexerMessage.timespanOutOfRange), span: Span(start: start, end: position))
      }
      return Token(
        kind: .timespan(microseconds: Int64(micro)), span: Span(start: start, end: position))
    }
    if isReal {
      return Token(kind: .real(Double(numberText) ?? 0), span: Span(start: start, end: position))
    }
    if let value = Int64(numberText) {
      return Token(kind: .long(value), span: Span(start: start, end: position))
    }
    return Token(kind: .real(Double(numberText) ?? 0), span: Span(start: start, end: position))
  }

  /// Microseconds per timespan unit (Kusto has no week unit).
  static let timespanUnits: [String: Double] = [
    "d": 86_400_000_000, "day": 86_400_000_000, "days": 86_400_000_000,
    "h": 3_600_000_000, "hr": 3_600_000_000, "hrs": 3_600_000_000, "hour": 3_600_000_000,
    "hours": 3_600_000_000,
    "m": 60_000_000, "min": 60_000_000, "minute": 60_000_000, "minutes": 60_000_000,
    "s": 1_000_000, "sec": 1_000_000, "second": 1_000_000, "seconds": 1_000_000,
    "ms": 1_000, "milli": 1_000, "millis": 1_000, "millisecond": 1_000, "milliseconds": 1_000,
    "microsecond": 1, "microseconds": 1, "micro": 1, "micros": 1,
    "tick": 0.1, "ticks": 0.1,
  ]

  private mutating func lexString(start: Int) -> Token {
    let quote = bytes[position]
    position += 1
    // Most literals hold no escape: they become one string straight from the source bytes.
    var end = position
    while end < bytes.count, bytes[end] != quote, bytes[end] != UInt8(ascii: "\\"), bytes[end] != 0x0A { end += 1 }
    if end < bytes.count, bytes[end] == quote {
      let value = text(position, end)
      position = end + 1
      return Token(kind: .string(value), span: Span(start: start, end: position))
    }
    var value: [UInt8] = []
    while let byte = peek() {
      if byte == quote {
        position += 1
        return Token(
          kind: .string(String(decoding: value, as: UTF8.self)),
          span: Span(start: start, end: position))
      }
      if byte == 0x0A { break }
      if byte == UInt8(ascii: "\\") {
        guard let escaped = peek(1) else { break }
        position += 2
        switch escaped {
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "0"): value.append(0x00)
        case UInt8(ascii: "u"):
          let hexEnd = min(position + 4, bytes.count)
          let hex = String(decoding: bytes[position..<hexEnd], as: UTF8.self)
          guard hex.count == 4, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code)
          else {
            return Token(
              kind: .invalid(KQLDiagnostics.LexerMessage.invalidUnicodeEscape), span: Span(start: start, end: position))
          }
          value.append(contentsOf: Array(String(Character(scalar)).utf8))
          position = hexEnd
        default:
          value.append(escaped)
        }
        continue
      }
      value.append(byte)
      position += 1
    }
    return Token(
      kind: .invalid(KQLDiagnostics.LexerMessage.unterminatedString), span: Span(start: start, end: position))
  }

  private mutating func lexVerbatimString(start: Int) -> Token {
    position += 1  // @
    let quote = bytes[position]
    position += 1
    var value: [UInt8] = []
    while let byte = peek() {
      if byte == quote {
        if peek(1) == quote {
          value.append(quote)
          position += 2
          continue
        }
        position += 1
        return Token(
          kind: .string(String(decoding: value, as: UTF8.self)),
          span: Span(start: start, end: position))
      }
      if byte == 0x0A { break }
      value.append(byte)
      position += 1
    }
    return Token(
      kind: .invalid(KQLDiagnostics.LexerMessage.unterminatedString), span: Span(start: start, end: position))
  }

  private mutating func lexFencedString(start: Int) -> Token {
    position += 3
    let contentStart = position
    while position + 2 < bytes.count {
      if bytes[position] == UInt8(ascii: "`"), bytes[position + 1] == UInt8(ascii: "`"),
        bytes[position + 2] == UInt8(ascii: "`")
      {
        let value = String(decoding: bytes[contentStart..<position], as: UTF8.self)
        position += 3
        return Token(kind: .string(value), span: Span(start: start, end: position))
      }
      position += 1
    }
    position = bytes.count
    return Token(
      kind: .invalid(KQLDiagnostics.LexerMessage.unterminatedFencedString), span: Span(start: start, end: position))
  }

  /// The symbol starting at the cursor, longest first, or nil.
  private func symbol() -> String? {
    guard let byte = peek() else { return nil }
    let next = peek(1)
    func followed(by ascii: Unicode.Scalar) -> Bool { next == UInt8(ascii: ascii) }
    switch byte {
    case UInt8(ascii: "<"):
      if followed(by: "|"), peek(2) == UInt8(ascii: ">") { return "<|>" }
      if followed(by: "=") { return "<=" }
      if followed(by: ">") { return "<>" }
      return "<"
    case UInt8(ascii: "="):
      if followed(by: "=") { return "==" }
      if followed(by: "~") { return "=~" }
      if followed(by: ">") { return "=>" }
      return "="
    case UInt8(ascii: "!"):
      if followed(by: "=") { return "!=" }
      if followed(by: "~") { return "!~" }
      return nil
    case UInt8(ascii: ">"):
      return followed(by: "=") ? ">=" : ">"
    case UInt8(ascii: "."):
      return followed(by: ".") ? ".." : "."
    case UInt8(ascii: "|"): return "|"
    case UInt8(ascii: "("): return "("
    case UInt8(ascii: ")"): return ")"
    case UInt8(ascii: "["): return "["
    case UInt8(ascii: "]"): return "]"
    case UInt8(ascii: "{"): return "{"
    case UInt8(ascii: "}"): return "}"
    case UInt8(ascii: ","): return ","
    case UInt8(ascii: ";"): return ";"
    case UInt8(ascii: ":"): return ":"
    case UInt8(ascii: "+"): return "+"
    case UInt8(ascii: "-"): return "-"
    case UInt8(ascii: "*"): return "*"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "%"): return "%"
    case UInt8(ascii: "?"): return "?"
    default: return nil
    }
  }

  private mutating func lexSymbol(start: Int) -> Token {
    if let text = symbol() {
      position += text.utf8.count
      return Token(kind: .symbol(text), span: Span(start: start, end: position))
    }
    // Skip one whole UTF-8 character.
    position += 1
    while let byte = peek(), byte & 0xC0 == 0x80 { position += 1 }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    return Token(
      kind: .invalid(KQLDiagnostics.LexerMessage.unexpectedCharacter(text)), span: Span(start: start, end: position))
  }
}
