import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPlan
import SpoorSQL
import SpoorXQL

/// Options that shape one translation.
public struct CompileOptions: Sendable {
  /// The query's clock, microseconds since the epoch: every `now()`/`ago()` reads it.
  public var now: Int64
  /// When set, the statement returns at most this many rows (the runner passes its cap plus one to detect truncation).
  public var rowLimit: Int64?
  /// When set, scans of tables with a time column keep only rows at or after this instant (µs since the epoch).
  public var since: Int64?
  /// When set, scans of event tables read only the rows ingested in this snapshot window (scheduled runs).
  public var ingestBatch: IngestBatch?
  /// The keys of bag columns read so far for KQL's `evaluate bag_unpack`, by discovery relation.
  public var bagKeys: [Relation: [BagKey]] = [:]
  /// Values of the query's parameters (XQL `$name`, KQL `declare query_parameters`).
  public var parameters: QueryParameters

  /// Creates options.
  public init(
    now: Int64, rowLimit: Int64? = nil, since: Int64? = nil, ingestBatch: IngestBatch? = nil,
    parameters: QueryParameters = .none
  ) {
    self.now = now
    self.rowLimit = rowLimit
    self.since = since
    self.ingestBatch = ingestBatch
    self.parameters = parameters
  }
}

/// The outcome of compiling one query: the SQL statement, or diagnostics saying why there is none.
public struct Compilation: Sendable {
  /// The source, for rendering diagnostics.
  public var source: SourceText
  /// The language the text was read as.
  public var language: QueryLanguage
  /// The bound plan, when binding succeeded.
  public var plan: QueryPlan?
  /// The statement, when every stage succeeded.
  public var statement: SQLStatement?
  /// Every diagnostic of every stage, in stage order.
  public var diagnostics: [Diagnostic]
  /// When set, there is no statement yet: the query needs the keys of a bag column (KQL `evaluate bag_unpack`),
  /// which this statement reads (``Compiler/compile(_:language:options:readingKeysWith:)`` runs it).
  public var keyDiscovery: (relation: Relation, statement: SQLStatement)?

  /// True when there is a statement and no error.
  public var succeeded: Bool { statement != nil && !diagnostics.containsErrors }
}

/// A query's syntax tree, before it is bound to a catalog (``Compiler/parse(_:language:)``).
public struct ParsedQuery: Sendable {
  /// The tree of one language.
  enum Tree: Sendable {
    case kql(KQLQuery)
    case xql(XQLQuery)
  }

  /// The source, for rendering diagnostics.
  public let source: SourceText
  /// The tree.
  let tree: Tree
  /// What the lexer and parser reported.
  public let syntaxDiagnostics: [Diagnostic]

  /// The language the text was read as.
  public var language: QueryLanguage {
    switch tree {
    case .kql: .kql
    case .xql: .xql
    }
  }

  /// True when the text does not follow the grammar: binding it could only add noise to these errors.
  public var hasSyntaxErrors: Bool { syntaxDiagnostics.contains { $0.isError && $0.category == .syntax } }
}

/// The translation pipeline: text → (KQL or XQL) syntax tree → bound plan → PostgreSQL statement.
///
/// Pure: it reads only its input and the catalog.
public struct Compiler: Sendable {
  /// The names queries are bound against.
  public let catalog: Catalog
  /// The queries XQL's `call` stage can reach (the hunt library's XQL hunts).
  public let storedQueries: XQLStoredQueries

  /// Creates a compiler over a catalog and, for XQL's `call`, stored queries.
  public init(catalog: Catalog, storedQueries: XQLStoredQueries = .none) {
    self.catalog = catalog
    self.storedQueries = storedQueries
  }

  /// Translates a query: ``parse(_:language:)`` then ``compile(_:options:)``.
  /// - Parameters:
  ///   - source: the query text and its display name.
  ///   - language: the language, or nil to detect it from the text.
  ///   - options: clock, row cap and windows.
  public func compile(_ source: SourceText, language: QueryLanguage?, options: CompileOptions) -> Compilation {
    Self.onLargeStackIfNeeded(source.text) {
      compileInPlace(Self.parseInPlace(source, language: language), options: options)
    }
  }

  /// The front end's first stage alone: detects the language and parses, without a catalog.
  ///
  /// A caller that must connect to a database to get its catalog checks the syntax first (and reports its errors
  /// without connecting), then hands the result to ``compile(_:options:)``: the text is parsed once.
  public static func parse(_ source: SourceText, language: QueryLanguage?) -> ParsedQuery {
    onLargeStackIfNeeded(source.text) { parseInPlace(source, language: language) }
  }

  /// Binds and emits a parsed query against this compiler's catalog.
  public func compile(_ parsed: ParsedQuery, options: CompileOptions) -> Compilation {
    Self.onLargeStackIfNeeded(parsed.source.text) { compileInPlace(parsed, options: options) }
  }

  /// Runs `body` on the caller's stack, or on a large one for a text that can nest deeply.
  ///
  /// Parsing, binding and emitting recurse once per nesting level. A text with few characters that can nest
  /// (hunts have tens) is translated in place; another gets a thread with a stack sized for inputs at
  /// ``TranslationLimits``.
  private static func onLargeStackIfNeeded<Result: Sendable>(
    _ text: String, _ body: @escaping @Sendable () -> Result
  ) -> Result {
    guard nestingCharacters(in: text) > inPlaceNestingCharacters else { return body() }
    return LargeStack.run(body)
  }

  /// Translates a query whose `evaluate bag_unpack` needs the keys of a bag column: each key discovery is run
  /// with `read` (its rows are text cells `key`, `type`), then the query is translated again with the keys.
  /// - Throws: what `read` throws.
  public func compile(
    _ source: SourceText, language: QueryLanguage?, options: CompileOptions,
    readingKeysWith read: (SQLStatement) throws -> [[String?]]
  ) rethrows -> Compilation {
    try compile(Self.parse(source, language: language), options: options, readingKeysWith: read)
  }

  /// ``compile(_:language:options:readingKeysWith:)`` of a query already parsed.
  /// - Throws: what `read` throws.
  public func compile(
    _ parsed: ParsedQuery, options: CompileOptions, readingKeysWith read: (SQLStatement) throws -> [[String?]]
  ) rethrows -> Compilation {
    var options = options
    var compilation = compile(parsed, options: options)
    // Each round resolves one bag_unpack; a query has at most as many as it has operators.
    while let discovery = compilation.keyDiscovery, options.bagKeys[discovery.relation] == nil {
      let rows = try read(discovery.statement)
      options.bagKeys[discovery.relation] = BagKey.keys(
        fromDiscovered: rows.map { (key: $0.first.flatMap { $0 } ?? "", typeName: $0.last.flatMap { $0 } ?? "null") })
      compilation = compile(parsed, options: options)
    }
    return compilation
  }

  /// The most nesting characters (``nestingCharacters(in:)``) of a text translated on the caller's stack: each
  /// adds at most one level, and a few hundred levels fit any thread's stack, even with a debug build's frames.
  static let inPlaceNestingCharacters = 200

  /// The number of characters that can each add a nesting level.
  ///
  /// They are brackets, pipes, arithmetic, member access, and the `;` that ends a `let` (later statements can
  /// nest what it binds). They are counted in string literals too, which only errs toward the large stack.
  static func nestingCharacters(in text: String) -> Int {
    // One bit per ASCII byte that counts: `%(*+-./;` below 64, `[|` from 64 to 127. Every hunt is translated
    // after this count, so it is a branch-free pass over the bytes rather than a switch per character.
    let low: UInt64 =
      1 << 0x25 | 1 << 0x28 | 1 << 0x2A | 1 << 0x2B | 1 << 0x2D | 1 << 0x2E | 1 << 0x2F | 1 << 0x3B
    let high: UInt64 = 1 << (0x5B - 64) | 1 << (0x7C - 64)
    func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
      var count: UInt64 = 0
      for byte in bytes {
        let mask = byte < 64 ? low : byte < 128 ? high : 0
        count &+= (mask &>> UInt64(byte & 63)) & 1
      }
      return Int(count)
    }
    if let counted = text.utf8.withContiguousStorageIfAvailable(count) { return counted }
    var copy = text
    return copy.withUTF8(count)
  }

  private static func parseInPlace(_ source: SourceText, language: QueryLanguage?) -> ParsedQuery {
    switch language ?? LanguageDetector.detect(source.text) {
    case .kql:
      let (query, diagnostics) = KQLParser.parse(source)
      return ParsedQuery(source: source, tree: .kql(query), syntaxDiagnostics: diagnostics)
    case .xql:
      let (query, diagnostics) = XQLParser.parse(source)
      return ParsedQuery(source: source, tree: .xql(query), syntaxDiagnostics: diagnostics)
    }
  }

  private func compileInPlace(_ parsed: ParsedQuery, options: CompileOptions) -> Compilation {
    let bound: BindResult
    switch parsed.tree {
    case .kql(let query):
      bound = KQLTranslator.bind(
        query, syntaxDiagnostics: parsed.syntaxDiagnostics, catalog: catalog, bagKeys: options.bagKeys,
        parameters: options.parameters)
    case .xql(let query):
      bound = XQLTranslator.bind(
        query, syntaxDiagnostics: parsed.syntaxDiagnostics, catalog: catalog, storedQueries: storedQueries,
        parameters: options.parameters)
    }
    var compilation = Compilation(
      source: parsed.source, language: parsed.language, plan: bound.plan, statement: nil,
      diagnostics: bound.diagnostics)
    if let discovery = bound.keyDiscovery, !bound.diagnostics.containsErrors {
      let plan = QueryPlan(relation: narrow(discovery.relation, options: options), language: parsed.language)
      let emitted = PostgresEmitter(options: EmitOptions(now: options.now)).emit(plan)
      compilation.diagnostics += emitted.diagnostics
      if !emitted.diagnostics.containsErrors, let statement = emitted.statement {
        compilation.keyDiscovery = (discovery.relation, statement)
      }
      return compilation
    }
    guard var plan = bound.plan, !bound.diagnostics.containsErrors else { return compilation }

    plan.relation = narrow(plan.relation, options: options)
    compilation.plan = plan
    let emitted = PostgresEmitter(options: EmitOptions(now: options.now, rowLimit: options.rowLimit)).emit(plan)
    compilation.diagnostics += emitted.diagnostics
    if !emitted.diagnostics.containsErrors { compilation.statement = emitted.statement }
    return compilation
  }

  /// Applies `since` and `ingestBatch` to every scan of the plan.
  private func narrow(_ relation: Relation, options: CompileOptions) -> Relation {
    guard options.since != nil || options.ingestBatch != nil else { return relation }
    return relation.replacingScans { table in
      var scan = Relation.scan(table)
      if let batch = options.ingestBatch, table.tracksIngest {
        scan = .scanBatch(table, batch)
      }
      if let since = options.since, let timeColumn = table.timeColumn {
        let predicate = ScalarExpression.call(
          .greaterOrEqual,
          [.column(timeColumn.name, .datetime), .literal(.datetime(microseconds: since))],
          type: .bool)
        scan = .filter(scan, predicate)
      }
      return scan
    }
  }
}

/// Runs work on a thread of its own with a large stack, for recursion as deep as ``TranslationLimits`` allow.
enum LargeStack {
  /// The stack size: 512 MiB of address space, committed only as far as it is used.
  static let bytes = 512 << 20

  /// Runs `body` on a new thread with a ``bytes`` stack and returns its result once it finishes.
  static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
    let box = ResultBox<Result>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.value = body()
      done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return box.value!
  }

  // `@unchecked Sendable`: written once by the worker thread before it signals, read by the caller only after the
  // wait, so the semaphore orders every access.
  private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
  }
}
