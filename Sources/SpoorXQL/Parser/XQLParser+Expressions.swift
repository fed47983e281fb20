import SpoorDiagnostics

extension XQLParser {
  /// Parses a full boolean or value expression.
  mutating func parseExpression() -> XQLExpression {
    guard enter() else { return XQLExpression(.missing, span: current.span) }
    defer { depth -= 1 }
    return parseOr()
  }

  mutating func parseOr() -> XQLExpression {
    var left = parseAnd()
    while current.isKeyword("or") {
      advance()
      let right = parseAnd()
      left = XQLExpression(.binary(.or, left, right), span: left.span.union(right.span))
    }
    return left
  }

  @inline(__always)
  mutating func parseAnd() -> XQLExpression {
    var left = parseNot()
    while current.isKeyword("and") {
      advance()
      let right = parseNot()
      left = XQLExpression(.binary(.and, left, right), span: left.span.union(right.span))
    }
    return left
  }

  mutating func parseNot() -> XQLExpression {
    if current.isKeyword("not") {
      let start = advance().span.start
      guard enter() else { return XQLExpression(.missing, span: .at(start)) }
      defer { depth -= 1 }
      let operand = parseNot()
      return XQLExpression(.unary(.not, operand), span: Span(start: start, end: operand.span.end))
    }
    return parseComparison()
  }

  mutating func parseComparison() -> XQLExpression {
    let left = parseAdditive()
    if let op = Self.comparisonOperator(current.kind) {
      advance()
      let right = parseAdditive()
      return XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    guard current.kind == .identifier else { return left }
    var negated = false
    if current.isKeyword("not"), Self.isComparisonWord(peek(1)) {
      negated = true
      advance()
    }
    let word = current
    if word.isKeyword("in") {
      advance()
      return parseInList(left, negated: negated)
    }
    let op: XQLBinaryOperator
    if word.isKeyword("contains") {
      op = negated ? .notContains : .contains
    } else if word.isKeyword("incidr") {
      op = negated ? .notIncidr : .incidr
    } else if word.isKeyword("incidr6") {
      op = negated ? .notIncidr6 : .incidr6
    } else if word.isKeyword("startswith") || word.isKeyword("endswith") {
      // Reported; its right side is still read, so the rest of the stage is checked.
      report(XQLDiagnostics.notAnXQLOperator(word.text, word.span))
      advance()
      _ = parseAdditive()
      return missing(from: left.span.start)
    } else {
      return left
    }
    advance()
    let right = parseAdditive()
    return XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
  }

  /// True for the operator words `not` may precede: `in`, `contains`, `incidr`, `incidr6`.
  static func isComparisonWord(_ token: XQLToken) -> Bool {
    token.isKeyword("in") || token.isKeyword("contains") || token.isKeyword("incidr") || token.isKeyword("incidr6")
  }

  /// The comparison a symbol token stands for.
  static func comparisonOperator(_ kind: XQLTokenKind) -> XQLBinaryOperator? {
    switch kind {
    case .equal: return .equal
    case .notEqual: return .notEqual
    case .regexMatch: return .regexMatch
    case .notRegexMatch: return .notRegexMatch
    case .less: return .less
    case .lessOrEqual: return .lessOrEqual
    case .greater: return .greater
    case .greaterOrEqual: return .greaterOrEqual
    default: return nil
    }
  }

  mutating func parseInList(_ subject: XQLExpression, negated: Bool) -> XQLExpression {
    let startsQuery =
      (peek(1).isKeyword("dataset") || peek(1).isKeyword("preset") || peek(1).isKeyword("config"))
      && (peek(2).kind == .equal || peek(2).isKeyword("in") || peek(2).kind == .identifier)
    if startsQuery {
      let query = parseSubquery()
      return XQLExpression(
        .inQuery(subject, query, negated: negated), span: Span(start: subject.span.start, end: previousEnd))
    }
    guard expect(.leftParen, "'('") != nil else { return missing(from: subject.span.start) }
    guard enter() else { return missing(from: subject.span.start) }
    defer { depth -= 1 }
    let items = current.kind == .rightParen ? [] : commaSeparated { $0.parseAdditive() }
    expect(.rightParen, "',' or ')'")
    return XQLExpression(
      .inList(subject, items, negated: negated), span: Span(start: subject.span.start, end: previousEnd))
  }

  @inline(__always)
  mutating func parseAdditive() -> XQLExpression {
    var left = parseMultiplicative()
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while current.kind == .plus || current.kind == .minus {
      guard link() else { return left }
      let op: XQLBinaryOperator = advance().kind == .plus ? .add : .subtract
      let right = parseMultiplicative()
      left = XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    return left
  }

  @inline(__always)
  mutating func parseMultiplicative() -> XQLExpression {
    var left = parseUnary()
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while current.kind == .star || current.kind == .slash {
      guard link() else { return left }
      let op: XQLBinaryOperator = advance().kind == .star ? .multiply : .divide
      let right = parseUnary()
      left = XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    return left
  }

  mutating func parseUnary() -> XQLExpression {
    if current.kind == .minus {
      let start = advance().span.start
      guard enter() else { return XQLExpression(.missing, span: .at(start)) }
      defer { depth -= 1 }
      let operand = parseUnary()
      return XQLExpression(.unary(.negate, operand), span: Span(start: start, end: operand.span.end))
    }
    var primary = parsePrimary()
    while current.kind == .arrow {
      primary = parseJSONPath(primary)
    }
    return primary
  }

  /// `value -> a.b` (json_extract_scalar), `value -> a.b{}` (json_extract), `value -> a[]` (json_extract_array);
  /// a key holding dots is written `["a.b"]`, an array element `[0]` (`value -> a[0].b`), and `value -> []` reads
  /// the value itself as an array (the sugar's path needs no `$`, so an empty one is the root).
  ///
  /// Lowered to the function call with the equivalent `$…` path.
  mutating func parseJSONPath(_ value: XQLExpression) -> XQLExpression {
    let arrow = advance()
    var path = "$"
    var function = "json_extract_scalar"
    while true {
      if current.kind == .leftBracket, peek(1).kind == .rightBracket {
        advance()
        advance()
        function = "json_extract_array"
        break
      }
      if path != "$", current.kind == .leftBrace, peek(1).kind == .rightBrace {
        advance()
        advance()
        function = "json_extract"
        break
      }
      if current.kind == .leftBracket, peek(1).kind == .string {
        advance()
        let key = advance().value
        if key.contains("'") { report(XQLDiagnostics.jsonKeyWithQuote(previousSpan)) }
        path += "['\(key)']"
        expect(.rightBracket, "']'")
      } else if current.kind == .leftBracket, peek(1).kind == .number, peek(2).kind == .rightBracket,
        let index = Int(peek(1).text)
      {
        advance()
        advance()
        advance()
        path += "[\(index)]"
      } else if path == "$" || current.kind == .dot {
        if current.kind == .dot, path != "$" { advance() }
        let key = name("a JSON key")
        guard !key.text.isEmpty else { break }
        path += "." + key.text
      } else {
        break
      }
    }
    let span = Span(start: value.span.start, end: previousEnd)
    let pathLiteral = XQLExpression(
      .string(path, tripleQuoted: false), span: Span(start: arrow.span.start, end: previousEnd))
    return XQLExpression(.call(XQLName(function, span: arrow.span), [value, pathLiteral]), span: span)
  }

  mutating func parsePrimary() -> XQLExpression {
    let token = current
    switch token.kind {
    case .number:
      advance()
      return XQLExpression(.number(token.text), span: token.span)
    case .string:
      advance()
      return XQLExpression(.string(token.value, tripleQuoted: token.isTripleQuoted), span: token.span)
    case .leftParen:
      advance()
      let inner = parseExpression()
      expect(.rightParen, "')'")
      return XQLExpression(inner.kind, span: Span(start: token.span.start, end: previousEnd))
    case .identifier:
      advance()
      // Words of 2 to 8 letters may be constants or operator words; other names skip the comparisons.
      if (2...8).contains(token.text.utf8.count) {
        if token.isKeyword("true") { return XQLExpression(.boolean(true), span: token.span) }
        if token.isKeyword("false") { return XQLExpression(.boolean(false), span: token.span) }
        if token.isKeyword("null") { return XQLExpression(.null, span: token.span) }
        if token.isKeyword("and") || token.isKeyword("or") || token.isKeyword("not") || token.isKeyword("in")
          || token.isKeyword("contains")
          || (current.kind != .leftParen && (token.isKeyword("incidr") || token.isKeyword("incidr6")))
        {
          report(XQLDiagnostics.expected("an expression", found: token))
          return XQLExpression(.missing, span: token.span)
        }
      }
      let name = XQLName(token.text, span: token.span)
      if current.kind == .leftParen {
        return parseCall(name)
      }
      if current.kind == .dot, token.isKeyword("xdm") {
        // `xdm.event.id`: a Cortex Data Model field, refused at the whole path.
        var path = token.text
        var end = token.span.end
        while current.kind == .dot, peek(1).kind == .identifier {
          advance()
          let part = advance()
          path += "." + part.text
          end = part.span.end
        }
        let span = Span(start: token.span.start, end: end)
        report(XQLDiagnostics.xdmField(path, span))
        return XQLExpression(.missing, span: span)
      }
      if current.kind == .dot {
        advance()
        let member = self.name("a name after '.'")
        return XQLExpression(.qualified(name, member), span: token.span.union(member.span))
      }
      return XQLExpression(.identifier(token.text), span: token.span)
    case .duration:
      advance()
      report(
        XQLDiagnostics.durationInExpression(token.text, token.span))
      return XQLExpression(.missing, span: token.span)
    default:
      report(XQLDiagnostics.expected("an expression", found: token))
      if !atStageBoundary, token.kind != .comma, token.kind != .rightBracket { advance() }
      return XQLExpression(.missing, span: .at(token.span.start))
    }
  }

  /// The node for a construct that could not be read (an error was reported), from `start` to the cursor.
  func missing(from start: Int) -> XQLExpression {
    XQLExpression(.missing, span: Span(start: start, end: max(start, previousEnd)))
  }

  mutating func parseCall(_ function: XQLName) -> XQLExpression {
    advance()
    guard enter() else { return missing(from: function.span.start) }
    defer { depth -= 1 }
    let arguments = current.kind == .rightParen ? [] : commaSeparated { $0.parseExpression() }
    expect(.rightParen, "',' or ')'")
    return XQLExpression(.call(function, arguments), span: Span(start: function.span.start, end: previousEnd))
  }
}
