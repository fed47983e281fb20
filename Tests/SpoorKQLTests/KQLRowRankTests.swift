import SpoorPostgres
import SpoorTestSupport
import Testing

/// `row_rank_dense` and `row_rank_min` run on PostgreSQL over inline rows: Kusto's documented examples (with a
/// tiebreak in the sort, as PostgreSQL's sort keeps no input order among ties) and ranks worked out by hand from the
/// documented rules.
@Suite("KQL row_rank_dense and row_rank_min", .serialized)
struct KQLRowRankTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_row_rank"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection)
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  static let departures = """
    datatable (Airport:string, Airline:string, Departures:long)
    [
      "SEA", "LH", 3,
      "SEA", "LY", 100,
      "SEA", "UA", 3,
      "SEA", "BA", 2,
      "SEA", "EL", 3,
    ]
    """

  @Test("the documented examples without a restart")
  func documentedExamples() throws {
    let result = try run(
      Self.departures
        + "\n| sort by Departures asc, Airline asc\n| extend Dense = row_rank_dense(Departures), Min = row_rank_min(Departures)"
    )
    #expect(result.columns == ["Airport", "Airline", "Departures", "Dense", "Min"])
    #expect(
      result.rows == [
        ["SEA", "BA", "2", "1", "1"], ["SEA", "EL", "3", "2", "2"], ["SEA", "LH", "3", "2", "2"],
        ["SEA", "UA", "3", "2", "2"], ["SEA", "LY", "100", "3", "5"],
      ])
  }

  @Test("row_rank_dense's documented example per airport")
  func denseRestart() throws {
    let result = try run(
      """
      datatable (Airport:string, Airline:string, Departures:long)
      [
        "SEA", "LH", 3,
        "SEA", "LY", 100,
        "SEA", "UA", 3,
        "SEA", "BA", 2,
        "SEA", "EL", 3,
        "AMS", "EL", 1,
        "AMS", "BA", 1
      ]
      | sort by Airport desc, Departures asc, Airline asc
      | extend Rank = row_rank_dense(Departures, prev(Airport) != Airport)
      """)
    #expect(
      result.rows == [
        ["SEA", "BA", "2", "1"], ["SEA", "EL", "3", "2"], ["SEA", "LH", "3", "2"], ["SEA", "UA", "3", "2"],
        ["SEA", "LY", "100", "3"], ["AMS", "BA", "1", "1"], ["AMS", "EL", "1", "1"],
      ])
  }

  @Test("row_rank_min's documented example per category")
  func minRestart() throws {
    let result = try run(
      """
      datatable(Category:string, Item:string, Value:int)
      [
        "A", "item1", 10,
        "A", "item2", 10,
        "A", "item3", 5,
        "A", "item4", 20,
        "B", "item2", 5,
        "B", "item1", 7
      ]
      | sort by Category asc, Value asc, Item asc
      | extend rank = row_rank_min(Value, Category != prev(Category))
      """)
    #expect(
      result.rows == [
        ["A", "item3", "5", "1"], ["A", "item1", "10", "2"], ["A", "item2", "10", "2"], ["A", "item4", "20", "4"],
        ["B", "item2", "5", "1"], ["B", "item1", "7", "2"],
      ])
  }

  @Test("unsorted terms: dense counts changes from the previous row, min is the term's first row number")
  func unsortedTerms() throws {
    let result = try run(
      """
      datatable (i:long, v:string) [1, "x", 2, "x", 3, "y", 4, "x", 5, "", 6, ""]
      | sort by i asc
      | extend d = row_rank_dense(v), m = row_rank_min(v)
      """)
    #expect(
      result.rows == [
        ["1", "x", "1", "1"], ["2", "x", "1", "1"], ["3", "y", "2", "3"], ["4", "x", "3", "1"],
        ["5", "", "4", "5"], ["6", "", "4", "5"],
      ])
  }

  @Test("null terms are one value; a null restart does not restart; beside row_cumsum and row_number")
  func nullsAndNeighbours() throws {
    let result = try run(
      """
      datatable (i:long, v:long, r:bool) [1, long(null), false, 2, long(null), bool(null), 3, 7, true, 4, 7, false]
      | sort by i asc
      | extend d = row_rank_dense(v, r), m = row_rank_min(v, r), s = row_cumsum(i, r), n = row_number(1, r)
      """)
    #expect(
      result.rows == [
        ["1", nil, "f", "1", "1", "1", "1"], ["2", nil, nil, "1", "1", "3", "2"],
        ["3", "7", "t", "1", "1", "3", "1"], ["4", "7", "f", "1", "1", "7", "2"],
      ])
  }

  @Test("refused: a rank inside another window function's arguments, and a restart that is not bool")
  func refusals() {
    #expect(
      Self.failure("datatable (a:long) [1] | sort by a asc | extend s = row_cumsum(row_rank_dense(a))")
        .contains("row_rank_dense or row_rank_min inside the arguments of a window function"))
    #expect(
      Self.failure("datatable (a:long) [1] | sort by a asc | extend s = row_rank_min(a, prev(row_rank_dense(a)))")
        .contains("row_rank_dense"))
    #expect(
      Self.failure("datatable (a:long) [1] | sort by a asc | extend s = row_rank_min(a, 1)")
        .contains("row_rank_min's restart"))
  }
}
