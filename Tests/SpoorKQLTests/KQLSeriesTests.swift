import SpoorPostgres
import SpoorTestSupport
import Testing

/// `make-series` and the series functions, run on real PostgreSQL with exact rows (Kusto's documented results).
@Suite("KQL make-series", .serialized)
struct KQLSeriesTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_series"))
  }

  /// The rows of a query as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection).rows
  }

  /// The rendered diagnostics of a query that must not translate.
  func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  /// The data of Kusto's make-series example.
  static let metrics = """
    let data = datatable(timestamp:datetime, metric:real)[
      datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3,
      datetime(2017-01-03), 4, datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8,
      datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4, datetime(2017-01-07), 3,
      datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
      datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5];
    """

  @Test("Kusto's documented example: one row, the averages and the bins, rows outside the range left out")
  func documentedExample() throws {
    let result = try TranslationHarness.run(
      Self.metrics
        + " data | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-10) step 1d",
      language: .kql, now: 0, on: connection)
    #expect(result.columns == ["avg_metric", "timestamp"])
    #expect(
      result.rows == [
        [
          "[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5]",
          #"["2017-01-01T00:00:00Z", "2017-01-02T00:00:00Z", "2017-01-03T00:00:00Z", "2017-01-04T00:00:00Z", "2017-01-05T00:00:00Z", "2017-01-06T00:00:00Z", "2017-01-07T00:00:00Z", "2017-01-08T00:00:00Z", "2017-01-09T00:00:00Z"]"#,
        ]
      ])
  }

  @Test("empty input gives no row, or one row of defaults with kind=nonempty")
  func emptyInput() throws {
    let series =
      " avg(metric) default=1.0 on timestamp from datetime(2017-01-01) to datetime(2017-01-04) step 1d"
    #expect(try rows(Self.metrics + " data | take 0 | make-series" + series + " | count") == [["0"]])
    #expect(
      try rows(Self.metrics + " data | take 0 | make-series kind=nonempty" + series + " | project avg_metric")
        == [["[1, 1, 1]"]])
  }

  @Test("by groups, several aggregates, defaults, bins aligned to 'from' and a partial last bin")
  func groupsAndDefaults() throws {
    let table =
      "datatable(t:datetime, host:string, n:long)[datetime(2017-01-01T01:00), 'a', 4, datetime(2017-01-03T03:00), 'a', 6, datetime(2017-01-02T13:00), 'b', 1, datetime(2017-01-02T20:00), 'b', 2, datetime(2017-01-05), 'c', 9]"
    let result = try TranslationHarness.run(
      table
        + " | make-series total = sum(n) default = -1, count(), mx = max(n) default = double(null) on t from datetime(2017-01-01T12:00) to datetime(2017-01-03T13:00) step 1d by host | sort by host asc",
      language: .kql, now: 0, on: connection)
    #expect(result.columns == ["host", "total", "count_", "mx", "t"])
    #expect(
      result.rows == [
        [
          "a", "[-1, 6, -1]", "[0, 1, 0]", "[null, 6, null]",
          #"["2017-01-01T12:00:00Z", "2017-01-02T12:00:00Z", "2017-01-03T12:00:00Z"]"#,
        ],
        [
          "b", "[-1, 3, -1]", "[0, 2, 0]", "[null, 2, null]",
          #"["2017-01-01T12:00:00Z", "2017-01-02T12:00:00Z", "2017-01-03T12:00:00Z"]"#,
        ],
      ])
  }

  @Test("a numeric axis, and mv-expand of the arrays back into rows")
  func numericAxisAndExpand() throws {
    #expect(
      try rows(
        "datatable(x:long, v:long)[0, 1, 3, 5, 4, 7, 9, 100] | make-series s = sum(v) on x from 0 to 10 step 3 | project s, x"
      ) == [["[1, 12, 0, 100]", "[0, 3, 6, 9]"]])
    #expect(
      try rows(
        Self.metrics
          + " data | make-series n = count() on timestamp from datetime(2017-01-08) to datetime(2017-01-11) step 1d | mv-expand n to typeof(long), timestamp to typeof(datetime) | project timestamp, n"
      ) == [
        ["2017-01-08 00:00:00+00", "2"], ["2017-01-09 00:00:00+00", "2"], ["2017-01-10 00:00:00+00", "1"],
      ])
  }

  @Test("in range(start, stop, step): bins by bin(), from bin(start) through bin(stop), stop included")
  func inRange() throws {
    // Kusto's alternate syntax: stop is inclusive and the axis is binned with bin(), so a start inside a bin
    // gives that bin's start, and the row at 2017-01-10T05:00 lands in the stop's bin.
    let result = try TranslationHarness.run(
      Self.metrics
        + " data | make-series n = count() on timestamp in range(datetime(2017-01-08T12:00), datetime(2017-01-10T01:00), 1d)",
      language: .kql, now: 0, on: connection)
    #expect(result.columns == ["n", "timestamp"])
    #expect(
      result.rows == [
        [
          "[2, 2, 1]",
          #"["2017-01-08T00:00:00Z", "2017-01-09T00:00:00Z", "2017-01-10T00:00:00Z"]"#,
        ]
      ])
    let numbers = try rows(
      "datatable(x:long, g:string)[1, 'a', 4, 'a', 5, 'b', 9, 'a'] | make-series s = sum(x) on x in range(2, 8, 3) by g | order by g asc"
    )
    #expect(numbers == [["a", "[1, 4, 0]", "[0, 3, 6]"], ["b", "[0, 5, 0]", "[0, 3, 6]"]])
  }

  @Test("without from and to the bins run from the first bin with data through the last one")
  func rangeFromData() throws {
    // The earliest row (2016-12-31T06:00) starts the series at bin(…, 1d); the latest (2017-01-10T05:00) ends it
    // with its own bin; 2017-01-04 has no row and holds the default.
    let result = try TranslationHarness.run(
      Self.metrics + " data | make-series avg(metric) on timestamp step 1d", language: .kql, now: 0, on: connection)
    #expect(result.columns == ["avg_metric", "timestamp"])
    #expect(
      result.rows == [
        [
          "[50, 4, 3, 5, 0, 10.5, 4, 3, 8, 6.5, 5]",
          #"["2016-12-31T00:00:00Z", "2017-01-01T00:00:00Z", "2017-01-02T00:00:00Z", "2017-01-03T00:00:00Z", "2017-01-04T00:00:00Z", "2017-01-05T00:00:00Z", "2017-01-06T00:00:00Z", "2017-01-07T00:00:00Z", "2017-01-08T00:00:00Z", "2017-01-09T00:00:00Z", "2017-01-10T00:00:00Z"]"#,
        ]
      ])
    #expect(
      try rows(Self.metrics + " data | take 0 | make-series avg(metric) on timestamp step 1d | count") == [["0"]])
  }

  @Test("only from: bins aligned to it, up to the last bin with data; only to: from the first bin with data")
  func oneBoundFromData() throws {
    let fromOnly = try rows(
      Self.metrics + " data | make-series n = count() on timestamp from datetime(2017-01-05T12:00) step 1d")
    #expect(
      fromOnly == [
        [
          "[2, 1, 1, 2, 2]",
          #"["2017-01-05T12:00:00Z", "2017-01-06T12:00:00Z", "2017-01-07T12:00:00Z", "2017-01-08T12:00:00Z", "2017-01-09T12:00:00Z"]"#,
        ]
      ])
    let toOnly = try rows(
      Self.metrics + " data | make-series n = count() on timestamp to datetime(2017-01-03) step 1d")
    #expect(
      toOnly == [[#"[1, 1, 1]"#, #"["2016-12-31T00:00:00Z", "2017-01-01T00:00:00Z", "2017-01-02T00:00:00Z"]"#]])
  }

  @Test("a numeric axis with groups: every series shares the bins of the whole input")
  func numericRangeFromData() throws {
    let numbers = try rows(
      "datatable(x:long, g:string)[1, 'a', 4, 'a', 5, 'b', 9, 'a'] | make-series s = sum(x) on x step 3 by g | order by g asc"
    )
    #expect(numbers == [["a", "[1, 4, 0, 9]", "[0, 3, 6, 9]"], ["b", "[0, 5, 0, 0]", "[0, 3, 6, 9]"]])
    // A row without an axis value is in no bin.
    let withNull = try rows(
      "datatable(t:long, v:long)[1, 1, long(null), 5, 4, 2] | make-series s = sum(v) on t step 2")
    #expect(withNull == [["[1, 0, 2]", "[0, 2, 4]"]])
  }

  @Test("refusals say why, at the span")
  func refusals() {
    #expect(
      failure("datatable(t:datetime, n:long)[] | make-series kind=nonempty count() on t step 1d").contains(
        "make-series kind=nonempty without 'from' and 'to'"))
    #expect(
      failure(
        "datatable(t:datetime, n:string)[] | make-series make_set(n) on t from datetime(2017-01-01) to datetime(2017-01-03) step 1d"
      ).contains("this make-series aggregate"))
    #expect(
      failure(
        "datatable(t:datetime, n:long)[] | make-series count() on t from 1 to datetime(2017-01-03) step 1d"
      ).contains("expected a datetime here"))
  }

  @Test("series_stats gives Kusto's seven columns, or the tuple's names; series_stats_dynamic a bag")
  func seriesStats() throws {
    let result = try TranslationHarness.run(
      "print x = dynamic([4, 1, 7, 1, 7, 4]) | project series_stats(x)", language: .kql, now: 0, on: connection)
    #expect(
      result.columns == [
        "series_stats_x_min", "series_stats_x_min_idx", "series_stats_x_max", "series_stats_x_max_idx",
        "series_stats_x_avg", "series_stats_x_stdev", "series_stats_x_variance",
      ])
    #expect(result.rows == [["1", "1", "7", "2", "4", "2.6832815729997477", "7.2"]])
    #expect(
      try rows("print x = dynamic([2, 4]) | extend (lo, lo_at, hi) = series_stats(x) | project lo, lo_at, hi")
        == [["2", "0", "4"]])
    #expect(
      try rows(
        "print x = dynamic([2, null, 'a', 4]) | project a = series_stats_dynamic(x), b = series_stats_dynamic(x, true)"
      ) == [
        [
          nil,
          #"{"avg": 3, "max": 4, "min": 2, "stdev": 1.4142135623730951, "max_idx": 3, "min_idx": 0, "variance": 2}"#,
        ]
      ])
    #expect(
      try rows(
        "datatable(t:datetime, n:long)[datetime(2017-01-01), 3, datetime(2017-01-03), 5] | make-series s = sum(n) on t from datetime(2017-01-01) to datetime(2017-01-04) step 1d | extend (lo, lo_at, hi, hi_at, mean) = series_stats(s) | project lo, hi_at, mean"
      ) == [["0", "2", "2.6666666666666665"]])
    #expect(failure("print x = dynamic([1]) | extend y = series_stats(x)").contains("a single name for series_stats"))
    #expect(
      failure("print x = dynamic([1]) | where series_stats(x) > 1").contains("series_stats() inside an expression"))
  }
}
