import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorPostgres
import SpoorXQL

/// One diagnostic of a validated file, located, ready to render as text or encode as JSON.
public struct ValidationDiagnostic: Sendable, Hashable, Codable {
  /// The stable code of the diagnostic (`KQL-P001`, `BIND-001`, `SQL-U001`, `FILE-001`, `PG-001`, …).
  public var code: String
  /// `error`, `warning` or `note`.
  public var severity: Severity
  /// `syntax`, `semantic`, `unsupported` or `bug`.
  public var category: DiagnosticCategory
  /// The one-line message.
  public var message: String
  /// The 1-based line and column of the span's start.
  public var line: Int
  public var column: Int
  /// The 1-based line and column of the span's end (exclusive).
  public var endLine: Int
  public var endColumn: Int
  /// The span as UTF-8 byte offsets into the file's query text.
  public var startOffset: Int
  public var endOffset: Int
  /// The suggested fix ("did you mean 'FileName'?"), if any.
  public var hint: String?
  /// Extra lines of explanation.
  public var notes: [String]

  /// Locates `diagnostic` in `source`.
  public init(_ diagnostic: Diagnostic, in source: SourceText) {
    let start = source.location(of: diagnostic.span.start)
    let end = source.location(of: diagnostic.span.end)
    code = diagnostic.code.rawValue
    severity = diagnostic.severity
    category = diagnostic.category
    message = diagnostic.message
    line = start.line
    column = start.column
    endLine = end.line
    endColumn = end.column
    startOffset = diagnostic.span.start
    endOffset = diagnostic.span.end
    hint = diagnostic.help
    notes = diagnostic.notes
  }
}

/// The outcome of validating one file.
public struct ValidationReport: Sendable, Codable {
  /// The file, as given or found.
  public var path: String
  /// The language its query was read as (`nil` when the file could not be read).
  public var language: QueryLanguage?
  /// True when the query translated without errors (and PostgreSQL accepted it, when checked).
  public var ok: Bool
  /// Every diagnostic, located.
  public var diagnostics: [ValidationDiagnostic]
  /// The translation, when there is one.
  public var sql: String?
  /// The diagnostics rendered as `spoor` prints them (caret lines, no colour).
  public var rendered: String
}

/// Validates query and hunt files, returning typed reports that front doors only render.
///
/// Each file is translated and, given a connection, its SQL is checked by PostgreSQL with `EXPLAIN`.
public struct QueryValidator {
  /// The catalog queries bind against.
  public var catalog: Catalog
  /// A connection for `EXPLAIN`, or `nil` to translate only.
  public var connection: Connection?
  /// The clock `now()` reads.
  public var now: Int64
  /// The queries XQL's `call "name"` stage can reach (the hunt library's XQL hunts).
  public var storedQueries: XQLStoredQueries
  /// Values of the queries' parameters; a parameter without one is checked with a placeholder, and a warning.
  public var parameterValues: [String: String]

  /// Creates a validator.
  public init(
    catalog: Catalog, connection: Connection? = nil, now: Int64 = WallClock.nowMicroseconds(),
    storedQueries: XQLStoredQueries = .none, parameterValues: [String: String] = [:]
  ) {
    self.catalog = catalog
    self.connection = connection
    self.now = now
    self.storedQueries = storedQueries
    self.parameterValues = parameterValues
  }

  /// Validates every file.
  public func validate(_ files: [QueryFile]) -> [ValidationReport] {
    files.map(validate)
  }

  /// Validates one file.
  public func validate(_ file: QueryFile) -> ValidationReport {
    let query: QueryFile.Query
    do {
      query = try file.load()
    } catch {
      let source = SourceText(name: file.path, text: "")
      return report(file.path, language: nil, [EngineDiagnostics.unreadableFile("\(error)")], in: source, sql: nil)
    }
    let compiler = Compiler(catalog: catalog, storedQueries: storedQueries)
    let options = CompileOptions(
      now: now, parameters: QueryParameters(values: parameterValues, unbound: .placeholder))
    var diagnostics: [Diagnostic] = []
    var compilation = compiler.compile(query.source, language: query.language, options: options)
    if compilation.keyDiscovery != nil, let connection {
      // With a database, a bag_unpack's keys are read from it, so the whole query is checked.
      do {
        compilation = try compiler.compile(query.source, language: query.language, options: options) {
          try QueryService.readKeys($0, on: connection)
        }
      } catch {
        diagnostics.append(EngineDiagnostics.postgresRejected(error))
      }
    }
    diagnostics = compilation.diagnostics + diagnostics
    if let discovery = compilation.keyDiscovery {
      // Offline: the statement that reads the keys is what can be checked.
      return report(
        file.path, language: compilation.language, diagnostics, in: compilation.source,
        sql: diagnostics.containsErrors ? nil : discovery.statement.text)
    }
    if let statement = compilation.statement, compilation.succeeded, let connection {
      do {
        _ = try QueryService().explain(statement, on: connection)
      } catch {
        diagnostics.append(EngineDiagnostics.postgresRejected(error))
      }
    }
    return report(
      file.path, language: compilation.language, diagnostics, in: compilation.source,
      sql: compilation.succeeded ? compilation.statement?.text : nil)
  }

  private func report(
    _ path: String, language: QueryLanguage?, _ diagnostics: [Diagnostic], in source: SourceText, sql: String?
  ) -> ValidationReport {
    ValidationReport(
      path: path, language: language, ok: sql != nil && !diagnostics.containsErrors,
      diagnostics: diagnostics.map { ValidationDiagnostic($0, in: source) }, sql: sql,
      rendered: DiagnosticRenderer(colored: false).render(diagnostics, in: source))
  }
}
