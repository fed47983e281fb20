import SpoorDiagnostics
import SpoorPlan

/// Parses XQL text into an ``XQLQuery``, recovering at the next `|` after an error.
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

  /// Thrown after a syntax error has been reported, to unwind to the stage level.
  struct Failure: Error {}

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

  mutating func fail(_ diagnostic: Diagnostic) -> Failure {
    report(diagnostic)
    return Failure()
  }

  mutating func expect(_ kind: XQLTokenKind, _ what: String) throws -> XQLToken {
    guard current.kind == kind else { throw fail(XQLDiagnostics.expected(what, found: current)) }
    return advance()
  }

  mutating func expectKeyword(_ word: String) throws -> XQLToken {
    guard current.isKeyword(word) else { throw fail(XQLDiagnostics.expected("'\(word)'", found: current)) }
    return advance()
  }

  mutating func acceptKeyword(_ word: String) -> Bool {
    guard current.isKeyword(word) else { return false }
    advance()
    return true
  }

  mutating func name(_ what: String) throws -> XQLName {
    let token = try expect(.identifier, what)
    return XQLName(token.text, span: token.span)
  }

  mutating func integer(_ what: String) throws -> Int64 {
    let token = try expect(.number, what)
    guard let value = Int64(token.text) else { throw fail(XQLDiagnostics.invalidNumber(token.text, token.span)) }
    return value
  }

  /// Counts one more operator of an open arithmetic chain; throws (with a diagnostic) past
  /// ``TranslationLimits/maximumOperatorChain``.
  mutating func link() throws {
    chainLinks += 1
    if chainLinks > TranslationLimits.maximumOperatorChain {
      throw fail(
        TranslationLimits.exceeded(
          "chained operators in one expression", limit: TranslationLimits.maximumOperatorChain, at: current.span))
    }
  }

  mutating func enter() throws {
    depth += 1
    if depth > Self.maximumDepth {
      throw fail(XQLDiagnostics.unsupported("nesting deeper than \(Self.maximumDepth) levels", current.span))
    }
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
      do {
        let stage = try parseStage()
        stages.append(stage)
        if current.kind != .pipe, current.kind != .endOfInput, !(nested && current.kind == .rightParen) {
          throw fail(XQLDiagnostics.trailingText(current))
        }
      } catch {
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
