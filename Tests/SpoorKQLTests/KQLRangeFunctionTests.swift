import SpoorPostgres
import SpoorTestSupport
import Testing

/// The range() function on real PostgreSQL: the documented integer examples (the array is built at translation
/// and bound as one constant), and the cases Kusto leaves undocumented, refused.
@Suite("KQL range() function", .serialized)
struct KQLRangeFunctionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_range_function"))
  }

  /// Translates and runs a query; returns the rows as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("the documented integer examples, one value, and has_any_index's example over range()")
  func documentedExamples() throws {
    #expect(
      try rows(
        #"print a = range(1, 8, 3), b = range(1, 3), c = range(5, 5), d = has_any_index("Example number 2", range(1, 3, 1))"#
      ) == [["[1, 4, 7]", "[1, 2, 3]", "[5]", "1"]])
  }

  @Test("the documented cap of 2^20 values")
  func cap() throws {
    #expect(try rows("print r = range(1, 1000000000) | mv-expand r | count") == [["1048576"]])
  }

  @Test("refused: a step of 0, a start after the stop, reals, computed bounds, time ranges")
  func refusals() {
    for query in [
      "print r = range(1, 3, 0)", "print r = range(3, 1)", "print r = range(1.5, 3)",
      "print n = 3 | extend r = range(1, n)", "print r = range(1h, 5h)",
    ] {
      #expect(Self.failure(query).contains("range() other than over integer constants"), "\(query)")
    }
  }
}
