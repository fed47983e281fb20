import SpoorPostgres
import SpoorTestSupport
import Testing

/// unicode_codepoints_to_string and its deprecated alias make_string on real PostgreSQL: the documented examples
/// (those that do not need range()) and null for values that are not code points.
@Suite("KQL unicode_codepoints_to_string", .serialized)
struct KQLCodePointsToStringTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_codepoints_to_string"))
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try TranslationHarness.printed(assignments, on: connection) == [expected])
  }

  @Test("the documented examples, the alias, and a round trip")
  func documented() throws {
    try expectPrinted(
      "a = unicode_codepoints_to_string(75, 117, 115, 116, 111), "
        + "b = unicode_codepoints_to_string(dynamic([75, 117, 115, 116, 111])), "
        + "c = unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111), "
        + "d = unicode_codepoints_to_string(75, 10, 117, 10, 115, 10, 116, 10, 111), "
        + "e = make_string(9382, 9392, 9390, 9391, 9386), "
        + "f = unicode_codepoints_to_string(unicode_codepoints_from_string('קוסטו - Kusto 😀'))",
      ["Kusto", "Kusto", "Kusto", "K\nu\ns\nt\no", "⒦⒰⒮⒯⒪", "קוסטו - Kusto 😀"])
  }

  /// NUL (0) is a code point, but PostgreSQL text cannot hold it: null, as README says.
  @Test("null when an argument or element is not a code point; an empty array adds nothing")
  func invalid() throws {
    try expectPrinted(
      "a = unicode_codepoints_to_string(dynamic([]), 65), b = unicode_codepoints_to_string(-1), "
        + "c = unicode_codepoints_to_string(1114112), d = unicode_codepoints_to_string(55296), "
        + "e = unicode_codepoints_to_string(dynamic([65, 'B'])), f = unicode_codepoints_to_string(dynamic([65.5])), "
        + "g = unicode_codepoints_to_string(long(null), 65), h = unicode_codepoints_to_string(dynamic({'a': 65})), "
        + "i = unicode_codepoints_to_string(dynamic([[65]])), j = unicode_codepoints_to_string(1114111, 0x41), "
        + "k = unicode_codepoints_to_string(0)",
      ["A", nil, nil, nil, nil, nil, nil, nil, nil, "\u{10FFFF}A", nil])
  }

  @Test("arguments that are neither numbers nor dynamic are type errors")
  func types() {
    #expect(
      TranslationHarness.failure("print unicode_codepoints_to_string('A')", language: .kql)
        .contains("unicode_codepoints_to_string's values"))
  }
}
