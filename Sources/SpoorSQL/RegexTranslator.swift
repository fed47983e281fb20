/// Translates RE2 patterns (KQL `matches regex`, XQL `~=`) to PostgreSQL ARE patterns with the same meaning,
/// or reports the feature ARE lacks.
///
/// Rewrites: `\b`→`\y`, `\B`→`\Y`, `\z`→`\Z`, `\xHH`/`\x{H…}`→`\uHHHH`, `\Q…\E`→escaped text, named groups
/// lose their names, `.` becomes `[^\n]` (RE2's `.` does not match a newline, ARE's does) unless `(?s)`, a
/// leading `(?m)` becomes ARE's `(?w)`, a `{` that starts no repetition is escaped. ARE takes options only at the
/// start of a pattern, so a later `(?i)` (up to the end of its group) or `(?i:…)` spells case-insensitivity out:
/// each letter becomes `[xX]` and each class gains the other case of its letters; a later `(?s)` makes `.` match
/// newlines. Unsupported: other inline flags (`-i`, a later `m`, `U`), look-around, back-references, `\p` classes, `\C`, class set operations, nested
/// classes, `\D`/`\S`/`\W` inside brackets, possessive quantifiers.
public enum RegexTranslator {
  /// The ARE pattern equivalent to an RE2 pattern.
  /// - Parameter pattern: RE2 pattern text (already unescaped from the query's string literal).
  /// - Throws: ``RegexTranslationError`` naming the first feature ARE cannot express.
  public static func postgresPattern(fromRE2 pattern: String) throws(RegexTranslationError)
    -> String
  {
    try translate(pattern).pattern
  }

  /// An ARE bracket expression matching one RE2 metacharacter (`\ . + * ? ( ) | [ ] { } ^ $`), the characters
  /// `regex_quote` escapes: every character RE2 reads as syntax outside a class.
  static let metacharacterClass = "[][\\\\.+*?(){}|^$]"

  /// A translated pattern, split so callers can wrap the body (extract group 0, trim) yet keep the options first.
  struct Translation: Hashable {
    /// ARE embedded option letters (`i`, `w`), without `(?` `)`.
    var options: String
    /// The pattern body.
    var body: String
    /// The number of capturing groups.
    var captureGroups: Int
    /// True when the pattern has both greedy and lazy variable-length quantifiers.
    ///
    /// RE2 then decides match extents
    /// quantifier by quantifier, while ARE gives the whole pattern the greediness of its first quantifier: tests
    /// (`~`) agree, but extracted text and replacements may not.
    var mixesGreediness = false
    /// True when the pattern has an anchor or a word boundary (`^`, `$`, `\A`, `\z`, `\b`, `\B`), whose match
    /// depends on the text around the part searched.
    var hasAssertions = false
    /// The top-level pieces of the body in order (an atom or group with its quantifier); empty when the body has
    /// a top-level alternation.
    var pieces: [RegexPiece] = []

    /// The complete ARE pattern.
    var pattern: String { options.isEmpty ? body : "(?" + options + ")" + body }

    /// The complete ARE pattern with the body replaced by `transform(body)`.
    func wrapping(_ transform: (String) -> String) -> String {
      let wrapped = transform(body)
      return options.isEmpty ? wrapped : "(?" + options + ")" + wrapped
    }
  }

  /// Translates a pattern into its parts.
  static func translate(_ pattern: String) throws(RegexTranslationError) -> Translation {
    var reader = RegexReader(Array(pattern.unicodeScalars))
    var options = ""
    var dotMatchesNewline = false
    // Leading flag groups: `(?i)`, `(?ims)`, `(?i)(?s)`.
    while reader.peek(0) == "(", reader.peek(1) == "?", let flags = reader.leadingFlags() {
      for flag in flags {
        switch flag {
        case "i": if !options.contains("i") { options.append("i") }
        case "m": if !options.contains("w") { options.append("w") }
        case "s": dotMatchesNewline = true
        case "u": break  // Unicode matching is ARE's default.
        default:
          throw RegexTranslationError(message: "regex flag '\(flag)'", offset: reader.position)
        }
      }
    }
    var body = ""
    // Inline flags after the start: the current case folding and dot mode, saved per open group.
    var foldCase = false
    var modes: [(foldCase: Bool, dotMatchesNewline: Bool)] = []
    var captureGroups = 0
    var hasGreedy = false
    var hasLazy = false
    var hasAssertions = false
    // Where the last quantifiable atom starts in `body`, and where each open group starts, as UTF-8 offsets:
    // `utf8.count` of a native string is O(1), which keeps the translation linear in the pattern's length.
    var lastAtom: Int?
    var openGroups: [Int] = []
    var pieces: [(start: Int, piece: RegexPiece)] = []
    var hasTopLevelAlternation = false
    // True right after a quantifier: RE2 refuses a repetition of a repetition (`a**`).
    var afterQuantifier = false
    func invalid(_ message: String, _ offset: Int) -> RegexTranslationError {
      RegexTranslationError(message: message, offset: offset, isInvalidPattern: true)
    }
    func noteQuantifier(lazy: Bool) {
      guard !pieces.isEmpty else { return }
      if lazy {
        pieces[pieces.count - 1].piece.hasLazy = true
      } else {
        pieces[pieces.count - 1].piece.hasGreedy = true
      }
    }
    while let scalar = reader.next() {
      let offset = reader.position - 1
      let atomStart = body.utf8.count
      let groupsBefore = captureGroups
      if openGroups.isEmpty, !["*", "+", "?", ")", "|"].contains(scalar),
        scalar != "{" || !reader.startsRepetition
      {
        pieces.append((atomStart, RegexPiece()))
      }
      let quantifierFollows = afterQuantifier
      afterQuantifier = false
      defer {
        if captureGroups > groupsBefore, !pieces.isEmpty {
          pieces[pieces.count - 1].piece.captureGroups += captureGroups - groupsBefore
        }
      }
      switch scalar {
      case "\\":
        if foldCase, let next = reader.peek(0), next == "Q" || next == "x" {
          throw RegexTranslationError(
            message: "'\\\(next)' under an inline '(?i)' after the start", offset: offset)
        }
        let escaped = try escape(&reader, at: offset, inClass: false)
        if ["\\y", "\\Y", "\\A", "\\Z"].contains(escaped) { hasAssertions = true }
        body += escaped
        lastAtom = atomStart
      case "(":
        if reader.peek(0) == "?", let (flags, scoped) = reader.inlineFlags() {
          var newFold = foldCase
          var newDot = dotMatchesNewline
          for flag in flags {
            switch flag {
            case "i": newFold = !options.contains("i")
            case "s": newDot = true
            case "u": break
            default:
              throw RegexTranslationError(
                message: "inline regex flag '\(flag)' after the start of the pattern", offset: offset)
            }
          }
          if scoped {
            modes.append((foldCase, dotMatchesNewline))
            openGroups.append(atomStart)
            body.append("(?:")
          } else if openGroups.isEmpty, pieces.last?.start == atomStart {
            pieces.removeLast()
          }
          foldCase = newFold
          dotMatchesNewline = newDot
          lastAtom = nil
          continue
        }
        modes.append((foldCase, dotMatchesNewline))
        if reader.peek(0) == "?" {
          body += try groupOpening(&reader, at: offset, captureGroups: &captureGroups)
        } else {
          captureGroups += 1
          body.append("(")
        }
        openGroups.append(atomStart)
        lastAtom = nil
      case ")":
        guard !openGroups.isEmpty else { throw invalid("unmatched ')'", offset) }
        body.append(")")
        lastAtom = openGroups.popLast()
        if let mode = modes.popLast() {
          foldCase = mode.foldCase
          dotMatchesNewline = mode.dotMatchesNewline
        }
      case "|":
        body.append("|")
        if openGroups.isEmpty { hasTopLevelAlternation = true }
        lastAtom = nil
      case ".":
        body += dotMatchesNewline ? "." : "[^\\n]"
        lastAtom = atomStart
      case "[":
        let bracket = try bracketExpression(&reader, at: offset)
        body += foldCase ? try caseFolded(bracket: bracket, at: offset) : bracket
        lastAtom = atomStart
      case "{":
        guard let (minimum, maximum) = reader.repetition() else {
          body += "\\{"
          lastAtom = atomStart
          break
        }
        if quantifierFollows { throw invalid("repetition operator after a repetition", offset) }
        if lastAtom == nil { throw invalid("missing argument to repetition operator '{'", offset) }
        let lazy = reader.peek(0) == "?"
        if lazy { _ = reader.next() }
        afterQuantifier = true
        if maximum != minimum {
          if lazy { hasLazy = true } else { hasGreedy = true }
          noteQuantifier(lazy: lazy)
        }
        try appendRepetition(
          &body, atom: lastAtom, minimum: minimum, maximum: maximum, lazy: lazy, at: offset)
        lastAtom = nil
      case "*", "+", "?":
        if reader.peek(0) == "+" {
          throw RegexTranslationError(message: "possessive quantifier '\(scalar)+'", offset: offset)
        }
        if quantifierFollows { throw invalid("repetition operator after a repetition", offset) }
        if lastAtom == nil { throw invalid("missing argument to repetition operator '\(scalar)'", offset) }
        afterQuantifier = true
        body.unicodeScalars.append(scalar)
        if reader.peek(0) == "?" {
          _ = reader.next()
          body.append("?")
          hasLazy = true
          noteQuantifier(lazy: true)
        } else {
          hasGreedy = true
          noteQuantifier(lazy: false)
        }
      default:
        if scalar == "^" || scalar == "$" { hasAssertions = true }
        body += foldCase ? try caseFolded(scalar, at: offset) : String(scalar)
        lastAtom = atomStart
      }
    }
    // At the end of the pattern, where the `)` is missing.
    if !openGroups.isEmpty { throw invalid("missing ')'", reader.position) }
    var translation = Translation(
      options: options, body: body, captureGroups: captureGroups,
      mixesGreediness: hasGreedy && hasLazy, hasAssertions: hasAssertions)
    if !hasTopLevelAlternation {
      let bytes = Array(body.utf8)
      for (index, entry) in pieces.enumerated() {
        var piece = entry.piece
        let end = index + 1 < pieces.count ? pieces[index + 1].start : bytes.count
        piece.body += String(decoding: bytes[entry.start..<end], as: UTF8.self)
        translation.pieces.append(piece)
      }
    }
    return translation
  }

  /// A literal character matched in either case: `[xX]` for a letter with one-character case forms.
  private static func caseFolded(_ scalar: Unicode.Scalar, at offset: Int) throws(RegexTranslationError)
    -> String
  {
    guard scalar.properties.isAlphabetic else { return String(scalar) }
    let lower = String(scalar).lowercased()
    let upper = String(scalar).uppercased()
    guard lower.unicodeScalars.count == 1, upper.unicodeScalars.count == 1 else {
      throw RegexTranslationError(
        message: "case-insensitive '\(scalar)' under an inline '(?i)' after the start", offset: offset)
    }
    return lower == upper ? String(scalar) : "[" + lower + upper + "]"
  }

  /// A translated bracket expression that also matches the other case of its ASCII letters and letter ranges.
  private static func caseFolded(bracket: String, at offset: Int) throws(RegexTranslationError) -> String {
    let scalars = Array(bracket.unicodeScalars)
    var index = 1
    var result = "["
    if index < scalars.count, scalars[index] == "^" {
      result.append("^")
      index += 1
    }
    func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    func swapped(_ scalar: Unicode.Scalar) -> String {
      ("a"..."z").contains(scalar) ? String(scalar).uppercased() : String(scalar).lowercased()
    }
    while index < scalars.count - 1 {
      let scalar = scalars[index]
      if scalar == "\\", index + 1 < scalars.count - 1 {
        guard scalars[index + 1] != "u", scalars[index + 1] != "U" else {
          throw RegexTranslationError(
            message: "a '\\x' escape in a class under an inline '(?i)' after the start", offset: offset)
        }
        result.unicodeScalars.append(contentsOf: scalars[index...(index + 1)])
        index += 2
      } else if scalar == "[", index + 1 < scalars.count, scalars[index + 1] == ":" {
        var end = index + 2
        while end + 1 < scalars.count, !(scalars[end] == ":" && scalars[end + 1] == "]") { end += 1 }
        result.unicodeScalars.append(contentsOf: scalars[index..<min(end + 2, scalars.count - 1)])
        index = end + 2
      } else if index + 2 < scalars.count - 1, scalars[index + 1] == "-" {
        let high = scalars[index + 2]
        result.unicodeScalars.append(contentsOf: scalars[index...(index + 2)])
        if isLetter(scalar) || isLetter(high) {
          let sameCase =
            (("a"..."z").contains(scalar) && ("a"..."z").contains(high))
            || (("A"..."Z").contains(scalar) && ("A"..."Z").contains(high))
          guard sameCase else {
            throw RegexTranslationError(
              message: "the range '\(scalar)-\(high)' under an inline '(?i)' after the start", offset: offset)
          }
          result += swapped(scalar) + "-" + swapped(high)
        } else if !scalar.isASCII || !high.isASCII {
          throw RegexTranslationError(
            message: "a non-ASCII range under an inline '(?i)' after the start", offset: offset)
        }
        index += 3
      } else {
        if !scalar.isASCII, scalar.properties.isAlphabetic {
          throw RegexTranslationError(
            message: "case-insensitive '\(scalar)' under an inline '(?i)' after the start", offset: offset)
        }
        result.unicodeScalars.append(scalar)
        if isLetter(scalar) { result += swapped(scalar) }
        index += 1
      }
    }
    return result + "]"
  }

  /// ARE's largest repetition count (`DUPMAX`); RE2 allows up to 1000.
  static let maximumRepetition = 255

  /// Appends the quantifier `{minimum,maximum}` (nil maximum: unbounded) to the atom ending `body`.
  ///
  /// The atom starts at the UTF-8 offset `atom`. Counts over
  /// ARE's limit split the atom into consecutive repetitions with the same total range: `x{1,256}` becomes
  /// `(?:x{1,255}x{0,1})`.
  private static func appendRepetition(
    _ body: inout String, atom: Int?, minimum: Int, maximum: Int?, lazy: Bool, at offset: Int
  ) throws(RegexTranslationError) {
    let suffix = lazy ? "?" : ""
    func quantifier(_ low: Int, _ high: Int?) -> String {
      guard let high else { return "{\(low),}" + suffix }
      return (low == high ? "{\(low)}" : "{\(low),\(high)}") + suffix
    }
    if max(minimum, maximum ?? 0) <= maximumRepetition {
      body += quantifier(minimum, maximum)
      return
    }
    guard let atom else {
      throw RegexTranslationError(message: "repetition of nothing", offset: offset)
    }
    if let maximum, maximum < minimum {
      throw RegexTranslationError(
        message: "repetition range {\(minimum),\(maximum)}", offset: offset)
    }
    let atomIndex = body.utf8.index(body.utf8.startIndex, offsetBy: atom)
    let atomBytes = Array(body.utf8[atomIndex...])
    let hasCapture = atomBytes.indices.contains { index in
      atomBytes[index] == UInt8(ascii: "(") && (index == 0 || atomBytes[index - 1] != UInt8(ascii: "\\"))
        && (index + 1 == atomBytes.count || atomBytes[index + 1] != UInt8(ascii: "?"))
    }
    if hasCapture {
      throw RegexTranslationError(
        message: "repetition count over \(maximumRepetition) of a capturing group", offset: offset)
    }
    let atomText = String(decoding: atomBytes, as: UTF8.self)
    var rewritten = "(?:"
    var low = minimum
    var high = maximum
    while low > maximumRepetition || (high.map { $0 > maximumRepetition } ?? false) {
      let chunkLow = min(low, maximumRepetition)
      rewritten += atomText + quantifier(chunkLow, maximumRepetition)
      low -= chunkLow
      high = high.map { $0 - maximumRepetition }
    }
    rewritten += atomText + quantifier(low, high) + ")"
    body.removeSubrange(atomIndex...)
    body += rewritten
  }

  /// Translates the escape after a backslash (already consumed).
  private static func escape(
    _ reader: inout RegexReader, at offset: Int, inClass: Bool
  ) throws(RegexTranslationError) -> String {
    guard let next = reader.next() else {
      throw RegexTranslationError(message: "trailing backslash", offset: offset)
    }
    switch next {
    case "d", "s", "w", "n", "t", "r", "f", "v":
      return "\\" + String(next)
    case "D", "S", "W":
      if inClass {
        throw RegexTranslationError(message: "'\\\(next)' inside a character class", offset: offset)
      }
      return "\\" + String(next)
    case "b", "B", "A", "z":
      if inClass {
        throw RegexTranslationError(message: "'\\\(next)' inside a character class", offset: offset)
      }
      switch next {
      case "b": return "\\y"
      case "B": return "\\Y"
      case "A": return "\\A"
      default: return "\\Z"
      }
    case "a": return "\\a"
    case "x": return try hexEscape(&reader, at: offset)
    case "p", "P":
      throw RegexTranslationError(message: "Unicode class '\\\(next)'", offset: offset)
    case "Q":
      if inClass {
        throw RegexTranslationError(message: "'\\Q' inside a character class", offset: offset)
      }
      var literal = ""
      while let scalar = reader.next() {
        if scalar == "\\", reader.peek(0) == "E" {
          _ = reader.next()
          break
        }
        literal += escapedLiteral(scalar)
      }
      return literal
    case "E":
      return ""
    default:
      if next.properties.isAlphabetic || ("0"..."9").contains(next) {
        let what = ("0"..."9").contains(next) ? "back-reference or octal escape" : "escape"
        throw RegexTranslationError(message: "\(what) '\\\(next)'", offset: offset)
      }
      return "\\" + String(next)
    }
  }

  /// `\xHH` or `\x{H…}` as ARE's fixed-width `\uHHHH` / `\UHHHHHHHH` (ARE's `\x` would swallow following hex digits).
  private static func hexEscape(_ reader: inout RegexReader, at offset: Int)
    throws(RegexTranslationError) -> String
  {
    var digits = ""
    if reader.peek(0) == "{" {
      _ = reader.next()
      while let scalar = reader.next(), scalar != "}" { digits.unicodeScalars.append(scalar) }
    } else {
      for _ in 0..<2 {
        guard let scalar = reader.next() else { break }
        digits.unicodeScalars.append(scalar)
      }
    }
    guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16),
      Unicode.Scalar(value) != nil
    else {
      throw RegexTranslationError(message: "malformed '\\x' escape", offset: offset)
    }
    let hex = String(value, radix: 16, uppercase: true)
    if value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
    return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// A group opener starting `(?` (the `(` consumed, `?` next).
  private static func groupOpening(
    _ reader: inout RegexReader, at offset: Int, captureGroups: inout Int
  ) throws(RegexTranslationError) -> String {
    _ = reader.next()  // "?"
    switch reader.peek(0) {
    case ":":
      _ = reader.next()
      return "(?:"
    case "=", "!":
      throw RegexTranslationError(message: "look-ahead '(?\(reader.peek(0)!)'", offset: offset)
    case "P", "<":
      if reader.peek(0) == "P" {
        _ = reader.next()
        if reader.peek(0) == "=" {
          throw RegexTranslationError(message: "named back-reference '(?P='", offset: offset)
        }
      }
      guard reader.next() == "<" else {
        throw RegexTranslationError(message: "malformed group", offset: offset)
      }
      if reader.peek(0) == "=" || reader.peek(0) == "!" {
        throw RegexTranslationError(message: "look-behind '(?<\(reader.peek(0)!)'", offset: offset)
      }
      while let scalar = reader.next(), scalar != ">" {}
      captureGroups += 1
      return "("
    default:
      throw RegexTranslationError(
        message: "group '(?" + (reader.peek(0).map { String($0) } ?? "") + "'",
        offset: offset)
    }
  }

  /// A bracket expression (the `[` consumed), checked for features ARE lacks.
  private static func bracketExpression(
    _ reader: inout RegexReader, at offset: Int
  ) throws(RegexTranslationError) -> String {
    var result = "["
    if reader.peek(0) == "^" {
      _ = reader.next()
      result.append("^")
    }
    if reader.peek(0) == "]" {
      _ = reader.next()
      result.append("]")
    }
    while let scalar = reader.next() {
      let here = reader.position - 1
      switch scalar {
      case "]":
        result.append("]")
        return result
      case "\\":
        result += try escape(&reader, at: here, inClass: true)
      case "[":
        guard reader.peek(0) == ":" else {
          let what =
            reader.peek(0) == "." || reader.peek(0) == "="
            ? "collating element" : "nested character class"
          throw RegexTranslationError(message: what, offset: here)
        }
        // RE2 reads `[:name:]` up to the next `:]`; without one, the `[` is a literal character of the class.
        let afterBracket = reader.position
        var named = "["
        var closed = false
        while let inner = reader.next() {
          named.unicodeScalars.append(inner)
          if inner == ":", reader.peek(0) == "]" {
            _ = reader.next()
            named.append("]")
            closed = true
            break
          }
        }
        if closed {
          result += named
        } else {
          reader.position = afterBracket
          result.append("\\[")
        }
      case "&", "-", "~":
        if reader.peek(0) == scalar {
          throw RegexTranslationError(
            message: "class set operation '\(scalar)\(scalar)'", offset: here)
        }
        result.unicodeScalars.append(scalar)
      default:
        result.unicodeScalars.append(scalar)
      }
    }
    throw RegexTranslationError(message: "unterminated character class", offset: offset)
  }

  /// One literal character as ARE text: backslash-escaped unless it is a letter, digit or non-ASCII.
  static func escapedLiteral(_ scalar: Unicode.Scalar) -> String {
    if !scalar.isASCII || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
      return String(scalar)
    }
    if scalar == "\n" { return "\\n" }
    if scalar == "\t" { return "\\t" }
    if scalar == "\r" { return "\\r" }
    if scalar.value < 0x20 || scalar.value == 0x7F {
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
    return "\\" + String(scalar)
  }

  /// Literal text as an ARE pattern matching exactly that text.
  static func escapedLiteral(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars { result += escapedLiteral(scalar) }
    return result
  }
}

/// A cursor over a pattern's Unicode scalars.
private struct RegexReader {
  let scalars: [Unicode.Scalar]
  var position = 0

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  func peek(_ ahead: Int) -> Unicode.Scalar? {
    position + ahead < scalars.count ? scalars[position + ahead] : nil
  }

  mutating func next() -> Unicode.Scalar? {
    guard position < scalars.count else { return nil }
    defer { position += 1 }
    return scalars[position]
  }

  /// Consumes a whole-pattern flag group `(?flags)` at the cursor and returns its letters, or nil (consuming
  /// nothing) when the group is not one, such as `(?:` or `(?i:`.
  mutating func leadingFlags() -> String? {
    var index = position + 2
    var flags = ""
    while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "-" {
      flags.unicodeScalars.append(scalars[index])
      index += 1
    }
    guard !flags.isEmpty, index < scalars.count, scalars[index] == ")" else { return nil }
    position = index + 1
    return flags
  }

  /// Consumes an inline flag group after a consumed `(`, the cursor on `?`.
  ///
  /// `?flags)` gives `scoped` false (the flags hold to the end of the enclosing group), `?flags:` gives `scoped`
  /// true (they hold inside the new group). Returns nil, consuming nothing, for other groups (`(?:`, `(?P<`,
  /// look-around).
  mutating func inlineFlags() -> (flags: String, scoped: Bool)? {
    var index = position + 1
    var flags = ""
    while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "-" {
      flags.unicodeScalars.append(scalars[index])
      index += 1
    }
    guard !flags.isEmpty, flags != "P", index < scalars.count, scalars[index] == ")" || scalars[index] == ":"
    else { return nil }
    position = index + 1
    return (flags, scalars[index] == ":")
  }

  /// True when the text after a consumed `{` is a repetition count (nothing is consumed).
  var startsRepetition: Bool {
    var copy = self
    return copy.repetition() != nil
  }

  /// Consumes a repetition count `n}`, `n,}` or `n,m}` after a consumed `{` and returns its bounds.
  ///
  /// A nil maximum means unbounded. Returns nil and consumes nothing when the text is not one (RE2 then reads `{`
  /// literally).
  mutating func repetition() -> (Int, Int?)? {
    var index = position
    func number() -> Int? {
      var digits = ""
      while index < scalars.count, ("0"..."9").contains(scalars[index]), digits.count < 6 {
        digits.unicodeScalars.append(scalars[index])
        index += 1
      }
      return Int(digits)
    }
    guard let minimum = number(), index < scalars.count else { return nil }
    if scalars[index] == "}" {
      position = index + 1
      return (minimum, minimum)
    }
    guard scalars[index] == "," else { return nil }
    index += 1
    let maximum = number()
    guard index < scalars.count, scalars[index] == "}" else { return nil }
    position = index + 1
    return (minimum, maximum)
  }
}
