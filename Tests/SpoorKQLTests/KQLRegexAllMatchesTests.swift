import SpoorPostgres
import SpoorTestSupport
import Testing

/// `extract_all`, `replace_regex` and `replace` with patterns mixing greedy and lazy quantifiers, run on
/// PostgreSQL: every expected value is worked out by hand from RE2's rules (each quantifier keeps its own
/// greediness; a search goes on at the end of the previous match, one character further after an empty match,
/// and skips an empty match where the previous match ended), and PostgreSQL's own reading of the whole pattern
/// with one greediness would give another.
@Suite("KQL regex all matches", .serialized)
struct KQLRegexAllMatchesTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_regex_all_matches"))
  }

  /// Translates and runs a query; returns the rows as text cells.
  func run(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection).rows
  }

  @Test func extractAllTakesEachQuantifierWithItsOwnGreediness() throws {
    let rows = try run(
      #"""
      print
        lazyBetweenGreedy = extract_all(@"\s+\\.*?\s+", @"a \h1 b \h2 c"),
        groups = extract_all(@"(\w+?)x(\d+)", "abx12 cdx345"),
        oneGroup = extract_all(@"\w+?x(\d+)", "abx12 cdx345"),
        boundary = extract_all(@"\b[a-z]+?\d*", "ab12cd3 x9"),
        empty = extract_all(@"a*?b*", "xabbx"),
        noMatch = extract_all(@"(\w+?)x(\d+)", "nothing")
      """#)
    // `.*?` stops at the first whitespace after `\h1`, `\d+` takes every digit after a lazy `\w+?`, `\b` sees the
    // letter before `b` (so the search after `a` finds `x9`), and `a*?b*` matches empty before `x` and `a`, then
    // `bb`, skips the empty match where `bb` ended and matches empty at the end.
    #expect(
      rows == [
        [
          #"[" \\h1 ", " \\h2 "]"#, #"[["ab", "12"], ["cd", "345"]]"#, #"["12", "345"]"#, #"["a", "x9"]"#,
          #"["", "", "bb", ""]"#, nil,
        ]
      ])
  }

  @Test func replaceRegexTakesEachQuantifierWithItsOwnGreediness() throws {
    let rows = try run(
      #"""
      print
        lazyBetweenGreedy = replace_regex(@"a \h1 b \h2 c", @"\s+\\.*?\s+", "|"),
        groups = replace_regex("abx12 cdx345", @"(\w+?)x(\d+)", @"\2-\1"),
        whole = replace_regex("abx12 cdx345", @"(\w+?)x(\d+)", @"<\0>\\"),
        empty = replace_regex("xabbx", @"a*?b*", "-"),
        noMatch = replace_regex("nothing", @"(\w+?)x(\d+)", "z"),
        deprecated = replace(@"(\w+?)x(\d+)", @"\2", "abx12 cdx345")
      """#)
    #expect(rows == [["a|b|c", "12-ab 345-cd", #"<abx12>\ <cdx345>\"#, "-x-a-x-", "nothing", "12 345"]])
  }

  @Test func positionsCountCharactersOptionsReachEveryChunkAndWalksNest() throws {
    let rows = try run(
      #"""
      print
        multibyte = replace_regex("→abx12←cdx345 é", @"(\w+?)x(\d+)", @"\2-\1"),
        caseless = extract_all(@"(?i)(\w+?)X(\d+)", "abx12 CDX3"),
        nested = extract_all(@"\w+?x(\d+)", replace_regex("abx12 cdx345", @"(\w+?)x(\d+)", @"\1x\2\2"))
      """#)
    // A walk inside another's subject keeps its own CTE.
    #expect(rows == [["→12-ab←345-cd é", #"[["ab", "12"], ["CD", "3"]]"#, #"["1212", "345345"]"#]])
  }

  @Test func indexOfRegexFindsTheOccurrenceAfterEachMatchsOwnEnd() throws {
    let rows = try run(
      #"""
      print
        second = indexof_regex(@"a \h1 b \h2 c", @"\s+\\.*?\s+", 0, -1, 2),
        fromStart = indexof_regex(@"xx a \h1 b \h2 c", @"\s+\\.*?\s+", 3, -1, 2),
        third = indexof_regex(@"a \h1 b \h2 c", @"\s+\\.*?\s+", 0, -1, 3),
        empty = indexof_regex("xabbx", @"a*?b*", 0, -1, 3),
        afterEmpty = indexof_regex("xabbx", @"a*?b*", 0, -1, 4)
      """#)
    // The first match ` \h1 ` ends before `b`, so the second is ` \h2 ` (a greedy `.*?` would take both and leave
    // none); a start counts from the text's beginning; `a*?b*` matches empty at 0 and 1, `bb` at 2, and empty
    // at 5 after skipping the empty match where `bb` ended.
    #expect(rows == [["7", "10", "-1", "2", "5"]])
  }

  @Test func aPieceMixingGreedinessOrAnAlternationStaysRefused() {
    for call in [
      #"extract_all(@"(a+?b*)c", "aabc")"#, #"extract_all(@"a+?|b*", "ab")"#,
      #"replace_regex("aabc", @"(a+?b*)c", "x")"#, #"replace_regex("ab", @"a+?|b*", "x")"#,
      #"indexof_regex("aabc", @"(a+?b*)c", 0, -1, 2)"#, #"indexof_regex("ab", @"a+?|b*", 0, -1, 2)"#,
    ] {
      let failure = #expect(throws: TranslationFailure.self) {
        try TranslationHarness.statement("print x = " + call, language: .kql, now: Self.now)
      }
      #expect(failure?.description.contains("SQL-U003") == true, "\(call)")
      #expect(
        failure?.description.contains("greedy and lazy quantifiers in one group or top-level alternation") == true,
        "\(call)")
    }
  }
}
