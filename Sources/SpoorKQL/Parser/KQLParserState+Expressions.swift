import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension KQLParserState {
  /// True for the operators of the comparison level whose right side is a parenthesised list.
  static func takesList(_ op: KQLBinaryOperator) -> Bool {
    switch op {
    case .in, .notIn, .inIgnoringCase, .notInIgnoringCase, .hasAny, .hasAll: return true
    default: return false
    }
  }

  /// Type names that, called with `null`, make a typed null literal.
  static let nullableTypeNames: Set<String> = [
    "int", "long", "real", "double", "bool", "boolean", "string", "decimal", "dynamic", "datetime",
    "timespan",
    "guid",
  ]

  /// An expression, continued into a pipeline when a `|` follows (`T | where …` as a value).
  mutating func parsePipeline() -> KQLExpression {
    let start = current.span.start
    let source: KQLTabularSource
    if let special = parseSpecialSource() {
      source = special
    } else {
      let expression = parseExpression()
      guard current.isSymbol("|") else { return expression }
      source = .expression(expression)
    }
    var operators: [KQLOperatorNode] = []
    while acceptSymbol("|") {
      pipedOperators += 1
      guard pipedOperators <= TranslationLimits.maximumPipelineOperators else {
        report(
          TranslationLimits.exceeded(
            "piped operators", limit: TranslationLimits.maximumPipelineOperators, at: tokens[index - 1].span))
        skipToEndOfText()
        break
      }
      let before = index
      if let node = parseOperator() { operators.append(node) }
      if !atOperatorBoundary {
        reportExpected("'|' or the end of the operator")
        skipToOperatorBoundary()
      }
      if index == before, !atOperatorBoundary { advance() }
    }
    let span = Span(start: start, end: previousEnd)
    return KQLExpression(
      .pipeline(KQLTabularExpression(source: source, operators: operators, span: span)), span: span)
  }

  /// An expression: `or` chains of `and` chains of comparisons.
  mutating func parseExpression() -> KQLExpression {
    parseLogical(.or)
  }

  /// A flat chain of `op`, spelled by its raw value: the operands of `or` are `and` chains, those of `and`
  /// comparisons.
  mutating func parseLogical(_ op: KQLLogicalOperator) -> KQLExpression {
    let first = op == .or ? parseLogical(.and) : parseComparison()
    guard current.isWord(op.rawValue) else { return first }
    var operands = [first]
    while acceptWord(op.rawValue) { operands.append(op == .or ? parseLogical(.and) : parseComparison()) }
    return KQLExpression(.logical(op, operands), span: first.span.union(operands[operands.count - 1].span))
  }

  /// The comparison operator at the cursor, if any, and how many tokens spell it.
  func comparisonOperator() -> (KQLBinaryOperator, Int)? {
    switch current.kind {
    case .symbol(let symbol):
      // Comparison symbols start with `=`, `!`, `<` or `>`; every other symbol is rejected on its first byte.
      guard let first = symbol.utf8.first,
        first == UInt8(ascii: "=") || first == UInt8(ascii: "!") || first == UInt8(ascii: "<")
          || first == UInt8(ascii: ">")
      else { return nil }
      switch symbol {
      case "==": return (.equal, 1)
      case "!=", "<>": return (.notEqual, 1)
      case "<": return (.less, 1)
      case "<=": return (.lessOrEqual, 1)
      case ">": return (.greater, 1)
      case ">=": return (.greaterOrEqual, 1)
      case "=~": return (.equalIgnoringCase, 1)
      case "!~": return (.notEqualIgnoringCase, 1)
      default: return nil
      }
    case .identifier(let word):
      if word == "matches", peek(1).isWord("regex") { return (.matchesRegex, 2) }
      guard let found = KQLBinaryOperator.named(word) else { return nil }
      switch found {
      case .add, .subtract, .multiply, .divide, .modulo: return nil
      default: return (found, 1)
      }
    default:
      return nil
    }
  }

  mutating func parseComparison() -> KQLExpression {
    let left = parseAdditive()
    guard let (op, length) = comparisonOperator() else { return left }
    for _ in 0..<length { advance() }
    let right: KQLExpression
    if Self.takesList(op) {
      right = parseValueList()
    } else if op == .between || op == .notBetween {
      let start = current.span.start
      expectSymbol("(")
      let low = parseAdditive()
      expectSymbol("..", "'..' between the bounds")
      let high = parseAdditive()
      expectSymbol(")")
      right = KQLExpression(.range(low, high), span: Span(start: start, end: previousEnd))
    } else {
      right = parseAdditive()
    }
    return KQLExpression(.binary(op, left, right), span: left.span.union(right.span))
  }

  /// `(a, b, …)` (elements may be sub-queries) or a single value such as a let-bound array.
  mutating func parseValueList() -> KQLExpression {
    let start = current.span.start
    guard acceptSymbol("(") else {
      let single = parsePostfix()
      return KQLExpression(.list([single]), span: single.span)
    }
    var elements: [KQLExpression] = []
    if !current.isSymbol(")") {
      guard enter() else { return KQLExpression(.missing, span: .at(start)) }
      repeat {
        elements.append(parsePipeline())
      } while acceptSymbol(",")
      depth -= 1
    }
    expectSymbol(")", "')' or ',' in the list")
    return KQLExpression(.list(elements), span: Span(start: start, end: previousEnd))
  }

  /// The arithmetic operators by precedence, loosest first (`+ -`, then `* / %`); each level associates to the left.
  static let arithmeticLevels: [[(symbol: String, binary: KQLBinaryOperator)]] = [
    [("+", .add), ("-", .subtract)],
    [("*", .multiply), ("/", .divide), ("%", .modulo)],
  ]

  mutating func parseAdditive() -> KQLExpression {
    parseArithmetic(level: 0)
  }

  /// A chain of the operators of ``arithmeticLevels``[`level`] over operands of the next level (unary ones after the
  /// last level).
  mutating func parseArithmetic(level: Int) -> KQLExpression {
    let isLast = level + 1 == Self.arithmeticLevels.count
    var left = isLast ? parseUnary() : parseArithmetic(level: level + 1)
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while let op = Self.arithmeticLevels[level].first(where: { current.isSymbol($0.symbol) })?.binary {
      guard link() else { return left }
      let right = isLast ? parseUnary() : parseArithmetic(level: level + 1)
      left = KQLExpression(.binary(op, left, right), span: left.span.union(right.span))
    }
    return left
  }

  mutating func parseUnary() -> KQLExpression {
    let start = current.span.start
    if acceptSymbol("-") {
      if case .long(let value) = current.kind {
        let token = advance()
        return KQLExpression(.literal(.long(-value)), span: Span(start: start, end: token.span.end))
      }
      if case .real(let value) = current.kind {
        let token = advance()
        return KQLExpression(.literal(.real(-value)), span: Span(start: start, end: token.span.end))
      }
      if case .timespan(let value) = current.kind {
        let token = advance()
        return KQLExpression(
          .literal(.timespan(microseconds: -value)), span: Span(start: start, end: token.span.end))
      }
      guard enter() else { return KQLExpression(.missing, span: .at(start)) }
      let operand = parseUnary()
      depth -= 1
      return KQLExpression(.negate(operand), span: Span(start: start, end: operand.span.end))
    }
    if acceptSymbol("+") {
      guard enter() else { return KQLExpression(.missing, span: .at(start)) }
      defer { depth -= 1 }
      return parseUnary()
    }
    return parsePostfix()
  }

  /// Enters one nesting level; false (with a diagnostic) when the limit is reached.
  mutating func enter() -> Bool {
    guard depth < Self.maximumDepth else {
      report(KQLDiagnostics.tooDeep(at: current.span))
      skipToEndOfText()
      return false
    }
    depth += 1
    return true
  }

  /// Counts one more operator of an open chain and consumes it; false (with a diagnostic, skipping the rest of the
  /// text) when the chain passes ``TranslationLimits/maximumOperatorChain``.
  mutating func link(consuming: Bool = true) -> Bool {
    chainLinks += 1
    guard chainLinks <= TranslationLimits.maximumOperatorChain else {
      report(TranslationLimits.operatorChainExceeded(at: current.span))
      skipToEndOfText()
      return false
    }
    if consuming { advance() }
    return true
  }

  mutating func skipToEndOfText() {
    while !atEnd { advance() }
  }

  mutating func parsePostfix() -> KQLExpression {
    var value = parsePrimary()
    let linksBefore = chainLinks
    defer { chainLinks = linksBefore }
    while true {
      if current.isSymbol(".") || current.isSymbol("["), !link(consuming: false) { return value }
      if current.isSymbol("."), let word = peek(1).word {
        advance()
        let token = advance()
        value = KQLExpression(.member(value, word), span: value.span.union(token.span))
      } else if current.isSymbol("."), peek(1).isSymbol("["), case .string(let key) = peek(2).kind,
        peek(3).isSymbol("]")
      {
        // `bag.['key with spaces']`: a bracketed member name in a dotted chain.
        advance()
        advance()
        advance()
        let end = advance().span.end
        value = KQLExpression(.member(value, key), span: Span(start: value.span.start, end: end))
      } else if current.isSymbol("."), case .typedLiteral(let typeName, _) = peek(1).kind {
        // `bag.datetime(...)` never occurs; treat the word as a member name followed by a call.
        advance()
        let token = advance()
        value = KQLExpression(.member(value, typeName), span: value.span.union(token.span))
      } else if current.isSymbol("[") {
        if case .string(let key) = peek(1).kind, peek(2).isSymbol("]") {
          advance()
          advance()
          let end = advance().span.end
          value = KQLExpression(.member(value, key), span: Span(start: value.span.start, end: end))
        } else {
          advance()
          guard enter() else { return value }
          let subscriptValue = parseExpression()
          depth -= 1
          expectSymbol("]")
          value = KQLExpression(
            .index(value, subscriptValue), span: Span(start: value.span.start, end: previousEnd))
        }
      } else {
        return value
      }
    }
  }

  /// The string literal at the cursor, whose value is `first`, joined with the string literals right after it
  /// (Kusto.Language's compound string literal); consumes them all.
  mutating func compoundString(_ first: String) -> String {
    advance()
    var text = first
    while case .string(let next) = current.kind {
      text += next
      advance()
    }
    return text
  }

  mutating func parsePrimary() -> KQLExpression {
    let token = current
    let start = token.span.start
    switch token.kind {
    case .string(let first):
      let text = compoundString(first)
      return KQLExpression(.literal(.string(text)), span: Span(start: start, end: previousEnd))
    case .long(let value):
      advance()
      return KQLExpression(.literal(.long(value)), span: token.span)
    case .real(let value):
      advance()
      return KQLExpression(.literal(.real(value)), span: token.span)
    case .timespan(let value):
      advance()
      return KQLExpression(.literal(.timespan(microseconds: value)), span: token.span)
    case .typedLiteral(let typeName, let text):
      advance()
      if text == "null" { return KQLExpression(.literal(.null(typeName: typeName)), span: token.span) }
      return KQLExpression(.literal(.typed(typeName: typeName, text: text)), span: token.span)
    case .identifier(let word):
      return parseNameOrCall(word, token: token)
    case .symbol("("):
      advance()
      guard enter() else { return KQLExpression(.missing, span: token.span) }
      var inner = parsePipeline()
      depth -= 1
      if current.isSymbol(",") {
        var elements = [inner]
        while acceptSymbol(",") { elements.append(parseExpression()) }
        inner = KQLExpression(.list(elements), span: Span(start: start, end: previousEnd))
      }
      expectSymbol(")")
      return KQLExpression(inner.kind, span: Span(start: start, end: previousEnd))
    case .symbol("["):
      if let name = bracketedName() { return KQLExpression(.name(name.name), span: name.span) }
    case .symbol("*"):
      advance()
      return KQLExpression(.star, span: token.span)
    default:
      break
    }
    reportExpected("an expression")
    if !atOperatorBoundary, !current.isSymbol(","), !current.isSymbol("]") { advance() }
    return KQLExpression(.missing, span: .at(start))
  }

  mutating func parseNameOrCall(_ word: String, token: Token) -> KQLExpression {
    advance()
    let start = token.span.start
    if let value = token.booleanLiteral {
      return KQLExpression(.literal(.bool(value)), span: token.span)
    }
    if searchColonTerms, current.isSymbol(":"), case .string = peek(1).kind {
      advance()
      let value = parsePrimary()
      return KQLExpression(
        .binary(.has, KQLExpression(.name(word), span: token.span), value), span: Span(start: start, end: previousEnd))
    }
    guard current.isSymbol("(") else { return KQLExpression(.name(word), span: token.span) }
    if Self.nullableTypeNames.contains(word), peek(1).isWord("null"), peek(2).isSymbol(")") {
      advance()
      advance()
      advance()
      return KQLExpression(.literal(.null(typeName: word)), span: Span(start: start, end: previousEnd))
    }
    if word == "dynamic" {
      advance()
      let json = parseDynamicValue()
      expectSymbol(")")
      return KQLExpression(.literal(.dynamic(json: json)), span: Span(start: start, end: previousEnd))
    }
    advance()
    guard enter() else { return KQLExpression(.missing, span: token.span) }
    var arguments: [KQLExpression] = []
    if !current.isSymbol(")") {
      repeat {
        if current.isSymbol(")") { break }
        arguments.append(parsePipeline())
      } while acceptSymbol(",")
    }
    depth -= 1
    expectSymbol(")", "')' or ',' in the argument list")
    return KQLExpression(
      .call(KQLIdentifier(name: word, span: token.span), arguments),
      span: Span(start: start, end: previousEnd))
  }

  /// A `dynamic(...)` body rendered as JSON text.
  mutating func parseDynamicValue() -> String {
    guard enter() else { return "null" }
    defer { depth -= 1 }
    let token = current
    switch token.kind {
    case .symbol("["):
      advance()
      var elements: [String] = []
      while !atEnd, !current.isSymbol("]") {
        elements.append(parseDynamicValue())
        if !acceptSymbol(",") { break }
      }
      expectSymbol("]")
      return "[" + elements.joined(separator: ",") + "]"
    case .symbol("{"):
      advance()
      var members: [String] = []
      while !atEnd, !current.isSymbol("}") {
        let key: String
        switch current.kind {
        case .string(let text), .identifier(let text): key = text
        default:
          reportExpected("a property name")
          skipToOperatorBoundary()
          return "null"
        }
        advance()
        expectSymbol(":")
        members.append(JSONText.quote(key) + ":" + parseDynamicValue())
        if !acceptSymbol(",") { break }
      }
      expectSymbol("}")
      return "{" + members.joined(separator: ",") + "}"
    case .string(let first):
      // Adjacent string literals are one string here too.
      return JSONText.quote(compoundString(first))
    case .long(let value):
      advance()
      return String(value)
    case .real(let value):
      advance()
      return value.isFinite ? String(value) : "null"
    case .symbol("-"):
      advance()
      if case .long(let value) = current.kind {
        advance()
        return String(-value)
      }
      if case .real(let value) = current.kind {
        advance()
        return String(-value)
      }
    case .identifier("null"):
      advance()
      return "null"
    case .identifier where token.booleanLiteral != nil:
      advance()
      return token.booleanLiteral == true ? "true" : "false"
    case .typedLiteral(_, let text):
      advance()
      return JSONText.quote(text)
    default:
      break
    }
    reportExpected("a dynamic value")
    if !atOperatorBoundary { advance() }
    return "null"
  }

}
