import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorSQL
import Testing

@Suite("PostgresEmitter golden SQL")
struct PostgresEmitterTests {
  @Test("emits the exact SQL and binds", arguments: GoldenCase.all)
  func golden(_ golden: GoldenCase) throws {
    let result = PlanFixtures.emit(golden.relation)
    #expect(result.diagnostics.isEmpty)
    let statement = try #require(result.statement)
    #expect(statement.text == golden.sql)
    #expect(statement.parameters == golden.parameters)
    #expect(statement.columns == golden.relation.columns)
  }
}
