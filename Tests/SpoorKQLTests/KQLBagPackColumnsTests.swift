import SpoorPostgres
import SpoorTestSupport
import Testing

/// bag_pack_columns on real PostgreSQL: the documented example, columns of other types and a computed column, and
/// an argument that is not a column refused.
@Suite("KQL bag_pack_columns", .serialized)
struct KQLBagPackColumnsTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_bag_pack_columns"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection)
  }

  @Test("the documented example")
  func documentedExample() throws {
    let result = try run(
      """
      datatable(Id: string, Value: string, Other: long)
      [
        "A", "val_a", 1,
        "B", "val_b", 2,
        "C", "val_c", 3
      ]
      | extend Packed = bag_pack_columns(Id, Value)
      | sort by Id asc
      """)
    #expect(result.columns == ["Id", "Value", "Other", "Packed"])
    #expect(
      result.rows == [
        ["A", "val_a", "1", #"{"Id": "A", "Value": "val_a"}"#],
        ["B", "val_b", "2", #"{"Id": "B", "Value": "val_b"}"#],
        ["C", "val_c", "3", #"{"Id": "C", "Value": "val_c"}"#],
      ])
  }

  @Test("numbers, booleans, a column extended before, and the same values bag_pack gives")
  func otherTypes() throws {
    let result = try run(
      """
      datatable(n: long, r: real, b: bool) [7, 2.5, true]
      | extend s = strcat("x", n)
      | project p = bag_pack_columns(n, r, b, s), q = bag_pack("n", n, "r", r, "b", b, "s", s)
      """)
    #expect(
      result.rows == [[#"{"b": true, "n": 7, "r": 2.5, "s": "x7"}"#, #"{"b": true, "n": 7, "r": 2.5, "s": "x7"}"#]])
  }

  @Test("an argument that is not a column is refused")
  func notAColumn() {
    #expect(
      TranslationHarness.failure("print a = 1 | extend p = bag_pack_columns(a, 2)", language: .kql)
        .contains("each argument of bag_pack_columns must be a column"))
  }
}
