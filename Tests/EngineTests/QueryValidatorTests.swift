import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The validator's typed reports: located diagnostics with the front ends' codes, and PostgreSQL's check.
@Suite struct QueryValidatorTests {
  static func file(_ name: String, _ text: String) throws -> QueryFile {
    let path = NSTemporaryDirectory() + "spoor-validator-\(UUID().uuidString)-\(name)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return QueryFile(path: path)
  }

  @Test func aBindErrorIsLocatedWithItsCodeSpanAndHint() throws {
    let file = try Self.file("bad.kql", "DeviceProcessEvents\n| where FolderPth contains 'x'")
    defer { try? FileManager.default.removeItem(atPath: file.path) }
    let report = QueryValidator(catalog: .builtIn).validate(file)
    #expect(!report.ok)
    #expect(report.language == .kql)
    #expect(report.sql == nil)
    let diagnostic = try #require(report.diagnostics.first)
    #expect(diagnostic.code == "BIND-001")
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.category == .semantic)
    #expect(diagnostic.line == 2 && diagnostic.column == 9)
    #expect(diagnostic.endLine == 2 && diagnostic.endColumn == 18)
    #expect(diagnostic.startOffset == 28 && diagnostic.endOffset == 37)
    #expect(diagnostic.hint?.contains("FolderPath") == true)
    #expect(report.rendered.contains("error[BIND-001]"))

    // The JSON form is the Codable encoding of the same values.
    let decoded = try JSONDecoder().decode(ValidationReport.self, from: try JSONEncoder().encode(report))
    #expect(decoded.diagnostics == report.diagnostics)
  }

  @Test func anUnreadableFileHasTheEngineCode() {
    let report = QueryValidator(catalog: .builtIn).validate(QueryFile(path: "/nonexistent/x.kql"))
    #expect(!report.ok)
    #expect(report.diagnostics.map(\.code) == ["FILE-001"])
  }

  @Test func postgresChecksTheTranslationWithExplain() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "validator_explain"))
    defer { connection.close() }
    let good = try Self.file("good.kql", "DeviceProcessEvents | where FileName =~ 'calc.exe'")
    defer { try? FileManager.default.removeItem(atPath: good.path) }
    let validator = QueryValidator(catalog: try CatalogLoader.load(from: connection), connection: connection)
    let report = validator.validate(good)
    #expect(report.ok, "\(report.rendered)")
    #expect(report.sql?.contains("DeviceProcessEvents") == true)

    // A catalog that names a table the database lacks: every stage accepts it, PostgreSQL does not.
    let catalog = Catalog(
      tables: Array(Catalog.builtIn.tables.values) + [
        Table(name: "Ghost", columns: [Column(name: "Timestamp", type: .datetime)])
      ])
    let ghost = try Self.file("ghost.kql", "Ghost | take 1")
    defer { try? FileManager.default.removeItem(atPath: ghost.path) }
    let rejected = QueryValidator(catalog: catalog, connection: connection).validate(ghost)
    #expect(!rejected.ok)
    #expect(rejected.diagnostics.map(\.code) == ["PG-001"])
    #expect(rejected.diagnostics.first?.notes.contains("SQLSTATE 42P01") == true)
  }
}
