import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// The string constant an argument is, if it is one.
  static func stringLiteral(_ expression: ScalarExpression) -> String? {
    if case .literal(.string(let text)) = expression.kind { return text }
    return nil
  }

  /// The string constants of a candidate list: one `.stringList` literal or string literals only; nil otherwise.
  static func stringLiterals(_ expressions: ArraySlice<ScalarExpression>) -> [String]? {
    if expressions.count == 1, case .literal(.stringList(let list)) = expressions.first?.kind {
      return list
    }
    var result: [String] = []
    result.reserveCapacity(expressions.count)
    for expression in expressions {
      guard let text = stringLiteral(expression) else { return nil }
      result.append(text)
    }
    return result
  }

  /// A `LIKE` pattern for `text` in one pass: `%` before and after as asked, `\`, `%` and `_` escaped, and with
  /// `wildcards` every `*` that is a whole Character turned into `%` (wildcard matches).
  static func likePattern(_ text: String, leadingPercent: Bool, trailingPercent: Bool, wildcards: Bool) -> String {
    var source = text
    return source.withUTF8 { utf8 in
      // At most two bytes per byte plus the two `%`: the pattern is written straight into the string's storage.
      String(unsafeUninitializedCapacity: utf8.count * 2 + 2) { buffer in
        var count = 0
        func append(_ byte: UInt8) {
          buffer[count] = byte
          count += 1
        }
        if leadingPercent { append(UInt8(ascii: "%")) }
        for index in 0..<utf8.count {
          let byte = utf8[index]
          switch byte {
          case UInt8(ascii: "\\"), UInt8(ascii: "%"), UInt8(ascii: "_"):
            append(UInt8(ascii: "\\"))
            append(byte)
          case UInt8(ascii: "*") where wildcards:
            append(isWholeCharacter(utf8, at: index) ? UInt8(ascii: "%") : byte)
          default:
            append(byte)
          }
        }
        if trailingPercent { append(UInt8(ascii: "%")) }
        return count
      }
    }
  }

  /// True when the ASCII byte at `index` of `utf8` is a Character of its own.
  ///
  /// It may be part of a larger one (`*` in the keycap emoji `*️⃣`). Next to ASCII there is always a Character
  /// boundary; next to other text, whether the byte joins its neighbour depends only on the pair (UAX #29: a
  /// preceding Prepend mark, a following Extend, ZWJ or SpacingMark), so each neighbouring scalar is tested with
  /// the byte as a two-scalar string.
  static func isWholeCharacter(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    if index > 0, utf8[index - 1] >= 0x80 {
      var start = index - 1
      while start > 0, utf8[start] & 0xC0 == 0x80 { start -= 1 }
      if String(decoding: UnsafeBufferPointer(rebasing: utf8[start...index]), as: UTF8.self).count != 2 {
        return false
      }
    }
    if index + 1 < utf8.count, utf8[index + 1] >= 0x80 {
      var end = index + 2
      while end < utf8.count, utf8[end] & 0xC0 == 0x80 { end += 1 }
      if String(decoding: UnsafeBufferPointer(rebasing: utf8[index..<end]), as: UTF8.self).count != 2 {
        return false
      }
    }
    return true
  }

  /// An ARE pattern matching `term` where it is bounded by non-alphanumerics or the value's ends (Kusto terms).
  ///
  /// A guard is dropped on a side where the term itself ends in a non-alphanumeric character.
  static func termPattern(_ term: String, guardStart: Bool, guardEnd: Bool) -> String {
    func isAlphanumeric(_ scalar: Unicode.Scalar?) -> Bool {
      guard let scalar else { return false }
      return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
    var pattern = ""
    if guardStart, isAlphanumeric(term.unicodeScalars.first) { pattern += "(^|[^[:alnum:]])" }
    pattern += RegexTranslator.escapedLiteral(term)
    if guardEnd, isAlphanumeric(term.unicodeScalars.last) { pattern += "([^[:alnum:]]|$)" }
    return pattern
  }

  /// The argument as text: strings as they are, other types converted as `tostring` does.
  mutating func text(of expression: ScalarExpression, _ scope: ExpressionScope) -> SQLFragment {
    let fragment = scalar(expression, scope)
    if expression.type == .string || expression.type == .guid { return fragment }
    return convert(fragment, from: expression.type, to: .string, span: expression.span)
  }

  /// A regex pattern argument translated from RE2 to ARE, or nil (after reporting).
  ///
  /// Nil when it is not constant or uses a feature ARE lacks. `extracting` patterns (whose matched text is used, not just whether they match)
  /// must not mix greedy and lazy quantifiers, which ARE resolves differently, unless `splittable` and the
  /// pattern cuts into chunks of one greediness each (``RegexTranslator/Translation/uniformChunks``).
  mutating func regexPattern(
    _ name: String, _ expression: ScalarExpression, _ owner: ScalarExpression,
    extracting: Bool = true, splittable: Bool = false
  ) -> RegexTranslator.Translation? {
    guard let pattern = Self.stringLiteral(expression) else {
      _ = nonConstant(name, "pattern", owner)
      return nil
    }
    do throws(RegexTranslationError) {
      let translation = try RegexTranslator.translate(pattern)
      if extracting && translation.mixesGreediness
        && !(splittable && translation.uniformChunks != nil)
      {
        let offset = pattern.unicodeScalars.count
        // A splittable pattern is refused only when no cut into chunks of one greediness exists: say where.
        let place = splittable ? "one group or top-level alternation of a pattern" : "one pattern"
        throw RegexTranslationError(
          message:
            "greedy and lazy quantifiers in \(place) whose matched text is used; PostgreSQL "
            + "gives the whole pattern the greediness of its first quantifier", offset: offset)
      }
      return translation
    } catch {
      report(
        SQLDiagnostics.unsupportedRegex(
          error, at: expression.span ?? owner.span ?? currentSpan ?? Span.at(0)))
      return nil
    }
  }

  /// String predicates: substring, prefix, suffix, terms, regex, wildcards, membership.
  mutating func stringPredicate(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    guard let subjectExpression = arguments.first else { return .null }
    let subject = text(of: subjectExpression, scope)
    let patternExpression =
      arguments.count > 1 ? arguments[1] : ScalarExpression.literal(.string(""))
    switch function {
    case .contains(let caseSensitive), .startsWith(let caseSensitive), .endsWith(let caseSensitive):
      if let pattern = Self.stringLiteral(patternExpression) {
        let like: String
        switch function {
        case .contains: like = Self.likePattern(pattern, leadingPercent: true, trailingPercent: true, wildcards: false)
        case .startsWith:
          like = Self.likePattern(pattern, leadingPercent: false, trailingPercent: true, wildcards: false)
        default: like = Self.likePattern(pattern, leadingPercent: true, trailingPercent: false, wildcards: false)
        }
        return .binary(subject, caseSensitive ? "LIKE" : "ILIKE", bind(.string(like)), .comparison)
      }
      var value = subject
      var pattern = text(of: patternExpression, scope)
      if !caseSensitive {
        value = Self.function("lower", [value])
        pattern = Self.function("lower", [pattern])
      }
      switch function {
      case .contains:
        return .binary(Self.function("strpos", [value, pattern]), ">", .atom("0"), .comparison)
      case .startsWith:
        return Self.function("starts_with", [value, pattern])
      default:
        return .binary(
          Self.function("right", [value, Self.function("length", [pattern])]), "=", pattern,
          .comparison)
      }
    case .hasTerm(let caseSensitive), .hasPrefix(let caseSensitive), .hasSuffix(let caseSensitive):
      guard let term = Self.stringLiteral(patternExpression) else {
        return nonConstant(Self.name(of: function), "term", expression)
      }
      let pattern: String
      switch function {
      case .hasTerm: pattern = Self.termPattern(term, guardStart: true, guardEnd: true)
      case .hasPrefix: pattern = Self.termPattern(term, guardStart: true, guardEnd: false)
      default: pattern = Self.termPattern(term, guardStart: false, guardEnd: true)
      }
      return .binary(subject, caseSensitive ? "~" : "~*", bind(.string(pattern)), .comparison)
    case .matchesRegex(let caseSensitive):
      guard
        let translation = regexPattern(
          "matches regex", patternExpression, expression, extracting: false)
      else { return .null }
      return .binary(
        subject, caseSensitive ? "~" : "~*", bind(.string(translation.pattern)), .comparison)
    case .wildcardMatch(let caseSensitive):
      guard let pattern = Self.stringLiteral(patternExpression) else {
        return nonConstant("wildcard match", "pattern", expression)
      }
      let like = Self.likePattern(pattern, leadingPercent: false, trailingPercent: false, wildcards: true)
      return .binary(subject, caseSensitive ? "LIKE" : "ILIKE", bind(.string(like)), .comparison)
    case .inList(let caseSensitive):
      return membership(
        subjectExpression, arguments.dropFirst(), caseSensitive: caseSensitive, scope)
    case .hasAny(let caseSensitive), .hasAll(let caseSensitive):
      guard let terms = Self.stringLiterals(arguments.dropFirst()) else {
        return nonConstant(Self.name(of: function), "list of terms", expression)
      }
      let op = caseSensitive ? "~" : "~*"
      if case .hasAny = function {
        guard !terms.isEmpty else { return .atom("false") }
        let alternatives = terms.map {
          "(?:" + Self.termPattern($0, guardStart: true, guardEnd: true) + ")"
        }
        return .binary(subject, op, bind(.string(alternatives.joined(separator: "|"))), .comparison)
      }
      guard !terms.isEmpty else { return .atom("true") }
      var parts: [String] = []
      for term in terms {
        let pattern = Self.termPattern(term, guardStart: true, guardEnd: true)
        parts.append(SQLFragment.binary(subject, op, bind(.string(pattern)), .comparison).text)
      }
      return SQLFragment(parts.joined(separator: " AND "), parts.count == 1 ? .comparison : .and)
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .stringPredicate, at: $0) }
    }
  }

  /// `x = ANY($n::text[])` for constant string lists, `x IN (…)` otherwise; lowered on both sides when
  /// case-insensitive.
  private mutating func membership(
    _ subjectExpression: ScalarExpression, _ candidates: ArraySlice<ScalarExpression>,
    caseSensitive: Bool,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    if let strings = Self.stringLiterals(candidates) {
      guard !strings.isEmpty else { return .atom("false") }
      var subject = text(of: subjectExpression, scope)
      var values = strings
      if !caseSensitive {
        subject = Self.function("lower", [subject])
        values = strings.map { $0.lowercased() }
      }
      return SQLFragment(
        subject.operand(.additive) + " = ANY(" + bind(.stringList(values)).text + ")", .comparison)
    }
    guard !candidates.isEmpty else { return .atom("false") }
    var subject = scalar(subjectExpression, scope)
    var items: [String] = []
    if caseSensitive {
      for candidate in candidates { items.append(scalar(candidate, scope).text) }
    } else {
      subject = Self.function("lower", [text(of: subjectExpression, scope)])
      let all = Array(candidates)
      for index in all.indices { items.append(lowered(all, index, scope).text) }
    }
    return SQLFragment(
      subject.operand(.additive) + " IN (" + items.joined(separator: ", ") + ")", .comparison)
  }

  /// String functions.
  mutating func stringFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func textArgument(_ index: Int) -> SQLFragment { self.textArgument(arguments, index, scope) }
    switch function {
    case .lower: return Self.function("lower", [textArgument(0)])
    case .upper: return Self.function("upper", [textArgument(0)])
    case .length:
      return resultTyped(Self.function("length", [textArgument(0)]), .int, expression.type)
    case .substring:
      let start = SQLFragment.binary(
        Self.function("greatest", [argument(arguments, 1, scope), .atom("0")]), "+", .atom("1"),
        .additive)
      var items = [textArgument(0), start.cast("integer")]
      if arguments.count > 2 {
        items.append(
          Self.function("greatest", [argument(arguments, 2, scope), .atom("0")]).cast("integer"))
      }
      return Self.function("substr", items)
    case .concat:
      guard !arguments.isEmpty else { return bind(.string("")) }
      return Self.function("concat", arguments.indices.map(textArgument))
    case .concatWithDelimiter:
      guard arguments.count > 1 else { return bind(.string("")) }
      let values = arguments.indices.dropFirst().map {
        Self.function("coalesce", [textArgument($0), .atom("''")])
      }
      return Self.function("concat_ws", [textArgument(0)] + values)
    case .split:
      let value = textArgument(0)
      let array = SQLFragment.atom(
        "to_jsonb(CASE WHEN " + value.operand(.additive)
          + " = '' THEN ARRAY['']::text[] ELSE string_to_array("
          + value.text + ", " + textArgument(1).text + ") END)")
      guard arguments.count > 2 else { return array }
      let element = SQLFragment(
        array.text + " -> " + argument(arguments, 2, scope).cast("integer").text, .concat)
      return .atom(
        "CASE WHEN " + element.text + " IS NULL THEN '[]'::jsonb ELSE jsonb_build_array("
          + element.text + ") END")
    case .replaceString:
      return Self.function("replace", [textArgument(0), textArgument(1), textArgument(2)])
    case .replaceRegex:
      guard arguments.count > 2,
        let translation = regexPattern("replace_regex", arguments[1], expression, splittable: true)
      else {
        return .null
      }
      guard let rewrite = Self.stringLiteral(arguments[2]) else {
        return nonConstant("replace_regex", "rewrite", expression)
      }
      let parts = RegexRewrite.parts(rewrite)
      if translation.mixesGreediness, let chunks = translation.uniformChunks {
        return chunkedReplacement(translation, chunks, parts, subject: textArgument(0))
      }
      return Self.function(
        "regexp_replace",
        [
          textArgument(0), bind(.string(translation.pattern)),
          bind(.string(RegexRewrite.postgres(parts))), .atom("'g'"),
        ])
    case .extractRegex:
      guard arguments.count > 2,
        let translation = regexPattern("extract", arguments[0], expression, splittable: true)
      else {
        return .null
      }
      guard case .literal(.long(let group)) = arguments[1].kind, group >= 0 else {
        return nonConstant("extract", "capture group number", expression)
      }
      if translation.mixesGreediness, let chunks = translation.uniformChunks {
        let value = Self.function(
          "coalesce",
          [chunkedExtraction(translation, chunks, group: Int(group), subject: textArgument(2)), .atom("''")])
        return expression.type == .string
          ? value : convert(value, from: .string, to: expression.type, span: expression.span)
      }
      let pattern = translation.wrapping { "(" + $0 + ")" }
      let match = Self.function("regexp_match", [textArgument(2), bind(.string(pattern))])
      let groupIndex = bind(.long(group + 1), as: "integer")
      // PostgreSQL only subscripts a function result when it is parenthesised: `(regexp_match(…))[n]`.
      let value = Self.function(
        "coalesce", [.atom("(" + match.text + ")[" + groupIndex.text + "]"), .atom("''")])
      return expression.type == .string
        ? value : convert(value, from: .string, to: expression.type, span: expression.span)
    case .extractAllRegex:
      guard arguments.count > 1,
        let translation = regexPattern("extract_all", arguments[0], expression, splittable: true)
      else {
        return .null
      }
      if translation.mixesGreediness, let chunks = translation.uniformChunks {
        return chunkedExtractAll(translation, chunks, subject: textArgument(1))
      }
      let alias = nextAlias()
      let pattern =
        translation.captureGroups == 0
        ? translation.wrapping { "(" + $0 + ")" } : translation.pattern
      let element = translation.captureGroups > 1 ? "to_jsonb(\(alias).m)" : "\(alias).m[1]"
      return .atom(
        "(SELECT jsonb_agg(" + element + ") FROM regexp_matches(" + textArgument(1).text + ", "
          + bind(.string(pattern)).text + ", 'g') AS " + alias + "(m))")
    case .trimRegex, .trimStartRegex, .trimEndRegex:
      guard arguments.count > 1, let translation = regexPattern("trim", arguments[0], expression)
      else { return .null }
      let pattern = translation.wrapping { body in
        switch function {
        case .trimStartRegex: return "^(?:" + body + ")+"
        case .trimEndRegex: return "(?:" + body + ")+$"
        default: return "^(?:" + body + ")+|(?:" + body + ")+$"
        }
      }
      return Self.function(
        "regexp_replace", [textArgument(1), bind(.string(pattern)), .atom("''"), .atom("'g'")])
    case .indexOf:
      let position = SQLFragment.binary(
        Self.function("strpos", [textArgument(0), textArgument(1)]), "-", .atom("1"), .additive)
      return resultTyped(position, .int, expression.type)
    case .countOf:
      let value = textArgument(0)
      let lookup = textArgument(1)
      let lookupLength = Self.function("length", [lookup])
      let removed = SQLFragment.binary(
        Self.function("length", [value]), "-",
        Self.function("length", [Self.function("replace", [value, lookup, .atom("''")])]), .additive
      )
      let count = SQLFragment.atom(
        "CASE WHEN " + lookupLength.text + " = 0 THEN 0 ELSE "
          + SQLFragment.binary(removed, "/", lookupLength, .multiplicative).text + " END")
      return resultTyped(count, .int, expression.type)
    case .isEmpty:
      let value = argument(arguments, 0, scope)
      guard arguments.first?.type == .string else {
        return SQLFragment(value.operand(.additive) + " IS NULL", .comparison)
      }
      return SQLFragment(
        value.operand(.additive) + " IS NULL OR " + value.operand(.additive) + " = ''", .or)
    case .isNotEmpty:
      let value = argument(arguments, 0, scope)
      guard arguments.first?.type == .string else {
        return SQLFragment(value.operand(.additive) + " IS NOT NULL", .comparison)
      }
      return SQLFragment(
        value.operand(.additive) + " IS NOT NULL AND " + value.operand(.additive) + " <> ''", .and)
    case .coalesce:
      // A string coalesce reads other arguments (XQL mixes a JSON value or a number with text) as their text.
      guard expression.type == .string else { return Self.function("coalesce", arguments.map { scalar($0, scope) }) }
      return Self.function("coalesce", arguments.map { text(of: $0, scope) })
    case .base64DecodeToString:
      // Nested CASEs fix the evaluation order: decode only valid base64, convert only valid UTF-8.
      let value = textArgument(0)
      let bytes = "decode(" + value.text + ", 'base64')"
      return .atom(
        "CASE WHEN " + value.operand(.additive) + " ~ " + Self.base64Pattern
          + " THEN CASE WHEN encode(" + bytes
          + ", 'hex') ~ " + Self.utf8HexPattern + " THEN convert_from(" + bytes
          + ", 'UTF8') END END")
    case .base64DecodeToArray:
      // The bytes in order, read only from valid base64; an empty string decodes to [].
      let value = textArgument(0)
      let (decoded, offsets) = (nextAlias(), nextAlias())
      return .atom(
        "CASE WHEN " + value.operand(.additive) + " ~ " + Self.base64Pattern + " THEN (SELECT coalesce(jsonb_agg("
          + "get_byte(" + decoded + ".b, " + offsets + ".n) ORDER BY " + offsets
          + ".n), '[]'::jsonb) FROM (SELECT decode("
          + value.text + ", 'base64') AS b) AS " + decoded + " CROSS JOIN generate_series(0, length(" + decoded
          + ".b) - 1) AS " + offsets + "(n)) END")
    case .hashSHA256:
      return .atom("encode(sha256(convert_to(" + textArgument(0).text + ", 'UTF8')), 'hex')")
    case .toHex:
      return Self.function("to_hex", [argument(arguments, 0, scope)])
    case .hashMD5:
      return Self.function("md5", [textArgument(0)])
    case .hashSHA1:
      // pgcrypto (migration 0061): PostgreSQL has SHA-2 built in, but not SHA-1.
      return .atom("encode(public.digest(convert_to(" + textArgument(0).text + ", 'UTF8'), 'sha1'), 'hex')")
    case .base64EncodeFromString:
      // encode() breaks base64 into lines of 76 characters; Kusto's is one line.
      return Self.function(
        "translate",
        [.atom("encode(convert_to(" + textArgument(0).text + ", 'UTF8'), 'base64')"), .atom("E'\\n'"), .atom("''")])
    case .reverse:
      return Self.function("reverse", [textArgument(0)])
    case .isASCII:
      return .binary(textArgument(0), "!~", .atom("'[^\\x01-\\x7F]'"), .comparison)
    case .byteLength:
      return resultTyped(Self.function("octet_length", [textArgument(0)]), .int, expression.type)
    case .newGUID:
      return .atom("gen_random_uuid()::text")
    case .regexQuote:
      return Self.function(
        "regexp_replace",
        [textArgument(0), .atom("'" + RegexTranslator.metacharacterClass + "'"), .atom("'\\\\\\&'"), .atom("'g'")])
    case .indexOfRegex:
      return indexOfRegex(arguments, expression, scope)
    case .indexOfRange:
      let source = textArgument(0)
      let lookup = textArgument(1)
      let start = long(arguments, 2, scope)
      let length = arguments.count > 3 ? long(arguments, 3, scope) : .atom("-1")
      return Self.function("spoor.kql_indexof", [source, lookup, start, length])
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .string, at: $0) }
    }
  }

  /// `indexof_regex(s, pattern, start, length, occurrence)`: `regexp_instr` over the `length` characters from
  /// `start`, as `spoor.kql_indexof` reads them; null for a negative start, a length below -1 or a negative
  /// occurrence, as Kusto documents.
  ///
  /// The search sees only the examined characters, so a pattern with anchors or word boundaries is refused with a
  /// start or a length (Kusto does not say whether they see the examined part's edges or the text's). With an
  /// occurrence other than 1, where a match ends decides where the next one is looked for: a pattern mixing greedy
  /// and lazy quantifiers has its matches walked chunk by chunk (``chunkedMatches(_:_:subject:groups:)``), or is
  /// refused when it does not cut into chunks of one greediness.
  private mutating func indexOfRegex(
    _ arguments: [ScalarExpression], _ expression: ScalarExpression, _ scope: ExpressionScope
  ) -> SQLFragment {
    guard arguments.count == 5, case .literal(.long(let occurrence)) = arguments[4].kind else {
      return nonConstant("indexof_regex", "occurrence", expression)
    }
    let whole: Bool
    switch (arguments[2].kind, arguments[3].kind) {
    case (.literal(.long(0)), .literal(.long(-1))): whole = true
    default: whole = false
    }
    guard
      let translation = regexPattern(
        "indexof_regex", arguments[1], expression, extracting: occurrence != 1, splittable: true)
    else { return .null }
    if !whole && translation.hasAssertions {
      return refuse(expression) { SQLDiagnostics.indexOfRegexAssertions(at: $0) }
    }
    let source = text(of: arguments[0], scope)
    // How the occurrence is found: `regexp_instr`, or, when where a match ends (and so where the next one is looked
    // for) depends on quantifiers of both greediness, the matches walked chunk by chunk.
    enum Search {
      case instr(pattern: SQLFragment)
      case chunked([RegexChunk])
    }
    let search: Search
    if occurrence != 1, translation.mixesGreediness, let chunks = translation.uniformChunks {
      search = .chunked(chunks)
    } else {
      search = .instr(pattern: bind(.string(translation.pattern)))
    }
    let nth = bind(.long(occurrence), as: "integer")
    // The 1-based start of the occurrence in `text`; 0 or null when there is none.
    func nthStart(_ text: SQLFragment) -> SQLFragment {
      switch search {
      case .instr(let pattern):
        return Self.function("regexp_instr", [text, pattern, .atom("1"), nth])
      case .chunked(let chunks):
        let matches = chunkedMatches(translation, chunks, subject: text, groups: [])
        return matches.select(
          "(array_agg(" + matches.start + " ORDER BY " + matches.start + "))[" + nth.text + "] AS \"r\"",
          value: matches.result + ".\"r\"")
      }
    }
    func found(_ position: SQLFragment, from start: SQLFragment?) -> SQLFragment {
      let index = SQLFragment.binary(
        .atom("nullif(" + position.text + ", 0)"), "-", .atom("1"), .additive)
      let shifted = start.map { SQLFragment.binary(index, "+", $0, .additive) } ?? index
      return Self.function("coalesce", [shifted, .atom("-1")])
    }
    guard !whole else {
      return found(nthStart(source), from: nil)
    }
    let start = long(arguments, 2, scope)
    let length = long(arguments, 3, scope)
    let size = Self.function("char_length", [source])
    // least() keeps the casts to integer in range for any bigint start or length.
    let first = Self.function("least", [start, size]).operand(.additive) + " + 1"
    let region =
      "CASE WHEN " + length.operand(.additive) + " = -1 THEN substr(" + source.text + ", (" + first
      + ")::integer) ELSE substr(" + source.text + ", (" + first + ")::integer, least(" + length.text + ", "
      + size.text + ")::integer) END"
    let position = nthStart(.atom(region))
    return .atom(
      "CASE WHEN " + start.operand(.additive) + " < 0 OR " + length.operand(.additive) + " < -1 THEN NULL WHEN "
        + start.operand(.additive) + " > " + size.text + " THEN -1 ELSE "
        + found(position, from: start).text + " END")
  }

  /// Canonical, padded base64 text (what `decode(…, 'base64')` accepts).
  static let base64Pattern = "'^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'"
  /// The hex encoding of well-formed UTF-8 without NUL (what `convert_from(…, 'UTF8')` accepts), pair by pair.
  static let utf8HexPattern =
    "'^(0[1-9a-f]|[1-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]"
    + "|(e[1-9a-c]|e[ef])([89ab][0-9a-f]){2}|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}"
    + "|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$'"

  /// `fragment` cast to `expected` when PostgreSQL returns `returned`.
  ///
  /// For example `length()` gives integer where the plan has bigint.
  func resultTyped(_ fragment: SQLFragment, _ returned: DataType, _ expected: DataType)
    -> SQLFragment
  {
    returned == expected ? fragment : fragment.cast(Self.shortTypeName(expected))
  }

  /// A readable name of a function for diagnostics.
  static func name(of function: ScalarFunction) -> String {
    switch function {
    case .hasTerm(let caseSensitive): return caseSensitive ? "has_cs" : "has"
    case .hasPrefix(let caseSensitive): return caseSensitive ? "hasprefix_cs" : "hasprefix"
    case .hasSuffix(let caseSensitive): return caseSensitive ? "hassuffix_cs" : "hassuffix"
    case .hasAny: return "has_any"
    case .hasAll: return "has_all"
    case .jsonExtract: return "json_extract"
    case .jsonExtractScalar: return "json_extract_scalar"
    case .jsonExtractArray: return "json_extract_array"
    default: return String(describing: function)
    }
  }
}
