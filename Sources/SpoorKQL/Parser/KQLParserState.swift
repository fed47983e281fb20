import SpoorDiagnostics
import SpoorPlan

/// The parser's cursor over the token array, its diagnostics and its recovery bookkeeping.
struct KQLParserState {
  /// The maximum number of syntax diagnostics reported for one query.
  static let maximumDiagnostics = 20
  /// The maximum nesting of parentheses, calls and sub-queries.
  static let maximumDepth = 64

  let tokens: [Token]
  var index = 0
  /// True while parsing a `search` predicate, where `Col:"x"` means `Col has "x"`.
  var searchColonTerms = false
  var diagnostics: [Diagnostic] = []
  var reportedPositions: Set<Int> = []
  var depth = 0
  /// Piped operators read so far (``TranslationLimits/maximumPipelineOperators``).
  var pipedOperators = 0
  /// Operators of the open arithmetic and member chains around the cursor; each nests the tree one level
  /// (``TranslationLimits/maximumOperatorChain``).
  var chainLinks = 0

  init(tokens: [Token]) {
    self.tokens = tokens
    for token in tokens {
      if case .invalid(let message) = token.kind {
        report(KQLDiagnostics.invalidToken(message, at: token.span))
      }
    }
  }

  // MARK: Cursor

  var current: Token { tokens[min(index, tokens.count - 1)] }

  func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

  var atEnd: Bool { current.kind == .end }

  /// The span just after the previous token, where a missing part is reported.
  var previousEnd: Int { index > 0 ? tokens[min(index - 1, tokens.count - 1)].span.end : 0 }

  @discardableResult
  mutating func advance() -> Token {
    let token = current
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  mutating func acceptSymbol(_ symbol: String) -> Bool {
    guard current.isSymbol(symbol) else { return false }
    advance()
    return true
  }

  mutating func acceptWord(_ word: String) -> Bool {
    guard current.isWord(word) else { return false }
    advance()
    return true
  }

  /// Consumes the symbol or reports what was expected.
  @discardableResult
  mutating func expectSymbol(_ symbol: String, _ what: String? = nil) -> Bool {
    if acceptSymbol(symbol) { return true }
    reportExpected(what ?? "'\(symbol)'")
    return false
  }

  @discardableResult
  mutating func expectWord(_ word: String) -> Bool {
    if acceptWord(word) { return true }
    reportExpected("'\(word)'")
    return false
  }

  /// Consumes an identifier or reports one missing.
  mutating func expectIdentifier(_ what: String) -> KQLIdentifier? {
    if let word = current.word {
      let token = advance()
      return KQLIdentifier(name: word, span: token.span)
    }
    if current.isSymbol("["), let name = bracketedName() { return name }
    reportExpected(what)
    return nil
  }

  /// `['name']` or `["name"]` as a name.
  mutating func bracketedName() -> KQLIdentifier? {
    guard current.isSymbol("["), case .string(let name) = peek(1).kind, peek(2).isSymbol("]") else {
      return nil
    }
    let start = advance().span.start
    advance()
    let end = advance().span.end
    return KQLIdentifier(name: name, span: Span(start: start, end: end))
  }

  // MARK: Diagnostics

  mutating func report(_ diagnostic: Diagnostic) {
    guard diagnostics.count < Self.maximumDiagnostics,
      !reportedPositions.contains(diagnostic.span.start)
    else {
      return
    }
    reportedPositions.insert(diagnostic.span.start)
    diagnostics.append(diagnostic)
  }

  mutating func reportExpected(_ what: String) {
    report(KQLDiagnostics.expected(what, found: describe(current), at: current.span))
  }

  func describe(_ token: Token) -> String {
    switch token.kind {
    case .identifier(let name): return "'\(name)'"
    case .string: return "a string literal"
    case .long, .real: return "a number"
    case .timespan: return "a timespan literal"
    case .typedLiteral(let type, _): return "a \(type) literal"
    case .symbol(let symbol): return "'\(symbol)'"
    case .invalid: return "invalid text"
    case .end: return "the end of the query"
    }
  }

  /// True at a token that ends the current operator: `|`, `;`, `)`, `}` or the end.
  var atOperatorBoundary: Bool {
    atEnd || current.isSymbol("|") || current.isSymbol(";") || current.isSymbol(")")
      || current.isSymbol("}")
  }

  /// Skips tokens up to the next `|`, `;` or closing bracket at this nesting level.
  mutating func skipToOperatorBoundary() {
    var nesting = 0
    while !atEnd {
      if current.isSymbol("(") || current.isSymbol("[") || current.isSymbol("{") {
        nesting += 1
      } else if current.isSymbol(")") || current.isSymbol("]") || current.isSymbol("}") {
        if nesting == 0 { return }
        nesting -= 1
      } else if nesting == 0, current.isSymbol("|") || current.isSymbol(";") {
        return
      }
      advance()
    }
  }

  // MARK: Statements

  mutating func parseQuery() -> KQLQuery {
    let statements = parseStatements(until: nil)
    if !statements.contains(where: {
      if case .query = $0.kind { return true } else { return false }
    }) {
      report(KQLDiagnostics.missingQuery(at: .at(previousEnd)))
    }
    return KQLQuery(statements: statements, span: Span(start: 0, end: current.span.end))
  }

  /// Statements separated by `;`, up to the end of the text or a closing `}`.
  mutating func parseStatements(until closing: String?) -> [KQLStatement] {
    var statements: [KQLStatement] = []
    while !atEnd {
      if let closing, current.isSymbol(closing) { break }
      if acceptSymbol(";") { continue }
      let before = index
      statements.append(parseStatement())
      if atEnd || acceptSymbol(";") { continue }
      if let closing, current.isSymbol(closing) { break }
      reportExpected("'|', ';' or the end of the query")
      if index == before { advance() }
      skipToStatementEnd()
    }
    return statements
  }

  mutating func skipToStatementEnd() {
    while !atEnd, !current.isSymbol(";") {
      skipToOperatorBoundary()
      if current.isSymbol(")") || current.isSymbol("]") || current.isSymbol("}")
        || current.isSymbol("|")
      {
        advance()
      }
    }
  }

  mutating func parseStatement() -> KQLStatement {
    let start = current.span.start
    if current.isWord("let") {
      advance()
      guard let name = expectIdentifier("a name after 'let'") else {
        skipToStatementEnd()
        return KQLStatement(
          kind: .set(KQLIdentifier(name: "", span: .at(start))),
          span: Span(start: start, end: previousEnd))
      }
      expectSymbol("=")
      // `let v = view () { … }`: a function whose only difference, taking part in `union *`, Spoor has no use for.
      if current.isWord("view"), peek(1).isSymbol("(") { advance() }
      if current.isSymbol("("),
        peek(1).isSymbol(")") || (peek(1).word != nil && peek(2).isSymbol(":"))
      {
        let parameters = parseParameters()
        expectSymbol("{", "'{' to open the function body")
        let body = parseStatements(until: "}")
        expectSymbol("}", "'}' to close the function body")
        return KQLStatement(
          kind: .letFunction(name, parameters: parameters, body: body),
          span: Span(start: start, end: previousEnd))
      }
      let value = parsePipeline()
      return KQLStatement(kind: .let(name, value), span: Span(start: start, end: previousEnd))
    }
    if current.isWord("declare"), peek(1).isWord("query_parameters") {
      advance()
      advance()
      return KQLStatement(
        kind: .declareQueryParameters(parseQueryParameterDeclarations()), span: Span(start: start, end: previousEnd))
    }
    if current.isWord("set") {
      advance()
      let option = expectIdentifier("an option name") ?? KQLIdentifier(name: "", span: .at(start))
      skipToOperatorBoundary()
      return KQLStatement(kind: .set(option), span: Span(start: start, end: previousEnd))
    }
    let value = parsePipeline()
    return KQLStatement(kind: .query(value), span: Span(start: start, end: previousEnd))
  }

  /// `(name: type [= default], …)` of `declare query_parameters`.
  mutating func parseQueryParameterDeclarations() -> [KQLQueryParameterDeclaration] {
    var declarations: [KQLQueryParameterDeclaration] = []
    guard expectSymbol("(") else { return declarations }
    while !atEnd, !current.isSymbol(")") {
      guard let name = expectIdentifier("a parameter name") else { break }
      expectSymbol(":")
      let typeName = parseTypeName()
      let defaultValue = acceptSymbol("=") ? parseExpression() : nil
      declarations.append(KQLQueryParameterDeclaration(name: name, typeName: typeName, defaultValue: defaultValue))
      if !acceptSymbol(",") { break }
    }
    expectSymbol(")")
    return declarations
  }

  /// `(name:type, …)` of a let function.
  mutating func parseParameters() -> [KQLColumnDeclaration] {
    advance()
    var parameters: [KQLColumnDeclaration] = []
    while !atEnd, !current.isSymbol(")") {
      guard let name = expectIdentifier("a parameter name") else { break }
      expectSymbol(":")
      let typeName = parseTypeName()
      let defaultValue = acceptSymbol("=") ? parseExpression() : nil
      parameters.append(KQLColumnDeclaration(name: name, typeName: typeName, defaultValue: defaultValue))
      if !acceptSymbol(",") { break }
    }
    expectSymbol(")")
    return parameters
  }

  /// A type name, or `(*)`/`(a:string, …)` for a tabular parameter (named `table`).
  mutating func parseTypeName() -> KQLIdentifier {
    if current.isSymbol("(") {
      let start = current.span.start
      var nesting = 0
      repeat {
        if current.isSymbol("(") { nesting += 1 }
        if current.isSymbol(")") { nesting -= 1 }
        advance()
      } while nesting > 0 && !atEnd
      return KQLIdentifier(name: "table", span: Span(start: start, end: previousEnd))
    }
    if case .typedLiteral(let typeName, _) = current.kind {
      // `datetime` followed by `(` is lexed as a literal; a type name never is.
      return KQLIdentifier(name: typeName, span: advance().span)
    }
    return expectIdentifier("a type name") ?? KQLIdentifier(name: "", span: .at(previousEnd))
  }
}
