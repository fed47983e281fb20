import SpoorDiagnostics
import SpoorPlan

/// Parses XQL text into an ``XQLQuery``; never throws and never crashes.
///
/// Recovery follows the KQL parser's model: an error becomes a diagnostic (at most 20, one per token position),
/// a missing part becomes an ``XQLExpression/Kind/missing`` node or an empty name, and parsing goes on, so later
/// mistakes in the same stage are still reported. Only a stage that cannot be read further (an unknown keyword,
/// text left after its end) is skipped, up to the next `|` at its nesting level.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons (`=`, `!=`, `~=`, `<`…, `contains`, `in`, `incidr`),
/// `+ -`, `* /`, unary `-` (reference §9.5). Keywords and operator words are matched case-insensitively.
public struct XQLParser {
  /// The stage keywords Spoor translates.
  public static let stageNames = [
    "config", "dataset", "preset", "filter", "fields", "alter", "comp", "sort", "limit", "dedup", "join", "union",
    "bin", "arrayexpand", "top", "replacenull", "call", "view", "windowcomp", "iploc",
  ]

  /// Real XQL stages that Spoor recognises but cannot translate, and why.
  public static let unsupportedStages: [String: String] = [
    "target": "it writes a dataset or lookup, and Spoor's queries are read-only",
    "getrole": "it reads the roles Cortex's asset inventory assigns to hosts and users, and Spoor has no such source",
    "transaction":
      "its rows hold each transaction's events as a JSON string array and a _transaction_id, whose exact spelling"
      + " and values Palo Alto does not document, so no SQL can return the same rows",
    "tag": "Spoor keeps no _tag field to add tags to",
    "search": "free-text search over every dataset has no translation",
    "cold_dataset": "Spoor has no separate cold storage",
    "datamodel": "the XDM data model is not in Spoor's schema",
  ]

  /// The names of ``unsupportedStages``, sorted, for "did you mean".
  static let unsupportedStageNames = unsupportedStages.keys.sorted()

  /// The most errors reported for one query (STYLE §5).
  static let maximumErrors = 20
  /// Deepest nesting of parentheses and sub-queries accepted, so hostile input cannot exhaust the stack.
  static let maximumDepth = 200

  var tokens: [XQLToken]
  var index = 0
  var diagnostics: [Diagnostic]
  var depth = 0
  /// Stages read so far, sub-queries included (``TranslationLimits/maximumPipelineOperators``).
  var stageCount = 0
  /// Operators of the open arithmetic chains around the cursor; each nests the tree one level
  /// (``TranslationLimits/maximumOperatorChain``).
  var chainLinks = 0

  /// Parses a whole query; the diagnostics include the lexer's.
  public static func parse(_ source: SourceText) -> (query: XQLQuery, diagnostics: [Diagnostic]) {
    let (tokens, lexerDiagnostics) = XQLLexer.tokenize(source)
    var parser = XQLParser(tokens: tokens, diagnostics: lexerDiagnostics)
    let query = parser.parseQuery(nested: false)
    if parser.current.kind != .endOfInput {
      parser.report(XQLDiagnostics.trailingText(parser.current))
    }
    return (query, Array(parser.diagnostics.prefix(maximumErrors)))
  }

  init(tokens: [XQLToken], diagnostics: [Diagnostic]) {
    self.tokens = tokens
    self.diagnostics = diagnostics
  }

  // MARK: Token access

  var current: XQLToken { tokens[index] }

  func peek(_ offset: Int) -> XQLToken { tokens[min(index + offset, tokens.count - 1)] }

  @discardableResult
  mutating func advance() -> XQLToken {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  var previousEnd: Int { index > 0 ? tokens[index - 1].span.end : 0 }

  var previousSpan: Span { index > 0 ? tokens[index - 1].span : .at(0) }

  mutating func report(_ diagnostic: Diagnostic) {
    if diagnostics.contains(where: { $0.span.start == diagnostic.span.start && $0.category == .syntax }) { return }
    diagnostics.append(diagnostic)
  }

  /// Consumes a token of `kind`, or reports what was expected and returns nil without consuming anything.
  @discardableResult
  mutating func expect(_ kind: XQLTokenKind, _ what: String) -> XQLToken? {
    guard current.kind == kind else {
      report(XQLDiagnostics.expected(what, found: current))
      return nil
    }
    return advance()
  }

  /// Consumes the keyword, or reports it missing.
  mutating func expectKeyword(_ word: String) {
    guard current.isKeyword(word) else {
      report(XQLDiagnostics.expected("'\(word)'", found: current))
      return
    }
    advance()
  }

  mutating func acceptKeyword(_ word: String) -> Bool {
    guard current.isKeyword(word) else { return false }
    advance()
    return true
  }

  /// Consumes a name, or reports one missing and returns an empty name where it should have been.
  mutating func name(_ what: String) -> XQLName {
    guard let token = expect(.identifier, what) else { return XQLName("", span: .at(current.span.start)) }
    return XQLName(token.text, span: token.span)
  }

  /// Consumes a whole number; nil (reported) when there is none or it does not fit 64 bits.
  mutating func integer(_ what: String) -> Int64? {
    guard let token = expect(.number, what) else { return nil }
    guard let value = Int64(token.text) else {
      report(XQLDiagnostics.invalidNumber(token.text, token.span))
      return nil
    }
    return value
  }

  /// Reads one item with `parseItem`, then one more after each comma.
  mutating func commaSeparated<Item>(_ parseItem: (inout Self) -> Item) -> [Item] {
    var items = [parseItem(&self)]
    while current.kind == .comma {
      advance()
      items.append(parseItem(&self))
    }
    return items
  }

  /// One or more field names separated by commas (`by a, b`, `dedup a, b`).
  mutating func fieldNames() -> [XQLName] {
    commaSeparated { $0.name("a field name") }
  }

  /// Counts one more operator of an open arithmetic chain; false (with a diagnostic, skipping the rest of the
  /// text) past ``TranslationLimits/maximumOperatorChain``.
  mutating func link() -> Bool {
    chainLinks += 1
    guard chainLinks <= TranslationLimits.maximumOperatorChain else {
      report(TranslationLimits.operatorChainExceeded(at: current.span))
      skipToEndOfText()
      return false
    }
    return true
  }

  /// Enters one nesting level; false (with a diagnostic, skipping the rest of the text) past ``maximumDepth``.
  mutating func enter() -> Bool {
    guard depth < Self.maximumDepth else {
      report(XQLDiagnostics.tooDeep(current.span))
      skipToEndOfText()
      return false
    }
    depth += 1
    return true
  }

  mutating func skipToEndOfText() {
    while current.kind != .endOfInput { advance() }
  }

  /// True at a token that ends the current stage: `|`, `)` or the end.
  var atStageBoundary: Bool {
    current.kind == .endOfInput || current.kind == .pipe || current.kind == .rightParen
  }

  // MARK: Queries

  /// Parses stages until the end of input or, when `nested`, an unmatched `)`.
  mutating func parseQuery(nested: Bool) -> XQLQuery {
    let start = current.span.start
    var stages: [XQLStage] = []
    // Most hunts have 3 or 4 stages (config, dataset or preset, filter, fields): one allocation, not three.
    stages.reserveCapacity(4)
    while true {
      if current.kind == .endOfInput || (nested && current.kind == .rightParen) {
        if stages.isEmpty { report(XQLDiagnostics.expected("a stage", found: current)) }
        break
      }
      if current.kind == .pipe {
        if stages.isEmpty { report(XQLDiagnostics.expected("a stage", found: current)) }
        advance()
        continue
      }
      stageCount += 1
      guard stageCount <= TranslationLimits.maximumPipelineOperators else {
        report(
          TranslationLimits.exceeded("stages", limit: TranslationLimits.maximumPipelineOperators, at: current.span))
        while current.kind != .endOfInput { advance() }
        break
      }
      if let stage = parseStage() { stages.append(stage) }
      if current.kind != .pipe, current.kind != .endOfInput, !(nested && current.kind == .rightParen) {
        report(XQLDiagnostics.trailingText(current))
        synchronize(nested: nested)
      }
      if diagnostics.count >= Self.maximumErrors { break }
    }
    return XQLQuery(stages: stages, span: Span(start: start, end: max(start, previousEnd)))
  }

  /// Skips to the next `|` at this nesting level (or the end of this query).
  mutating func synchronize(nested: Bool) {
    var level = 0
    while current.kind != .endOfInput {
      switch current.kind {
      case .leftParen: level += 1
      case .rightParen:
        if level == 0 {
          if nested { return }
        } else {
          level -= 1
        }
      case .pipe where level == 0: return
      default: break
      }
      advance()
    }
  }
}
