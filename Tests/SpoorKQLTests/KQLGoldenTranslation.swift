import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPlan
import SpoorSQL

/// Renders KQL translations as golden text and compares them with `Fixtures/translation/<case>.sql`.
///
/// A golden file holds the exact SQL, then one `-- $n type = value` line per bind (or, for a query that must
/// not translate, its rendered diagnostics). `SPOOR_UPDATE_GOLDENS=1` rewrites the files; otherwise a missing
/// or different golden fails.
enum KQLGoldenTranslation {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/translation")

  /// The fixed clock of every golden emission: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  /// The case names (file names without `.kql`), sorted.
  static var caseNames: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".kql") }.map { String($0.dropLast(4)) }.sorted()
  }

  /// Translates a case to golden text: notes, then SQL and binds, or the rendered diagnostics.
  static func translate(_ name: String, text: String) -> String {
    let source = SourceText(name: name + ".kql", text: text)
    let bound = KQLTranslator.bind(source, catalog: .builtIn)
    let rendered = DiagnosticRenderer().render(bound.diagnostics, in: source)
    guard let plan = bound.plan else { return rendered + "\n" }
    let emitted = PostgresEmitter(options: EmitOptions(now: now)).emit(plan)
    guard let statement = emitted.statement else {
      return DiagnosticRenderer().render(emitted.diagnostics, in: source) + "\n"
    }
    let notes = bound.diagnostics.map { "-- \($0.severity.rawValue)[\($0.code)]: \($0.message)\n" }
      .joined()
    return notes + render(statement)
  }

  /// The SQL, then one comment line per bind parameter.
  static func render(_ statement: SQLStatement) -> String {
    var lines = [statement.text]
    for (index, value) in statement.parameters.enumerated() {
      lines.append("-- $\(index + 1) \(describe(value))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func describe(_ value: Value) -> String {
    func quoted(_ text: String) -> String {
      "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
    switch value {
    case .null(let type): return "\(type.postgresType) = NULL"
    case .bool(let flag): return "boolean = \(flag)"
    case .long(let number): return "bigint = \(number)"
    case .real(let number): return "double precision = \(number)"
    case .string(let text): return "text = \(quoted(text))"
    case .datetime(let microseconds): return "timestamptz = \(microseconds)us"
    case .timespan(let microseconds): return "interval = \(microseconds)us"
    case .dynamic(let json): return "jsonb = \(quoted(json))"
    case .stringList(let items):
      return "text[] = {" + items.map(quoted).joined(separator: ", ") + "}"
    }
  }

  /// Compares a case with its golden file (or rewrites it under `SPOOR_UPDATE_GOLDENS=1`); returns a failure message.
  static func check(_ name: String) throws -> String? {
    let text = try String(contentsOf: folder.appendingPathComponent(name + ".kql"), encoding: .utf8)
    let actual = translate(name, text: text)
    let goldenURL = folder.appendingPathComponent(name + ".sql")
    if ProcessInfo.processInfo.environment["SPOOR_UPDATE_GOLDENS"] == "1" {
      try actual.write(to: goldenURL, atomically: true, encoding: .utf8)
      return nil
    }
    guard let expected = try? String(contentsOf: goldenURL, encoding: .utf8) else {
      return
        "missing golden \(name).sql; run with SPOOR_UPDATE_GOLDENS=1 and review it. Actual:\n\(actual)"
    }
    return expected == actual
      ? nil : "\(name).sql differs. Expected:\n\(expected)\nActual:\n\(actual)"
  }
}
