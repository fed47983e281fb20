import SpoorPostgres
import SpoorTestSupport
import Testing

/// `partition by Column (subquery)` run on PostgreSQL over inline rows; every expected row is worked out by hand
/// from Kusto's documentation: the subquery runs on each subtable of rows sharing the key, and the output is the
/// union of the results (in no defined order, so each query sorts it).
@Suite("KQL partition", .serialized)
struct KQLPartitionTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  /// Transfers by host: `a` has four rows, `b` two, `c` one and a null host two.
  static let transfers = """
    datatable(Host:string, User:string, Bytes:long, T:long)[
      'a', 'u1', 10, 1, 'a', 'u2', 30, 2, 'a', 'u1', 20, 3, 'a', 'u3', 5, 4,
      'b', 'u1', 7, 1, 'b', 'u4', 70, 2,
      'c', 'u5', 1, 1,
      string(null), 'u6', 3, 1, string(null), 'u7', 4, 2]
    """

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_partition"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  /// The codes of a query's diagnostics.
  func codes(_ kql: String) -> [String] {
    TranslationHarness.diagnostics(kql, language: .kql).map(\.code.rawValue)
  }

  @Test("Kusto's example shape: top N by a column in each partition, a null key being a partition")
  func topPerPartition() throws {
    let result = try run(
      Self.transfers
        + " | partition hint.strategy=native by Host (top 2 by Bytes) | project Host, Bytes | order by Host asc, Bytes desc"
    )
    #expect(result.columns == ["Host", "Bytes"])
    #expect(
      result.rows == [
        [nil, "4"], [nil, "3"], ["a", "30"], ["a", "20"], ["b", "70"], ["b", "7"], ["c", "1"],
      ])
  }

  @Test("order by then take: the first rows of each subtable in that order; where and extend before them")
  func orderedTake() throws {
    let first = try run(
      Self.transfers + " | partition by Host (order by T asc | take 1) | project Host, T | order by Host asc")
    #expect(first.rows == [[nil, "1"], ["a", "1"], ["b", "1"], ["c", "1"]])
    let filtered = try run(
      Self.transfers
        + " | partition by Host (where Bytes > 5 | extend Double = Bytes * 2 | sort by T desc | limit 2)"
        + " | project Host, T, Double | order by Host asc, T asc")
    #expect(filtered.rows == [["a", "2", "60"], ["a", "3", "40"], ["b", "1", "14"], ["b", "2", "140"]])
  }

  @Test("summarize without by gives one row per subtable, without the key unless the subquery keeps it")
  func summarizePerPartition() throws {
    let result = try run(
      Self.transfers
        + " | partition by Host (summarize Total = sum(Bytes), Users = dcount(User)) | order by Total asc")
    #expect(result.columns == ["Total", "Users"])
    #expect(result.rows == [["1", "1"], ["7", "2"], ["65", "3"], ["77", "2"]])
    let keyed = try run(
      Self.transfers
        + " | partition by Host (summarize n = count() by User | top 1 by n) | where n > 1 | project User, n")
    #expect(keyed.rows == [["u1", "2"]])
  }

  @Test("a project that drops the key still leaves the next operators per partition")
  func projectThenTop() throws {
    let result = try run(
      Self.transfers + " | partition by Host (project User, Bytes | top 1 by Bytes) | order by Bytes asc")
    #expect(result.columns == ["User", "Bytes"])
    #expect(result.rows == [["u5", "1"], ["u7", "4"], ["u2", "30"], ["u4", "70"]])
  }

  @Test("distinct then count, sample and sample-distinct per subtable")
  func distinctCountAndSample() throws {
    let counts = try run(Self.transfers + " | partition by Host (distinct User | count) | order by Count asc")
    #expect(counts.columns == ["Count"])
    #expect(counts.rows == [["1"], ["2"], ["2"], ["3"]])
    let sampled = try run(Self.transfers + " | partition by Host (sample 1) | project Host")
    #expect(sampled.rows.count == 4)
    #expect(Set(sampled.rows) == [["a"], ["b"], ["c"], [nil]])
    let users = try run(Self.transfers + " | partition by Host (sample-distinct 1 of User) | project User")
    #expect(users.rows.count == 4)
    #expect(Set(users.rows).isSubset(of: [["u1"], ["u2"], ["u3"], ["u4"], ["u5"], ["u6"], ["u7"]]))
  }

  @Test("hints are accepted with a note; other subquery shapes are refused with the reason")
  func hintsAndRefusals() {
    let hinted = TranslationHarness.diagnostics(
      Self.transfers + " | partition hint.strategy=shuffle hint.shufflekey=Host by Host (take 1)", language: .kql)
    #expect(hinted.map(\.code.rawValue) == ["KQL-N004", "KQL-N004"])
    #expect(hinted.allSatisfy { $0.severity == .note })
    #expect(
      codes(Self.transfers + " | partition by Host (join (datatable(User:string)['u1']) on User)") == ["KQL-U001"])
    #expect(codes(Self.transfers + " | partition by Host (order by T asc | extend n = row_number())") == ["KQL-U001"])
    #expect(codes(Self.transfers + " | partition by Host (partition by User (take 1))") == ["KQL-U001"])
    let legacy = TranslationHarness.diagnostics(
      Self.transfers + " | partition by Host { datatable(x:long)[1] | extend h = toscalar(Host) }", language: .kql)
    #expect(legacy.map(\.code.rawValue) == ["KQL-U001"])
    #expect(legacy.first?.message.contains("its own source") == true)
    let emptied = TranslationHarness.diagnostics(
      Self.transfers + " | partition by Host (where Bytes > 50 | summarize max(Bytes))", language: .kql)
    #expect(emptied.map(\.code.rawValue) == ["KQL-U001"])
    #expect(emptied.first?.message.contains("summarize without 'by'") == true)
    #expect(codes(Self.transfers + " | partition by Hots (take 1)") == ["BIND-001"])
  }
}
