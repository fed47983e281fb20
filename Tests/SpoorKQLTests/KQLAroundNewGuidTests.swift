import SpoorPostgres
import SpoorTestSupport
import Testing

/// around() and new_guid() on real PostgreSQL: around's documented example and its range read as documented, and
/// new_guid's form and freshness.
@Suite("KQL around and new_guid", .serialized)
struct KQLAroundNewGuidTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_around_new_guid"))
  }

  /// The rows of a query as PostgreSQL's text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }

  @Test("around: the documented example, numbers, timespans, an empty range for a negative delta, and nulls")
  func around() throws {
    #expect(
      try rows(
        """
        range dt from datetime(2021-01-01 01:00) to datetime(2021-01-01 02:00) step 1min
        | where around(dt, datetime(2021-01-01 01:30), 1min)
        | project t = format_datetime(dt, 'HH:mm')
        """) == [["01:29"], ["01:30"], ["01:31"]])
    #expect(
      try rows(
        "print a = around(10, 12, 2), b = around(9.5, 12, 2), c = around(14, 12, 2.0), d = around(12, 12, -2), "
          + "e = around(2h, 1h, 1h), f = around(130m, 2h, 5m), g = around(int(null), 1, 1), "
          + "h = around(1, 1, long(null)), i = around(1, real(null), 1)")
        == [["t", "f", "t", "f", "t", "f", nil, nil, nil]])
  }

  @Test("around refuses mixed kinds of values")
  func aroundTypes() {
    #expect(
      TranslationHarness.failure("print around(now(), 1, 1)", language: .kql).contains("around takes numbers"))
    #expect(
      TranslationHarness.failure("print around(now(), now(), 1)", language: .kql).contains("around takes numbers"))
  }

  @Test("new_guid: a version 4 GUID as lower-case text, typed guid, a new one on every row")
  func newGuid() throws {
    #expect(
      try rows(
        #"print g = new_guid() | project t = gettype(g), ok = tostring(g) matches regex "#
          + #""^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$""#)
        == [["guid", "t"]])
    #expect(
      try rows("range i from 1 to 100 step 1 | extend g = new_guid() | summarize n = count_distinct(g)")
        == [["100"]])
  }
}
