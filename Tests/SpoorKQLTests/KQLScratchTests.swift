import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite struct KQLScratchTests {
  @Test func scratch() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_scratch"))
    for query in (try? String(contentsOfFile: "/tmp/kqlops-scratch.kql", encoding: .utf8))?.split(separator: "\n") ?? [] {
      let result = try TranslationHarness.run(String(query), language: .kql, now: 0, on: connection)
      print("SCRATCH", result.columns, result.rows)
    }
  }
}
