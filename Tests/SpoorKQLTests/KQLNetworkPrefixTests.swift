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
    #expect(try TranslationHarness.printed(assignments, on: connection) == [expected])
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

  @Test("parse_ipv4_mask: the documented example, the masks at each end, a prefix in the text, and null")
  func parseIPv4Mask() throws {
    try expectPrinted(
      #"a = parse_ipv4_mask("127.0.0.1", 24), b = parse_ipv4_mask('192.168.1.2', 24), "#
        + "c = parse_ipv4_mask('192.1.168.2', 31), d = parse_ipv4_mask('192.1.168.3', 31), "
        + "e = parse_ipv4_mask('10.1.2.3', 0), f = parse_ipv4_mask('10.1.2.3', 32), "
        + "g = parse_ipv4_mask('255.255.255.255', 32), h = parse_ipv4_mask('10.1.2.3/8', 24), "
        + "i = parse_ipv4_mask('10.1.2.3/24', 8), j = parse_ipv4_mask('10.1.2.3', 33), "
        + "k = parse_ipv4_mask('10.1.2.3', -1), l = parse_ipv4_mask('10.1.2.256', 24), "
        + "m = parse_ipv4_mask('10.1.2.3', int(null)), n = parse_ipv4_mask('', 24)",
      [
        "2130706432", "3232235776", "3221334018", "3221334018", "0", "167838211", "4294967295", "167772160",
        "167772160", nil, nil, nil, nil, nil,
      ])
  }

  @Test("ipv4_netmask_suffix: the documented example, the ends of the range, and null")
  func ipv4NetmaskSuffix() throws {
    try expectPrinted(
      "a = ipv4_netmask_suffix('10.1.2.3'), b = ipv4_netmask_suffix('192.168.1.1/24'), "
        + "c = ipv4_netmask_suffix('127.0.0.1/16'), d = ipv4_netmask_suffix('1.2.3.4/0'), "
        + "e = ipv4_netmask_suffix('1.2.3.4/32'), f = ipv4_netmask_suffix('1.2.3.4/33'), "
        + "g = ipv4_netmask_suffix('fe80::1'), h = ipv4_netmask_suffix(''), i = gettype(ipv4_netmask_suffix('1.2.3.4'))",
      ["32", "24", "16", "0", "32", nil, nil, nil, "long"])
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
