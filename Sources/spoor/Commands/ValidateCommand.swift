import ArgumentParser
import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPlan
import SpoorPostgres

/// `spoor validate PATH...`: translate every query file (and check its SQL with EXPLAIN when a database is reachable).
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Translate .kql, .xql and hunt files and report every failure.",
    discussion: """
      Directories are searched recursively. When a database is reachable each translation is also checked by
      PostgreSQL with EXPLAIN; --offline skips that and binds against the built-in catalog. Exits 0 only when all pass.
      """)

  enum Format: String, ExpressibleByArgument { case text, json }

  @Argument(help: "Files or directories.")
  var paths: [String]

  @OptionGroup var database: DatabaseOptions

  @Option(help: "Output: text, or json (one object per file).")
  var format: Format = .text

  @Flag(help: "Do not connect to a database: translate only, against the built-in catalog.")
  var offline = false

  func run() throws {
    let files = try QueryFiles.collect(paths)
    var connection: Connection?
    var catalog = Catalog.builtIn
    if !offline {
      do {
        let opened = try database.connect()
        catalog = try CatalogLoader.load(from: opened)
        connection = opened
      } catch {
        FileHandle.standardError.write(Data("spoor: no database reachable (\(error)); translating only\n".utf8))
      }
    }
    defer { connection?.close() }
    let compiler = Compiler(catalog: catalog)
    let now = WallClock.nowMicroseconds()

    var reports: [ValidationReport] = []
    for file in files {
      var report = ValidationReport(path: file.path, language: nil, ok: false, diagnostics: [], sql: nil)
      do {
        let query = try file.load()
        // With a database, a bag_unpack's keys are read from it, so the whole query is checked.
        let options = CompileOptions(now: now)
        let compilation =
          try connection.map { connection in
            try compiler.compile(query.source, language: query.language, options: options) {
              try QueryRunner.readKeys($0, on: connection)
            }
          } ?? compiler.compile(query.source, language: query.language, options: options)
        if let discovery = compilation.keyDiscovery {
          // Offline: the statement that would read the keys is what can be checked.
          report.sql = discovery.statement.text
          report.ok = true
        }
        report.language = compilation.language
        report.diagnostics = compilation.diagnostics.map { ValidationReport.Item($0, in: compilation.source) }
        report.rendered = DiagnosticRenderer().render(compilation.diagnostics, in: compilation.source)
        if let statement = compilation.statement, compilation.succeeded {
          report.sql = statement.text
          report.ok = true
          if let connection {
            do {
              _ = try QueryRunner.explain(statement, on: connection)
            } catch {
              report.ok = false
              report.diagnostics.append(
                ValidationReport.Item(code: "PG-EXPLAIN", message: "\(error)", line: 1, column: 1))
              report.rendered += "\(file.path): error[PG-EXPLAIN]: PostgreSQL rejected the translation: \(error)"
            }
          }
        }
      } catch {
        report.diagnostics = [ValidationReport.Item(code: "FILE", message: "\(error)", line: 1, column: 1)]
        report.rendered = "\(file.path): error[FILE]: \(error)"
      }
      reports.append(report)
    }

    let passed = reports.filter(\.ok).count
    switch format {
    case .text:
      for report in reports where !report.ok { print(report.rendered + "\n") }
      print("\(passed) passed, \(reports.count - passed) failed")
    case .json:
      print("[" + reports.map(\.json).joined(separator: ",\n") + "]")
    }
    if passed != reports.count { throw ExitCode(1) }
  }
}

/// The outcome of validating one file.
struct ValidationReport {
  /// One diagnostic, located.
  struct Item {
    var code: String
    var message: String
    var line: Int
    var column: Int

    init(code: String, message: String, line: Int, column: Int) {
      self.code = code
      self.message = message
      self.line = line
      self.column = column
    }

    init(_ diagnostic: Diagnostic, in source: SourceText) {
      let location = source.location(of: diagnostic.span.start)
      self.init(
        code: diagnostic.code.rawValue, message: diagnostic.message, line: location.line, column: location.column)
    }
  }

  var path: String
  var language: QueryLanguage?
  var ok: Bool
  var diagnostics: [Item]
  var sql: String?
  var rendered = ""

  var json: String {
    let items = diagnostics.map {
      "{\"code\":\(JSONText.quote($0.code)),\"message\":\(JSONText.quote($0.message)),\"line\":\($0.line),\"column\":\($0.column)}"
    }
    return "{\"path\":\(JSONText.quote(path)),\"language\":\(language.map { JSONText.quote($0.rawValue) } ?? "null"),"
      + "\"ok\":\(ok),\"diagnostics\":[\(items.joined(separator: ","))],\"sql\":\(sql.map(JSONText.quote) ?? "null")}"
  }
}
