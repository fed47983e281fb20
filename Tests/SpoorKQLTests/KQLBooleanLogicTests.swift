import SpoorPostgres
import SpoorTestSupport
import Testing

/// Kusto's two-valued `and`/`or` on real PostgreSQL.
///
/// Exact rows and values, derived by hand from `logical-operators.md` (`bool(null) and true` is false, `bool(null) or true` is true: a null operand reads as
/// false) and `null-values.md` (`==` with one null side is false, `!=` with one null side is true, both sides
/// null give null). `not(null)` stays null (the contract in `kql-semantics.md` §5).
@Suite("KQL two-valued logic", .serialized)
struct KQLBooleanLogicTests {
  static let fixture = #"""
    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "RemoteIP", "RemotePort") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', '10.1.2.3', 443),
    (2, '2026-01-01 00:02:00+00', 'd1', '192.168.1.1', NULL),
    (3, '2026-01-01 00:03:00+00', 'd2', 'fe80::1', 53),
    (4, '2026-01-01 00:04:00+00', 'd2', '8.8.8.8', 80);
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_boolean_logic"))
    try connection.executeScript(Self.fixture)
  }

  /// The rows of a query as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection).rows
  }

  /// The ReportIds of the network events where the predicate holds, ascending.
  func ids(_ predicate: String) throws -> [String?] {
    try rows("DeviceNetworkEvents | where " + predicate + " | sort by ReportId asc | project ReportId")
      .map { $0[0] }
  }

  @Test("an exclusion of ranges keeps the rows for which a range test is null (an IPv6 range or address)")
  func exclusionKeepsRowsWithNullRangeTests() throws {
    // 192.168.1.1: false or null → false, kept. fe80::1: null or null → false, kept.
    #expect(
      try ids(#"not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8") or ipv4_is_in_range(RemoteIP, "fe80::/10"))"#)
        == ["2", "3", "4"])
    #expect(
      try ids(#"not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8")) and RemotePort != 443"#) == ["2", "4"])
    // A null test alone under not stays null: not(null) is null, and where drops it.
    #expect(try ids(#"not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"))"#) == ["2", "4"])
  }

  @Test("and/or read null as false in values: bool(null) and true is false, bool(null) or true is true")
  func andOrValuesAreNeverNull() throws {
    #expect(
      try rows(
        "datatable(k:long, b:bool)[1, true, 2, false, 3, bool(null)] | extend x = b and true, y = b or false, z = not(b), w = not(b or false), v = b or true | sort by k asc | project k, x, y, z, w, v"
      ) == [
        ["1", "t", "t", "f", "f", "t"],
        ["2", "f", "f", "t", "t", "t"],
        ["3", "f", "f", nil, "t", "t"],
      ])
    #expect(try rows("print a = bool(null) and true, b = bool(null) or true") == [["f", "t"]])
  }

  @Test("== with one null side is false, so not(x == 1) keeps the null row; both sides null give null")
  func equalityWithNulls() throws {
    #expect(try ids("not(RemotePort == 443)") == ["2", "3", "4"])
    #expect(try ids("not(RemotePort in (443, 53))") == ["2", "4"])
    #expect(try ids("RemotePort == 443 or RemotePort == 80") == ["1", "4"])
    #expect(
      try rows(
        "datatable(k:long, a:long, b:long)[1, 1, 1, 2, 1, long(null), 3, long(null), long(null)] | extend eq = a == b, ne = a != b, neq = not(a == b) | sort by k asc | project k, eq, ne, neq"
      ) == [
        ["1", "t", "f", "f"],
        ["2", "f", "t", "t"],
        ["3", nil, nil, nil],
      ])
  }

  @Test("countif counts the rows where its condition is true; a null comparison inside not counts as false")
  func countifWithNullComparisons() throws {
    #expect(
      try rows("DeviceNetworkEvents | summarize n = countif(not(RemotePort == 443)), m = countif(RemotePort > 50)")
        == [["3", "3"]])
  }

  @Test("!in over a sub-query holding a null keeps the values that match nothing (unlike SQL's NOT IN)")
  func notInSubqueryWithNullRows() throws {
    #expect(
      try rows(
        "datatable(n:long)[1, 2] | where n !in ((datatable(m:long)[1, long(null)])) | project n") == [["2"]])
    #expect(
      try rows("datatable(n:long)[1, 2] | where not(n in ((datatable(m:long)[3, long(null)]))) | project n")
        == [["1"], ["2"]])
  }

  @Test("!in over a list holding a null: a null value equals no candidate, so !in keeps it, as over a sub-query")
  func notInListWithNullCandidate() throws {
    let table = "datatable(k:long, n:long)[1, 1, 2, 2, 3, long(null)]"
    #expect(try rows(table + " | where n !in (1, long(null)) | project k") == [["2"], ["3"]])
    #expect(try rows(table + " | where n in (1, long(null)) | project k") == [["1"]])
    #expect(try rows(table + " | where n !in (1, 5) | project k") == [["2"], ["3"]])
    #expect(
      try rows(
        table + " | extend a = n in (2, long(null)), b = n !in (2, long(null)) | sort by k asc | project k, a, b")
        == [["1", "f", "t"], ["2", "t", "f"], ["3", "f", "t"]])
  }
}
