import SpoorPostgres
import SpoorTestSupport
import Testing

/// The IP functions translated from Kusto's documentation, on real PostgreSQL: each documented example, then the
/// edges worked out by hand from the documented rules.
@Suite("KQL IP prefix and range functions", .serialized)
struct KQLNetworkPrefixTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_network_prefix"))
  }

  /// Expects the one row of `print assignments`, as PostgreSQL's text cells (booleans `t`/`f`).
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    let rows = try TranslationHarness.run(
      "print " + assignments, language: .kql, now: GoldenTranslations.now, on: connection
    ).rows
    #expect(rows == [expected])
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("has_ipv4_prefix: the documented examples")
  func hasIPv4PrefixExamples() throws {
    try expectPrinted(
      "a = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.'), "
        + "b = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0'), "
        + "c = has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.'), "
        + "d = has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.')",
      ["t", "f", "f", "f"])
  }

  @Test("has_ipv4_prefix: complete addresses, each prefix length, delimiters and invalid prefixes")
  func hasIPv4PrefixEdges() throws {
    try expectPrinted(
      "a = has_ipv4_prefix('These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.115'), "
        + "b = has_ipv4_prefix('from 10.1.1.115 and', '10.1.1.1'), "
        + "c = has_ipv4_prefix('from 10.1.1.115 and', '10.'), "
        + "d = has_ipv4_prefix('from 10.1.1.115 and', '10.1.1.'), "
        + "e = has_ipv4_prefix('from 10.1.1.115x', '10.1.'), "
        + "f = has_ipv4_prefix('x10.1.1.115', '10.1.'), "
        + "g = has_ipv4_prefix('10.1.1.115', '10.1.'), "
        + "h = has_ipv4_prefix('10.1.1', '10.1.'), "
        + "i = has_ipv4_prefix('256.1.1.1 and 256.1.1.1', '256.'), "
        + "j = has_ipv4_prefix('10.1.1.115', '10.1.1.115.'), "
        + "k = has_ipv4_prefix('10.1.1.115', '10.1.1.115/8'), "
        + "l = has_ipv4_prefix('10.01.1.115', '10.01.'), "
        + "m = has_ipv4_prefix('', '10.'), "
        + "n = has_ipv4_prefix('10.1.1.0 and 10.2.0.255', '10.2.')",
      ["t", "f", "t", "t", "f", "f", "t", "f", "f", "f", "f", "f", "f", "t"])
  }

  @Test("has_any_ipv4_prefix: the documented examples, the array form, and no valid prefix")
  func hasAnyIPv4Prefix() throws {
    try expectPrinted(
      "a = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.', '192.168.'), "
        + #"b = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', dynamic(["127.0.", "192.168."])), "#
        + "c = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0'), "
        + "d = has_any_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.', '192.'), "
        + "e = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET', dynamic([])), "
        + "f = has_any_ipv4_prefix('at 8.8.8.8.', 'bad', '8.8.8.8')",
      ["t", "t", "f", "f", "f", "t"])
  }

  @Test("a computed prefix is refused: the search pattern is built from constants")
  func computedPrefix() {
    #expect(
      Self.failure("print has_ipv4_prefix('a 1.2.3.4', strcat('1', '.'))")
        .contains("has_ipv4_prefix with a computed address"))
    #expect(
      Self.failure("print has_any_ipv4_prefix('a 1.2.3.4', dynamic([1]))")
        .contains("has_any_ipv4_prefix with a computed address"))
  }
}
