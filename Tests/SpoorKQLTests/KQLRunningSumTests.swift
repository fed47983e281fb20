import SpoorPostgres
import SpoorTestSupport
import Testing

/// `row_cumsum` run on PostgreSQL over inline rows; the expected rows are Kusto's documented examples and sums
/// worked out by hand from its rules (the sum restarts at 0 where the condition holds; a null term adds nothing).
@Suite("KQL row_cumsum", .serialized)
struct KQLRunningSumTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_row_cumsum"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  @Test("Kusto's first example: the running sum of the even numbers")
  func evenNumbers() throws {
    let result = try run(
      """
      datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      | where a % 2 == 0
      | order by a asc
      | serialize cs = row_cumsum(a)
      """)
    #expect(result.columns == ["a", "cs"])
    #expect(result.rows == [["2", "2"], ["4", "6"], ["6", "12"], ["8", "20"], ["10", "30"]])
  }

  @Test("Kusto's second example: the sum restarts where the name changes")
  func restartPerName() throws {
    let result = try run(
      """
      datatable (name:string, month:int, salary:long)
      [
        "Alice", 1, 1000,
        "Bob", 1, 1000,
        "Alice", 2, 2000,
        "Bob", 2, 1950,
        "Alice", 3, 1400,
        "Bob", 3, 1450,
      ]
      | order by name asc, month asc
      | extend total = row_cumsum(salary, name != prev(name))
      """)
    #expect(result.columns == ["name", "month", "salary", "total"])
    #expect(
      result.rows == [
        ["Alice", "1", "1000", "1000"], ["Alice", "2", "2000", "3000"], ["Alice", "3", "1400", "4400"],
        ["Bob", "1", "1000", "1000"], ["Bob", "2", "1950", "2950"], ["Bob", "3", "1450", "4400"],
      ])
  }

  @Test("a null term adds nothing, a null condition does not restart, reals stay reals")
  func nullsAndReals() throws {
    let result = try run(
      """
      datatable (i:int, x:long, r:real, reset:bool)
      [1, long(null), 0.5, false, 2, 3, 1.25, bool(null), 3, 4, 2.0, true, 4, long(null), 0.25, false]
      | sort by i asc
      | extend xs = row_cumsum(x, reset), rs = row_cumsum(r)
      | project i, xs, rs
      """)
    #expect(
      result.rows == [["1", "0", "0.5"], ["2", "3", "1.75"], ["3", "4", "3.75"], ["4", "4", "4"]])
  }

  @Test("two running sums and row_number in one extend, then filtered")
  func besideOtherWindows() throws {
    let result = try run(
      """
      range i from 1 to 6 step 1
      | extend n = row_number(), s = row_cumsum(i, i % 3 == 1), t = row_cumsum(i * 2)
      | where s > 2
      """)
    #expect(result.columns == ["i", "n", "s", "t"])
    #expect(
      result.rows == [
        ["2", "2", "3", "6"], ["3", "3", "6", "12"], ["4", "4", "4", "20"], ["5", "5", "9", "30"],
        ["6", "6", "15", "42"],
      ])
  }

  @Test("row_number with a start beside row_cumsum: only the assigned columns are added")
  func besideNumberingFromStart() throws {
    let result = try run("range i from 1 to 3 step 1 | extend n = row_number(10), s = row_cumsum(i)")
    #expect(result.columns == ["i", "n", "s"])
    #expect(result.rows == [["1", "10", "1"], ["2", "11", "3"], ["3", "12", "6"]])
  }

  @Test("a term that is not a number, a restart that is not a bool, and a nested row_cumsum are refused")
  func refusals() {
    let base = "datatable (s:string, n:long) ['a', 1] | serialize "
    let text = TranslationHarness.diagnostics(base + "x = row_cumsum(s)", language: .kql)
    #expect(text.map(\.code.rawValue) == ["BIND-005"])
    let restart = TranslationHarness.diagnostics(base + "x = row_cumsum(n, n)", language: .kql)
    #expect(restart.map(\.code.rawValue) == ["BIND-005"])
    let nested = TranslationHarness.diagnostics(base + "x = row_cumsum(n, row_cumsum(n) > 1)", language: .kql)
    #expect(nested.map(\.code.rawValue) == ["KQL-U001"])
    #expect(nested.first?.message.contains("row_cumsum inside") == true)
    let outside = TranslationHarness.diagnostics(
      "datatable (n:long) [1] | where row_cumsum(n) > 1", language: .kql)
    #expect(outside.map(\.code.rawValue) == ["KQL-U001"])
  }
}
