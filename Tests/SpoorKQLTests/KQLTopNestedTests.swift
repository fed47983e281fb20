import SpoorPostgres
import SpoorTestSupport
import Testing

/// `top-nested` run on PostgreSQL over inline rows; every expected row is derived by hand from Kusto's
/// documentation of the operator (two columns per level, the value and `aggregated_<value>`, each level ranked
/// within the values its parent levels kept).
@Suite("KQL top-nested", .serialized)
struct KQLTopNestedTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  /// Sales by region and seller; `south` has only a null amount.
  static let sales = """
    datatable(Region:string, Seller:string, Amount:long)[
      'east', 'ann', 10, 'east', 'bob', 5, 'east', 'cid', 7, 'east', 'ann', 4,
      'west', 'dan', 20, 'west', 'eve', 1,
      'north', 'fay', 3, 'north', 'gus', 2,
      'south', 'hal', long(null)]
    """

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_top_nested"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  @Test("two levels: the top regions, then the top seller within each")
  func twoLevels() throws {
    let result = try run(
      Self.sales + " | top-nested 2 of Region by sum(Amount), top-nested 1 of Seller by sum(Amount)")
    #expect(result.columns == ["Region", "aggregated_Region", "Seller", "aggregated_Seller"])
    // Sums: east 26, west 21, north 5, south null (last). In east: ann 14, cid 7, bob 5; in west: dan 20, eve 1.
    #expect(result.rows == [["east", "26", "ann", "14"], ["west", "21", "dan", "20"]])
  }

  @Test("without N every value is kept; asc ranks the smallest first; an aggregate can be named")
  func allValuesAscending() throws {
    let result = try run(Self.sales + " | top-nested of Region by Total = count() asc")
    #expect(result.columns == ["Region", "Total"])
    #expect(result.rows == [["south", "1"], ["north", "2"], ["west", "2"], ["east", "4"]])
  }

  @Test("a named computed value, and a second level cut to two within the one region kept")
  func namedValue() throws {
    let result = try run(
      Self.sales
        + " | top-nested 1 of R = toupper(Region) by sum(Amount), top-nested 2 of Seller by max(Amount)")
    #expect(result.columns == ["R", "aggregated_R", "Seller", "aggregated_Seller"])
    #expect(result.rows == [["EAST", "26", "ann", "10"], ["EAST", "26", "cid", "7"]])
  }

  @Test("a null value is a group of its own, and its children stay under it")
  func nullValues() throws {
    let result = try run(
      """
      datatable(Bucket:long, Seller:string)[long(null), 'x', long(null), 'x', long(null), 'y', 1, 'z']
      | top-nested 2 of Bucket by count(), top-nested 1 of Seller by count()
      """)
    #expect(result.columns == ["Bucket", "aggregated_Bucket", "Seller", "aggregated_Seller"])
    #expect(result.rows == [[nil, "3", "x", "2"], ["1", "1", "z", "1"]])
  }

  @Test("'with others' is refused at its value, with the reason")
  func withOthers() {
    let diagnostics = TranslationHarness.diagnostics(
      Self.sales + " | top-nested 2 of Region with others = 'rest' by sum(Amount)", language: .kql)
    #expect(diagnostics.map(\.code.rawValue) == ["KQL-U001"])
    #expect(diagnostics.first?.message.contains("with others") == true)
  }
}
