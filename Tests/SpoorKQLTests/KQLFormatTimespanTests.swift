import SpoorPostgres
import SpoorTestSupport
import Testing

/// format_timespan on real PostgreSQL: the documented example and each format element's documented examples (at
/// the microsecond PostgreSQL keeps), and the formats Kusto does not document, refused.
@Suite("KQL format_timespan", .serialized)
struct KQLFormatTimespanTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_format_timespan"))
  }

  /// Expects the one row of `print assignments` after `lets`.
  func expectPrinted(_ assignments: String, _ expected: [String?], lets: String = "") throws {
    #expect(try TranslationHarness.printed(assignments, lets: lets, on: connection) == [expected])
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("the documented example")
  func documentedExample() throws {
    try expectPrinted(
      "v1=format_timespan(t, 'dd.hh:mm:ss:FF'), v2=format_timespan(t, 'ddd.h:mm:ss [fffffff]')",
      ["29.09:00:05:12", "029.9:00:05 [1234500]"], lets: "let t = time(29.09:00:05.12345);\n")
  }

  @Test("each element's documented examples")
  func elements() throws {
    let t = "let t = time(15.13:45:30.6175420);\n"
    try expectPrinted(
      "a = format_timespan(t, 'd'), b = format_timespan(t, 'dd'), c = format_timespan(t, 'ddd'), "
        + "d = format_timespan(t, 'H'), e = format_timespan(t, 'HH'), f = format_timespan(t, 'm'), "
        + "g = format_timespan(t, 'mm'), h = format_timespan(t, 's'), i = format_timespan(t, 'ss')",
      ["15", "15", "015", "13", "13", "45", "45", "30", "30"], lets: t)
    try expectPrinted(
      "a = format_timespan(t, 'f'), b = format_timespan(t, 'ff'), c = format_timespan(t, 'fff'), "
        + "d = format_timespan(t, 'ffff'), e = format_timespan(t, 'fffff'), f = format_timespan(t, 'ffffff'), "
        + "g = format_timespan(t, 'fffffff'), h = format_timespan(t, 'F'), i = format_timespan(t, 'FFFFFFF')",
      ["6", "61", "617", "6175", "61754", "617542", "6175420", "6", "617542"], lets: t)
    try expectPrinted(
      "a = format_timespan(t, 'H'), b = format_timespan(t, 'HH'), c = format_timespan(t, 'h'), "
        + "d = format_timespan(t, 'hh'), e = format_timespan(t, 'm'), f = format_timespan(t, 'mm'), "
        + "g = format_timespan(t, 's'), h = format_timespan(t, 'ss'), i = format_timespan(t, 'f')",
      ["1", "01", "1", "01", "9", "09", "9", "09", "0"], lets: "let t = time(15.01:09:09.05);\n")
    try expectPrinted(
      "a = format_timespan(time(15.13:45:30.0050000), 'FF'), b = format_timespan(time(15.13:45:30.0050000), 'ff'), "
        + "c = format_timespan(time(15.13:45:30.0001150), 'FFFFFFF'), "
        + "d = format_timespan(time(15.13:45:30.0001150), 'fffffff'), e = format_timespan(time(15.13:45:30.05), 'F')",
      ["", "00", "000115", "0001150", ""])
  }

  @Test("days wider than the element, zero, delimiters, and null for a negative or null timespan")
  func edges() throws {
    try expectPrinted(
      "a = format_timespan(time(123.00:00:00), 'd'), b = format_timespan(time(123.00:00:00), 'dd'), "
        + "c = format_timespan(time(123.00:00:00), 'dddddddd'), "
        + "d = format_timespan(time(0), 'dd.hh:mm:ss.fffffff'), e = format_timespan(90m, '[d]_h/m,s-'), "
        + "f = format_timespan(-1h, 'hh'), g = format_timespan(totimespan('x'), 'hh')",
      ["123", "123", "00000123", "00.00:00:00.0000000", "[0]_1/30,0-", nil, nil])
  }

  @Test("formats Kusto does not document are refused")
  func refusals() {
    for format in ["hh 'h'", "hhh", "fffffffff", #"h\h"#, "d x", "ddddddddd", "%h"] {
      #expect(
        Self.failure("print format_timespan(1h, @\"\(format)\")").contains("neither a format element"), "\(format)")
    }
    #expect(
      Self.failure("print f = 'hh' | extend s = format_timespan(1h, f)")
        .contains("the format of format_timespan must be a constant"))
    #expect(Self.failure("print format_timespan(now(), 'hh')").contains("format_timespan's value"))
  }
}
