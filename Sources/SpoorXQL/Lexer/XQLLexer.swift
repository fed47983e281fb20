import SpoorDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits XQL text into tokens, skipping whitespace and `//` / `/* */` comments.
///
/// String rules follow XQL: `"…"` is raw (a backslash is an ordinary character: `"\test\"` is `\test\`), except
/// that `\"` stands for a quote inside the text when what follows it cannot follow a string, or when closing the
/// string there would leave the rest of the line unreadable (see ``State/closesString(at:)``); `"""…"""` processes
/// the escapes `\\`, `\"`, `\n`, `\t` and `\r`, except that a `\"""` where the string can end is a backslash
/// and the closing quotes.
public enum XQLLexer {
  /// The tokens of `source`, always ending with `.endOfInput`, and the problems found.
  public static func tokenize(_ source: SourceText) -> (tokens: [XQLToken], diagnostics: [Diagnostic]) {
    var state = State(bytes: source.utf8)
    state.run()
    return (state.tokens, state.diagnostics)
  }

  private struct State {
    let bytes: [UInt8]
    var position = 0
    var tokens: [XQLToken] = []
    var diagnostics: [Diagnostic] = []

    init(bytes: [UInt8]) {
      self.bytes = bytes
      // Sigma-style queries average one token per 10–20 bytes (comments included), some one per 5: one allocation
      // covers all but 4 of the 1,010 corpus queries (one per 16 bytes left 44 % to grow and copy once; measured:
      // fewer instructions than growing from empty).
      tokens.reserveCapacity(bytes.count / 8 + 16)
    }

    func peek(_ offset: Int = 0) -> UInt8? {
      let index = position + offset
      return index < bytes.count ? bytes[index] : nil
    }

    func text(_ start: Int, _ end: Int) -> String {
      bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    mutating func add(_ kind: XQLTokenKind, from start: Int) {
      tokens.append(XQLToken(kind: kind, text: text(start, position), span: Span(start: start, end: position)))
    }

    mutating func run() {
      while let byte = peek() {
        let start = position
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
          position += 1
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
          position = endOfLine(from: position)
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
          position += 2
          var closed = false
          while let next = peek() {
            if next == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
              position += 2
              closed = true
              break
            }
            position += 1
          }
          if !closed { diagnostics.append(XQLDiagnostics.unterminatedComment(Span(start: start, end: start + 2))) }
        case UInt8(ascii: "\""):
          lexString()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
          lexNumber()
        case _ where isIdentifierStart(byte):
          while let next = peek(), isIdentifierPart(next) { position += 1 }
          add(.identifier, from: start)
        case UInt8(ascii: "`"):
          lexQuotedName()
        default:
          lexPunctuation(byte)
        }
      }
      tokens.append(XQLToken(kind: .endOfInput, text: "", span: .at(bytes.count)))
    }

    /// The index of the first line feed at or after `start`, or the end of the text.
    ///
    /// Found with `memchr`: the comment lines heading a Sigma query are often most of its bytes.
    func endOfLine(from start: Int) -> Int {
      bytes.withUnsafeBufferPointer { buffer in
        guard start < buffer.count, let base = buffer.baseAddress else { return max(start, buffer.count) }
        guard let found = memchr(base + start, 0x0A, buffer.count - start) else { return buffer.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
    }

    mutating func lexPunctuation(_ byte: UInt8) {
      let start = position
      let next = peek(1)
      let kind: XQLTokenKind
      var width = 1
      switch byte {
      case UInt8(ascii: "|"): kind = .pipe
      case UInt8(ascii: "("): kind = .leftParen
      case UInt8(ascii: ")"): kind = .rightParen
      case UInt8(ascii: "["): kind = .leftBracket
      case UInt8(ascii: "]"): kind = .rightBracket
      case UInt8(ascii: "{"): kind = .leftBrace
      case UInt8(ascii: "}"): kind = .rightBrace
      case UInt8(ascii: ","): kind = .comma
      case UInt8(ascii: "."): kind = .dot
      case UInt8(ascii: "="):
        kind = .equal
        if next == UInt8(ascii: "=") { width = 2 }
      case UInt8(ascii: "!") where next == UInt8(ascii: "="): kind = .notEqual; width = 2
      case UInt8(ascii: "!") where next == UInt8(ascii: "~") && peek(2) == UInt8(ascii: "="):
        kind = .notRegexMatch
        width = 3
      case UInt8(ascii: "~") where next == UInt8(ascii: "="): kind = .regexMatch; width = 2
      case UInt8(ascii: "<"):
        if next == UInt8(ascii: "=") { kind = .lessOrEqual; width = 2 } else { kind = .less }
      case UInt8(ascii: ">"):
        if next == UInt8(ascii: "=") { kind = .greaterOrEqual; width = 2 } else { kind = .greater }
      case UInt8(ascii: "+"): kind = .plus
      case UInt8(ascii: "-"):
        if next == UInt8(ascii: ">") { kind = .arrow; width = 2 } else { kind = .minus }
      case UInt8(ascii: "*"): kind = .star
      case UInt8(ascii: "/"): kind = .slash
      default:
        kind = .invalid
        width = utf8Width(byte)
      }
      position = min(bytes.count, position + width)
      if let spelling = Self.spelling(of: kind, width: width) {
        tokens.append(XQLToken(kind: kind, text: spelling, span: Span(start: start, end: position)))
      } else {
        add(kind, from: start)
      }
      if kind == .invalid {
        diagnostics.append(XQLDiagnostics.unexpectedCharacter(text(start, position), Span(start: start, end: position)))
      }
    }

    /// The source text of a punctuation token, as a constant (no copy of the source bytes); nil for `.invalid`.
    static func spelling(of kind: XQLTokenKind, width: Int) -> String? {
      switch kind {
      case .pipe: return "|"
      case .leftParen: return "("
      case .rightParen: return ")"
      case .leftBracket: return "["
      case .rightBracket: return "]"
      case .leftBrace: return "{"
      case .rightBrace: return "}"
      case .comma: return ","
      case .dot: return "."
      case .equal: return width == 2 ? "==" : "="
      case .notEqual: return "!="
      case .regexMatch: return "~="
      case .notRegexMatch: return "!~="
      case .less: return "<"
      case .lessOrEqual: return "<="
      case .greater: return ">"
      case .greaterOrEqual: return ">="
      case .plus: return "+"
      case .minus: return "-"
      case .star: return "*"
      case .slash: return "/"
      case .arrow: return "->"
      default: return nil
      }
    }

    /// A name between backticks (`` `_path` ``, as Cortex's own query exports write field names): an identifier
    /// spelled as the text between them, which may not span lines; a lone backtick is an unexpected character.
    mutating func lexQuotedName() {
      let start = position
      var end = start + 1
      while end < bytes.count, bytes[end] != UInt8(ascii: "`"), bytes[end] != UInt8(ascii: "\n") { end += 1 }
      guard end < bytes.count, bytes[end] == UInt8(ascii: "`"), end > start + 1 else {
        lexPunctuation(UInt8(ascii: "`"))
        return
      }
      position = end + 1
      tokens.append(XQLToken(kind: .identifier, text: text(start + 1, end), span: Span(start: start, end: position)))
    }

    mutating func lexNumber() {
      let start = position
      while let next = peek(), isDigit(next) { position += 1 }
      if peek() == UInt8(ascii: "."), let after = peek(1), isDigit(after) {
        position += 1
        while let next = peek(), isDigit(next) { position += 1 }
        add(.number, from: start)
        return
      }
      if let next = peek(), isIdentifierStart(next) {
        while let next = peek(), isIdentifierPart(next) { position += 1 }
        add(.duration, from: start)
        return
      }
      add(.number, from: start)
    }

    mutating func lexString() {
      let start = position
      if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
        position += 3
        var value: [UInt8] = []
        while let byte = peek() {
          if byte == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
            position += 3
            tokens.append(
              XQLToken(
                kind: .string, text: text(start, position), value: String(decoding: value, as: UTF8.self),
                isTripleQuoted: true, span: Span(start: start, end: position)))
            return
          }
          // A backslash before the closing quotes, where the string can end, is a backslash (`"""C:\Temp\"""`), as
          // a `\"` is in a one-quote string.
          if byte == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\""),
            peek(3) == UInt8(ascii: "\""), peek(4) != UInt8(ascii: "\""), endsString(at: position + 4)
          {
            value.append(byte)
            position += 1
            continue
          }
          if byte == UInt8(ascii: "\\"), let escaped = peek(1) {
            switch escaped {
            case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): value.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): value.append(escaped)
            default: value.append(contentsOf: [byte, escaped])
            }
            position += 2
            continue
          }
          value.append(byte)
          position += 1
        }
        unterminated(from: start)
        return
      }
      position += 1
      // Where each escaped quote's backslash is (dropped from the value); usually none.
      var escapes: [Int] = []
      while let byte = peek() {
        position += 1
        if byte == UInt8(ascii: "\""), position - 2 > start, bytes[position - 2] == UInt8(ascii: "\\"),
          !closesString(at: position)
        {
          escapes.append(position - 2)
          continue
        }
        if byte == UInt8(ascii: "\"") {
          var value = text(start + 1, position - 1)
          if !escapes.isEmpty {
            let kept = ((start + 1)..<(position - 1)).filter { !escapes.contains($0) }.map { bytes[$0] }
            value = String(decoding: kept, as: UTF8.self)
          }
          tokens.append(
            XQLToken(kind: .string, text: text(start, position), value: value, span: Span(start: start, end: position)))
          return
        }
      }
      unterminated(from: start)
    }

    /// Words that may follow a string literal after a space, as lowercase bytes.
    static let wordsAfterString: [[UInt8]] = [
      "and", "or", "not", "in", "contains", "incidr", "incidr6", "as", "by", "asc", "desc", "limit",
    ].map { Array($0.utf8) }

    /// True when the backslash-quote just before `index` closes a one-quote string.
    ///
    /// It does when what follows can follow a string literal (``endsString(at:)``) and the rest of the line reads
    /// as XQL with the string closed there (``restOfLineReads(from:budget:depth:)``). So the `\"` of a regular
    /// expression's class stays inside the text: in `"[^\s\"]+")` closing before `]` would leave `]+")`, whose
    /// quote never closes, and in `"/tn\s+\"?([^\"]+)\"?")` it would leave a backslash outside a string.
    func closesString(at index: Int) -> Bool {
      guard endsString(at: index) else { return false }
      // A bound on the bytes read ahead, so that text full of `\"` stays linear; past it the guess is "closes".
      var budget = 4096
      return restOfLineReads(from: index, budget: &budget, depth: 0)
    }

    /// True when the text from `index` to the end of its line can stand outside a string literal.
    ///
    /// It cannot when it has a backslash outside a string, or a `"` whose string does not close on the line (each
    /// `\"` inside such a string is judged as ``closesString(at:)`` judges it). A comment, a triple quote, the
    /// line's end, a spent budget or a sixteenth nested look ends the look with true.
    func restOfLineReads(from index: Int, budget: inout Int, depth: Int) -> Bool {
      guard depth < 16 else { return true }
      var cursor = index
      while cursor < bytes.count {
        budget -= 1
        if budget <= 0 { return true }
        let byte = bytes[cursor]
        let next = cursor + 1 < bytes.count ? bytes[cursor + 1] : nil
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          return true
        case UInt8(ascii: "/") where next == UInt8(ascii: "/") || next == UInt8(ascii: "*"):
          return true
        case UInt8(ascii: "\\"):
          return false
        case UInt8(ascii: "\""):
          if next == UInt8(ascii: "\""), cursor + 2 < bytes.count, bytes[cursor + 2] == UInt8(ascii: "\"") {
            return true
          }
          var inner = cursor + 1
          var closed = false
          while inner < bytes.count, bytes[inner] != UInt8(ascii: "\n"), bytes[inner] != UInt8(ascii: "\r") {
            budget -= 1
            if budget <= 0 { return true }
            if bytes[inner] == UInt8(ascii: "\""),
              bytes[inner - 1] != UInt8(ascii: "\\")
                || (endsString(at: inner + 1) && restOfLineReads(from: inner + 1, budget: &budget, depth: depth + 1))
            {
              closed = true
              break
            }
            inner += 1
          }
          guard closed else { return false }
          cursor = inner + 1
        default:
          cursor += 1
        }
      }
      return true
    }

    /// True when what follows the backslash-quote just before `index` can follow a string literal.
    ///
    /// It does when what follows can follow a string literal: the end, a line end, `|`, `)`, `,`, `]`, `}`, an
    /// operator, a comment, or after a space an operator word such as `and`. Otherwise the `\"` is a quote inside
    /// the text: `"cmd /c \"whoami\""`.
    func endsString(at index: Int) -> Bool {
      var cursor = index
      while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") {
        cursor += 1
      }
      guard cursor < bytes.count else { return true }
      switch bytes[cursor] {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "|"), UInt8(ascii: ")"), UInt8(ascii: ","),
        UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"),
        UInt8(ascii: ">"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"),
        UInt8(ascii: "/"):
        return true
      case let byte where isIdentifierStart(byte) && cursor > index:
        var end = cursor
        while end < bytes.count, isIdentifierPart(bytes[end]) { end += 1 }
        // Compared on bytes, ASCII letters lowered: no copy of the word.
        return Self.wordsAfterString.contains { word in
          word.count == end - cursor
            && word.indices.allSatisfy {
              word[$0] == (bytes[cursor + $0] | (isUppercase(bytes[cursor + $0]) ? 0x20 : 0))
            }
        }
      default:
        return false
      }
    }

    mutating func unterminated(from start: Int) {
      position = bytes.count
      add(.invalid, from: start)
      diagnostics.append(XQLDiagnostics.unterminatedString(Span(start: start, end: start + 1)))
    }

    func isUppercase(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func isIdentifierStart(_ byte: UInt8) -> Bool {
      (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "@")
    }

    func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    func utf8Width(_ byte: UInt8) -> Int {
      switch byte {
      case 0xF0...0xFF: return 4
      case 0xE0...0xEF: return 3
      case 0xC0...0xDF: return 2
      default: return 1
      }
    }
  }
}
