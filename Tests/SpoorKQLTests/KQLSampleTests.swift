import SpoorPostgres
import SpoorTestSupport
import Testing

/// `sample` and `sample-distinct` run on PostgreSQL over inline rows.
///
/// Which rows (values) come back is random (for `sample-distinct`, not defined by Kusto), so the tests check how
/// many come back and that each is one of the input's.
@Suite("KQL sample", .serialized)
struct KQLSampleTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  /// Ten rows with unique ids; the groups `a` (5 rows), `b` (3), `c` (1) and null (1).
  static let events = """
    datatable(Id:long, Group:string)[
      1, 'a', 2, 'a', 3, 'b', 4, 'a', 5, 'c', 6, 'b', 7, 'a', 8, 'b', 9, 'a', 10, string(null)]
    """

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_sample"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  /// The input's rows as text cells.
  func inputRows() throws -> Set<[String?]> {
    Set(try run(Self.events).rows)
  }

  @Test("sample N gives N distinct input rows with every column")
  func sampleRows() throws {
    let all = try inputRows()
    for _ in 0..<3 {
      let result = try run(Self.events + " | sample 4")
      #expect(result.columns == ["Id", "Group"])
      #expect(result.rows.count == 4)
      #expect(Set(result.rows).count == 4)
      #expect(Set(result.rows).isSubset(of: all))
    }
  }

  @Test("sample over fewer rows than N gives them all; sample 0 gives none; a filter comes first")
  func sampleBounds() throws {
    #expect(Set(try run(Self.events + " | sample 50").rows) == (try inputRows()))
    #expect(try run(Self.events + " | sample 0").rows.isEmpty)
    let filtered = try run(Self.events + " | where Group == 'b' | sample 2 | project Id")
    #expect(filtered.rows.count == 2)
    #expect(Set(filtered.rows).isSubset(of: [["3"], ["6"], ["8"]]))
  }

  @Test("sample inside mv-apply picks within each row's elements")
  func sampleInApply() throws {
    let result = try run(
      """
      datatable(Key:string, Values:dynamic)['x', dynamic([1, 2, 3]), 'y', dynamic([4])]
      | mv-apply v = Values to typeof(long) on (sample 1)
      | project Key, v
      """)
    #expect(result.rows.count == 2)
    #expect(result.rows.contains(["y", "4"]))
    #expect(result.rows.contains { $0.first == "x" && ["1", "2", "3"].contains($0.last ?? nil) })
  }

  @Test("row_number and prev after sample agree: both follow the sampled rows' one order")
  func serializedAfterSample() throws {
    let result = try run(
      "range i from 1 to 20 step 1 | sample 5 | serialize n = row_number(), p = prev(i) | project i, n, p")
    #expect(result.rows.count == 5)
    let byNumber = Dictionary(uniqueKeysWithValues: result.rows.map { ($0[1] ?? "", $0) })
    #expect(Set(byNumber.keys) == ["1", "2", "3", "4", "5"])
    #expect(byNumber["1"]?[2] == nil)
    for number in 2...5 {
      #expect(byNumber[String(number)]?[2] == byNumber[String(number - 1)]?[0])
    }
  }

  @Test("sample-distinct N of Column gives up to N distinct values of the column, null being one")
  func sampleDistinctValues() throws {
    let two = try run(Self.events + " | sample-distinct 2 of Group")
    #expect(two.columns == ["Group"])
    #expect(two.rows.count == 2)
    #expect(Set(two.rows).count == 2)
    #expect(Set(two.rows).isSubset(of: [["a"], ["b"], ["c"], [nil]]))
    let all = try run(Self.events + " | sample-distinct 10 of Group")
    #expect(Set(all.rows) == [["a"], ["b"], ["c"], [nil]])
    #expect(all.rows.count == 4)
  }

  @Test("a count that is not a constant, and sample-distinct without 'of', are diagnosed")
  func refusals() {
    // The count is read without the input's columns, as take's is: a column is an unknown name there.
    let column = TranslationHarness.diagnostics(Self.events + " | sample Id", language: .kql)
    #expect(column.map(\.code.rawValue) == ["BIND-001"])
    let real = TranslationHarness.diagnostics(Self.events + " | sample 1.5", language: .kql)
    #expect(real.map(\.code.rawValue) == ["BIND-007"])
    let negative = TranslationHarness.diagnostics(Self.events + " | sample -1", language: .kql)
    #expect(negative.map(\.code.rawValue) == ["BIND-007"])
    let withoutOf = TranslationHarness.diagnostics(Self.events + " | sample-distinct 2 Group", language: .kql)
    #expect(withoutOf.first?.code.rawValue.hasPrefix("KQL-P") == true)
    let unknown = TranslationHarness.diagnostics(Self.events + " | sample-distinct 2 of Grp", language: .kql)
    #expect(unknown.map(\.code.rawValue) == ["BIND-001"])
  }
}
