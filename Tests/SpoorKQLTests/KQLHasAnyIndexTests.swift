import SpoorPostgres
import SpoorTestSupport
import Testing

/// has_any_index on real PostgreSQL: Kusto's documented examples, then the `has` rules it searches with (whole
/// terms, any case) and the array's order deciding which index is returned.
@Suite("KQL has_any_index", .serialized)
struct KQLHasAnyIndexTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_has_any_index"))
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try TranslationHarness.printed(assignments, on: connection) == [expected])
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("the documented examples (the integer array written out, as range() is not translated)")
  func documentedExamples() throws {
    try expectPrinted(
      #"idx1 = has_any_index("this is an example", dynamic(['this', 'example'])), "#
        + #"idx2 = has_any_index("this is an example", dynamic(['not', 'example'])), "#
        + #"idx3 = has_any_index("this is an example", dynamic(['not', 'found'])), "#
        + #"idx4 = has_any_index("Example number 2", dynamic([1, 2, 3])), "#
        + #"idx5 = has_any_index("this is an example", dynamic([]))"#,
      ["0", "1", "-1", "1", "-1"])
  }

  @Test("whole terms in any case; the first value in the array's order wins; long result")
  func termsAndOrder() throws {
    try expectPrinted(
      #"a = has_any_index("This Is An Example", dynamic(['is'])), "#
        + #"b = has_any_index("examples", dynamic(['example'])), "#
        + #"c = has_any_index("this is an example", dynamic(['example', 'this'])), "#
        + #"d = has_any_index("cmd.exe /c whoami", dynamic(['powershell', 'WHOAMI', 'cmd.exe'])), "#
        + #"e = has_any_index("", dynamic(['x'])), f = gettype(has_any_index("a", dynamic(['a'])))"#,
      ["0", "-1", "0", "1", "-1", "long"])
  }

  @Test("refused: a computed array, and values that are neither strings nor integers")
  func refusals() {
    #expect(
      Self.failure(#"print a = has_any_index("a b", pack_array("a"))"#)
        .contains("a computed dynamic array as the terms of 'has_any_index'"))
    #expect(
      Self.failure(#"print a = has_any_index("2.5", dynamic([2.5]))"#)
        .contains("has_any_index with a value that is not a string or an integer"))
  }
}
