import SpoorPostgres
import SpoorTestSupport
import Testing

/// `regextract` and `replex` with patterns mixing greedy and lazy quantifiers, run on PostgreSQL over fixture
/// `xdr_data` rows: every expected value is worked out by hand from RE2's rules, as BigQuery's REGEXP_EXTRACT_ALL
/// and REGEXP_REPLACE apply them (each quantifier keeps its own greediness), where PostgreSQL's own reading of the
/// whole pattern with one greediness would give another.
@Suite("XQL regex all matches", .serialized)
struct XQLRegexAllMatchesTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  /// Command lines: two switches (r1), two letters-x-digits pairs (r2), none of either (r3), null (r4), and
  /// text where `a*?b*` also matches empty (r5).
  static let fixture = #"""
    INSERT INTO public.xdr_data ("event_id", "_time", "action_process_image_command_line") VALUES
    ('r1', '2026-01-01 00:01:00+00', 'a \h1 b \h2 c'),
    ('r2', '2026-01-01 00:02:00+00', 'abx12 cdx345'),
    ('r3', '2026-01-01 00:03:00+00', 'nothing'),
    ('r4', '2026-01-01 00:04:00+00', NULL),
    ('r5', '2026-01-01 00:05:00+00', 'xabbx')
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_regex_all_matches"))
    try connection.executeScript(Self.fixture)
  }

  /// Runs `alter v = <call of action_process_image_command_line>` over every row; returns `v` by event id.
  func values(_ call: String) throws -> [String?] {
    let xql =
      "dataset = xdr_data | alter v = " + call + " | sort asc event_id | fields v"
    return try TranslationHarness.run(xql, language: .xql, now: Self.now, on: connection).rows.map { $0[0] }
  }

  @Test func regextractTakesEachQuantifierWithItsOwnGreediness() throws {
    // `.*?` stops at the first whitespace after `\h1`; no match is an empty array and null stays null.
    #expect(
      try values(#"regextract(action_process_image_command_line, "\s+\\.*?\s+")"#) == [
        #"[" \\h1 ", " \\h2 "]"#, "[]", "[]", nil, "[]",
      ])
    // With one group, what it captured: `\d+` takes every digit after a lazy `\w+?`.
    #expect(
      try values(#"regextract(action_process_image_command_line, "\w+?x(\d+)")"#) == [
        "[]", #"["12", "345"]"#, "[]", nil, "[]",
      ])
    // Empty matches before `x` and `a`, then `bb`; the empty match where `bb` ended is skipped, the one at the
    // end is not.
    #expect(
      try values(#"regextract(action_process_image_command_line, "a*?b*")"#)[4] == #"["", "", "bb", ""]"#)
  }

  @Test func replexTakesEachQuantifierWithItsOwnGreediness() throws {
    #expect(
      try values(#"replex(action_process_image_command_line, "\s+\\.*?\s+", "|")"#) == [
        "a|b|c", "abx12 cdx345", "nothing", nil, "xabbx",
      ])
    #expect(
      try values(#"replex(action_process_image_command_line, "(\w+?)x(\d+)", "\2-\1")"#) == [
        #"a \h1 b \h2 c"#, "12-ab 345-cd", "nothing", nil, "xabbx",
      ])
    #expect(try values(#"replex(action_process_image_command_line, "a*?b*", "-")"#)[4] == "-x-a-x-")
  }

  @Test func aPieceMixingGreedinessOrAnAlternationStaysRefused() {
    for call in [
      #"regextract(agent_hostname, "(a+?b*)c")"#, #"regextract(agent_hostname, "a+?|b*")"#,
      #"replex(agent_hostname, "(a+?b*)c", "x")"#, #"replex(agent_hostname, "a+?|b*", "x")"#,
    ] {
      let failure = #expect(throws: TranslationFailure.self) {
        try TranslationHarness.statement(
          "dataset = xdr_data | alter v = " + call + " | fields v", language: .xql, now: Self.now)
      }
      #expect(failure?.description.contains("SQL-U003") == true, "\(call)")
      #expect(
        failure?.description.contains("greedy and lazy quantifiers in one group or top-level alternation") == true,
        "\(call)")
    }
  }
}
