import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres
import Testing

/// Runs a KQL hunt the way `spoor query` does: the engine's ``Compiler`` with a fixed clock, then PostgreSQL.
struct HuntRunner {
  /// The clock every hunt is compiled with: 2026-03-01 12:00:00Z, so `ago(4h)` is 08:00 that day.
  static let now: Int64 = HuntFixture.march1 + 12 * 3_600_000_000

  /// One hunt's output: column names and rows as PostgreSQL text cells (nil for SQL NULL).
  struct Output {
    var columns: [String]
    var rows: [[String?]]
  }

  let connection: Connection

  /// Connects to a database holding ``HuntFixture``.
  init(configuration: ConnectionConfiguration) throws {
    connection = try Connection(configuration: configuration)
  }

  /// Compiles and runs a hunt; records the diagnostics as an issue (and returns no rows) when it does not compile.
  func run(_ kql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
    let source = SourceText(name: "hunt.kql", text: kql)
    let compilation = Compiler(catalog: .builtIn).compile(
      source, language: .kql, options: CompileOptions(now: Self.now))
    guard compilation.succeeded, let statement = compilation.statement else {
      Issue.record(
        Comment(
          rawValue: "hunt does not compile:\n" + DiagnosticRenderer().render(compilation.diagnostics, in: source)),
        sourceLocation: sourceLocation)
      return Output(columns: [], rows: [])
    }
    let result = try connection.execute(statement.text, PostgresBinding.postgresValues(statement.parameters))
    return Output(columns: result.columns.map(\.name), rows: result.rows.map(\.values))
  }

  /// Rows as a multiset, for hunts whose output order Kusto leaves unspecified.
  static func unordered(_ rows: [[String?]]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for row in rows {
      let key = row.map { $0.map { "'" + $0 + "'" } ?? "null" }.joined(separator: " | ")
      counts[key, default: 0] += 1
    }
    return counts
  }

  /// The elements of a JSON array cell (`make_set`/`make_list` output) as text — strings as they are, numbers in
  /// their JSON spelling — or nil when the cell is not an array of strings and numbers.
  static func strings(_ cell: String?) -> [String]? {
    guard let data = cell?.data(using: .utf8),
      let array = try? JSONSerialization.jsonObject(with: data) as? [Any]
    else { return nil }
    let items = array.compactMap { item -> String? in
      if let text = item as? String { return text }
      return (item as? NSNumber)?.stringValue
    }
    return items.count == array.count ? items : nil
  }

  /// The elements of a JSON array cell as a set, for `make_set` whose element order Kusto does not define.
  static func set(_ cell: String?) -> Set<String>? {
    strings(cell).map(Set.init)
  }
}
