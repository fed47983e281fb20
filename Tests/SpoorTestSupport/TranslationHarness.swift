import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import SpoorPostgres
import SpoorSQL

/// A query that did not translate; its description is the rendered diagnostics.
public struct TranslationFailure: Error, CustomStringConvertible {
  /// The diagnostics as `spoor` prints them.
  public var description: String
}

/// Translates KQL or XQL with the engine's compiler and runs it, for execution tests of both front ends.
public enum TranslationHarness {
  /// Translates `text` against `catalog` (the built-in one by default), or with `compiler`, with a fixed clock and,
  /// when `since` is set, the `--since` window every scan gets.
  /// - Throws: ``TranslationFailure`` with the rendered diagnostics when any stage fails.
  public static func statement(
    _ text: String, language: QueryLanguage, now: Int64, since: Int64? = nil, catalog: Catalog = .builtIn,
    compiler: Compiler? = nil
  ) throws -> SQLStatement {
    let source = SourceText(name: "test.\(language.rawValue)", text: text)
    let compilation = (compiler ?? Compiler(catalog: catalog)).compile(
      source, language: language, options: CompileOptions(now: now, since: since))
    if let discovery = compilation.keyDiscovery {
      throw TranslationFailure(description: "needs the keys read by: " + discovery.statement.text)
    }
    guard let statement = compilation.statement, compilation.succeeded else {
      throw TranslationFailure(description: DiagnosticRenderer().render(compilation.diagnostics, in: source))
    }
    return statement
  }

  /// The rendered diagnostics of a query that does not translate (``statement(_:language:now:since:catalog:compiler:)``
  /// with the built-in catalog and a zero clock), or "" when it translates.
  public static func failure(_ text: String, language: QueryLanguage) -> String {
    do {
      _ = try statement(text, language: language, now: 0)
      return ""
    } catch {
      return "\(error)"
    }
  }

  /// Every diagnostic (errors, warnings, notes) of compiling a query with the built-in catalog.
  public static func diagnostics(
    _ text: String, language: QueryLanguage, now: Int64 = 0, parameters: QueryParameters = .none
  ) -> [Diagnostic] {
    let source = SourceText(name: "test.\(language.rawValue)", text: text)
    return Compiler(catalog: .builtIn).compile(
      source, language: language, options: CompileOptions(now: now, parameters: parameters)
    ).diagnostics
  }

  /// Translates (as ``statement(_:language:now:since:catalog:compiler:)``) and runs a query; returns the column names and
  /// the rows as PostgreSQL text cells.
  public static func run(
    _ text: String, language: QueryLanguage, now: Int64, since: Int64? = nil, catalog: Catalog = .builtIn,
    compiler: Compiler? = nil, external: ExternalDataOptions = .standard, parameters: QueryParameters = .none,
    on connection: Connection
  ) throws -> (columns: [String], rows: [[String?]]) {
    let source = SourceText(name: "test.\(language.rawValue)", text: text)
    // A bag_unpack's keys are read from the same database first.
    let compilation = try (compiler ?? Compiler(catalog: catalog)).compile(
      source, language: language, options: CompileOptions(now: now, since: since, parameters: parameters)
    ) { try connection.execute($0.text, PostgresBinding.postgresValues($0.parameters)).rows.map(\.values) }
    guard let compiled = compilation.statement, compilation.succeeded else {
      throw TranslationFailure(description: DiagnosticRenderer().render(compilation.diagnostics, in: source))
    }
    let statement = try ExternalDataResolver.resolve(compiled, on: connection, options: external)
    let result = try connection.execute(statement.text, PostgresBinding.postgresValues(statement.parameters))
    return (result.columns.map(\.name), result.rows.map(\.values))
  }

  /// The rows of the KQL `lets` + `print assignments` at the golden clock, as PostgreSQL text cells: one row, for
  /// the function suites that check values side by side.
  public static func printed(_ assignments: String, lets: String = "", on connection: Connection) throws -> [[String?]]
  {
    try run(lets + "print " + assignments, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }
}

/// Golden translation files: `<case>.kql` or `<case>.xql` beside `<case>.sql`, which holds the exact SQL and
/// one `-- $n type = value` line per bind (warnings first as `-- warning[CODE]: …`; for a query that must not
/// translate, its rendered diagnostics).
///
/// `SPOOR_UPDATE_GOLDENS=1` rewrites the files; otherwise a missing or
/// different golden fails.
public struct GoldenTranslations: Sendable {
  /// The fixed clock of every golden emission: 2026-01-01T00:00:00Z.
  public static let now: Int64 = 1_767_225_600_000_000

  /// The folder holding the cases.
  public var folder: URL
  /// The language of the cases.
  public var language: QueryLanguage

  /// Golden cases in `folder`, written in `language`.
  public init(folder: URL, language: QueryLanguage) {
    self.folder = folder
    self.language = language
  }

  /// The case names (file names without extension), sorted.
  public var caseNames: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let suffix = "." + language.rawValue
    return names.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
  }

  /// The query text of a case.
  public func query(_ name: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(name + "." + language.rawValue), encoding: .utf8)
  }

  /// Translates a case to golden text: warnings, then SQL and binds; or the rendered diagnostics.
  public func translate(_ name: String, text: String) -> String {
    let source = SourceText(name: name + "." + language.rawValue, text: text)
    let compilation = Compiler(catalog: .builtIn).compile(
      source, language: language, options: CompileOptions(now: Self.now))
    guard let statement = compilation.statement, compilation.succeeded else {
      return DiagnosticRenderer().render(compilation.diagnostics, in: source) + "\n"
    }
    let notes = compilation.diagnostics.map { "-- \($0.severity.rawValue)[\($0.code)]: \($0.message)\n" }.joined()
    var lines = [statement.text]
    for (index, value) in statement.parameters.enumerated() {
      lines.append("-- $\(index + 1) \(Self.describe(value))")
    }
    return notes + lines.joined(separator: "\n") + "\n"
  }

  /// Compares a case with its golden file (or rewrites it under `SPOOR_UPDATE_GOLDENS=1`); returns a failure message.
  public func check(_ name: String) throws -> String? {
    let actual = translate(name, text: try query(name))
    let goldenURL = folder.appendingPathComponent(name + ".sql")
    if ProcessInfo.processInfo.environment["SPOOR_UPDATE_GOLDENS"] == "1" {
      try actual.write(to: goldenURL, atomically: true, encoding: .utf8)
      return nil
    }
    guard let expected = try? String(contentsOf: goldenURL, encoding: .utf8) else {
      return "missing golden \(name).sql; run with SPOOR_UPDATE_GOLDENS=1 and review it. Actual:\n\(actual)"
    }
    return expected == actual ? nil : "\(name).sql differs. Expected:\n\(expected)\nActual:\n\(actual)"
  }

  /// A bind as a golden line shows it: as `--sql` does (``PostgresBinding/describe(_:)``), but instants and
  /// durations in microseconds, so the files are exact, and an external input in a shorter form.
  static func describe(_ value: Value) -> String {
    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    switch value {
    case .datetime(let microseconds): return "timestamptz = \(microseconds)us"
    case .timespan(let microseconds): return "interval = \(microseconds)us"
    case .external(let source):
      return "jsonb = external " + source.format.rawValue + (source.ignoreFirstRecord ? " ignoreFirstRecord" : "")
        + " " + source.addresses.map(quoted).joined(separator: ", ")
    case .null, .bool, .long, .real, .string, .dynamic, .stringList:
      return PostgresBinding.describe(value)
    }
  }
}
