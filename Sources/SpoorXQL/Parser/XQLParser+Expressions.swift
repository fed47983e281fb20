import SpoorDiagnostics

extension XQLParser {
  /// Parses a full boolean or value expression.
  mutating func parseExpression() throws -> XQLExpression {
    try enter()
    defer { depth -= 1 }
    return try parseOr()
  }

  mutating func parseOr() throws -> XQLExpression {
    var left = try parseAnd()
    while current.isKeyword("or") {
      advance()
      let right = try parseAnd()
      left = XQLExpression(.binary(.or, left, right), span: left.span.union(right.span))
    }
    return left
  }

  @inline(__always)
  mutating func parseAnd() throws -> XQLExpression {
    var left = try parseNot()
    while current.isKeyword("and") {
      advance()
      let right = try parseNot()
      left = XQLExpression(.binary(.and, left, right), span: left.span.union(right.span))
    }
    return left
  }

  mutating func parseNot() throws -> XQLExpression {
    if current.isKeyword("not") {
      let start = advance().span.start
      try enter()
      defer { depth -= 1 }
      let operand = try parseNot()
      return XQLExpression(.unary(.not, operand), span: Span(start: start, end: operand.span.end))
    }
    return try parseComparison()
  }

  mutating func parseComparison() throws -> XQLExpression {
    let left = try parseAdditive()
    if let op = Self.comparisonOperator(current.kind) {
      advance()
      let right = try parseAdditive()
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
      return try parseInList(left, negated: negated)
    }
    let op: XQLBinaryOperator
    if word.isKeyword("contains") {
      op = negated ? .notContains : .contains
    } else if word.isKeyword("incidr") {
      op = negated ? .notIncidr : .incidr
    } else if word.isKeyword("incidr6") {
      op = negated ? .notIncidr6 : .incidr6
    } else if word.isKeyword("startswith") || word.isKeyword("endswith") {
      throw fail(XQLDiagnostics.notAnXQLOperator(word.text, word.span))
    } else {
      return left
    }
    advance()
    let right = try parseAdditive()
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

  mutating func parseInList(_ subject: XQLExpression, negated: Bool) throws -> XQLExpression {
    let startsQuery =
      (peek(1).isKeyword("dataset") || peek(1).isKeyword("preset") || peek(1).isKeyword("config"))
      && (peek(2).kind == .equal || peek(2).isKeyword("in") || peek(2).kind == .identifier)
    if startsQuery {
      let query = try parseSubquery()
      return XQLExpression(
        .inQuery(subject, query, negated: negated), span: Span(start: subject.span.start, end: previousEnd))
    }
    _ = try expect(.leftParen, "'('")
    try enter()
    defer { depth -= 1 }
    var items: [XQLExpression] = []
    if current.kind != .rightParen {
      items.append(try parseAdditive())
      while current.kind == .comma {
        advance()
        items.append(try parseAdditive())
      }
    }
    _ = try expect(.rightParen, "',' or ')'")
    return XQLExpression(
      .inList(subject, items, negated: negated), span: Span(start: subject.span.start, end: previousEnd))
  }

  @inline(__always)
  mutating func parseAdditive() throws -> XQLExpression {
    var left = try parseMultiplicative()
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while current.kind == .plus || current.kind == .minus {
      try link()
      let op: XQLBinaryOperator = advance().kind == .plus ? .add : .subtract
      let right = try parseMultiplicative()
      left = XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    return left
  }

  @inline(__always)
  mutating func parseMultiplicative() throws -> XQLExpression {
    var left = try parseUnary()
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while current.kind == .star || current.kind == .slash {
      try link()
      let op: XQLBinaryOperator = advance().kind == .star ? .multiply : .divide
      let right = try parseUnary()
      left = XQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    return left
  }

  mutating func parseUnary() throws -> XQLExpression {
    if current.kind == .minus {
      let start = advance().span.start
      try enter()
      defer { depth -= 1 }
      let operand = try parseUnary()
      return XQLExpression(.unary(.negate, operand), span: Span(start: start, end: operand.span.end))
    }
    var primary = try parsePrimary()
    while current.kind == .arrow {
      primary = try parseJSONPath(primary)
    }
    return primary
  }

  /// `value -> a.b` (json_extract_scalar), `value -> a.b{}` (json_extract), `value -> a[]` (json_extract_array);
  /// a key holding dots is written `["a.b"]`, an array element `[0]` (`value -> a[0].b`), and `value -> []` reads
  /// the value itself as an array (the sugar's path needs no `$`, so an empty one is the root).
  ///
  /// Lowered to the function call with the equivalent `$…` path.
  mutating func parseJSONPath(_ value: XQLExpression) throws -> XQLExpression {
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
        guard !key.contains("'") else {
          throw fail(XQLDiagnostics.unsupported("a JSON key holding a quote", previousSpan))
        }
        path += "['\(key)']"
        _ = try expect(.rightBracket, "']'")
      } else if current.kind == .leftBracket, peek(1).kind == .number, peek(2).kind == .rightBracket,
        let index = Int(peek(1).text)
      {
        advance()
        advance()
        advance()
        path += "[\(index)]"
      } else if path == "$" || current.kind == .dot {
        if current.kind == .dot, path != "$" { advance() }
        let key = try name("a JSON key")
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

  mutating func parsePrimary() throws -> XQLExpression {
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
      let inner = try parseExpression()
      _ = try expect(.rightParen, "')'")
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
          throw fail(XQLDiagnostics.expected("an expression", found: token))
        }
      }
      let name = XQLName(token.text, span: token.span)
      if current.kind == .leftParen {
        return try parseCall(name)
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
        throw fail(XQLDiagnostics.xdmField(path, Span(start: token.span.start, end: end)))
      }
      if current.kind == .dot {
        advance()
        let member = try self.name("a name after '.'")
        return XQLExpression(.qualified(name, member), span: token.span.union(member.span))
      }
      return XQLExpression(.identifier(token.text), span: token.span)
    case .duration:
      // `now() - 10d`: durations exist only in `config timeframe` and `bin … span`.
      throw fail(
        XQLDiagnostics.unsupported(
          "a duration ('\(token.text)') in an expression (XQL has no timestamp arithmetic: set config timeframe, or "
            + "compare timestamp_diff(current_time(), _time, \"DAY\") with a number)", token.span))
    default:
      throw fail(XQLDiagnostics.expected("an expression", found: token))
    }
  }

  mutating func parseCall(_ function: XQLName) throws -> XQLExpression {
    advance()
    try enter()
    defer { depth -= 1 }
    var arguments: [XQLExpression] = []
    if current.kind != .rightParen {
      arguments.append(try parseExpression())
      while current.kind == .comma {
        advance()
        arguments.append(try parseExpression())
      }
    }
    _ = try expect(.rightParen, "',' or ')'")
    return XQLExpression(.call(function, arguments), span: Span(start: function.span.start, end: previousEnd))
  }
}
