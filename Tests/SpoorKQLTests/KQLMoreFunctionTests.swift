import SpoorPostgres
import SpoorTestSupport
import Testing

/// pow/exp, make_timespan, format_ipv4, bag_remove_keys, pack_all and ipv4_is_match over IP-prefix notation on real PostgreSQL:
/// exact values from each function's Kusto documentation (its examples where it has them) or worked out by hand
/// from its rules and .NET's `Math.Pow`/`Math.Exp`.
@Suite("KQL math, IPv4 formatting and property-bag functions", .serialized)
struct KQLMoreFunctionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_more_functions"))
  }

  /// The rows of a query as PostgreSQL's text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try rows("print " + assignments) == [expected])
  }

  @Test("pow, exp, exp2 and exp10 give .NET's IEEE values where PostgreSQL would raise")
  func powerAndExponential() throws {
    try expectPrinted(
      "a = pow(2, 10), b = pow(2.5, 2), c = pow(-8, 1.0/3), d = pow(0, -1), e = pow(10, 400), f = pow(-10, 401), "
        + "g = pow(10, -400), h = pow(real(null), 2)",
      ["1024", "6.25", "NaN", "Infinity", "Infinity", "-Infinity", "0", nil])
    try expectPrinted(
      "a = exp(0), b = exp(1), c = exp(1000), d = exp(-1000), e = exp2(10), f = exp10(3), g = exp10(-1)",
      ["1", "2.718281828459045", "Infinity", "0", "1024", "1000", "0.1"])
    // 4 ^ 0.5, and a negative base to an odd integer power.
    try expectPrinted("a = pow(4, 0.5), b = pow(-2, 3)", ["2", "-8"])
  }

  @Test("make_timespan: the documented example, the two- and three-part forms, parts out of range as null")
  func makeTimespan() throws {
    try expectPrinted(
      "a = make_timespan(1, 12, 30, 55.123), b = make_timespan(2, 30), c = make_timespan(1, 2, 3.5), "
        + "d = make_timespan(24, 0), e = make_timespan(0, 0, 60), f = make_timespan(-1, 0, 0, 0), "
        + "g = make_timespan(1, 12, 30, 55.123) == 1d + 12h + 30m + 55.123s",
      ["P1DT12H30M55.123S", "PT2H30M", "PT1H2M3.5S", nil, nil, nil, "t"])
  }

  @Test("format_ipv4 and format_ipv4_mask: the documentation's table, numbers in big-endian order, failures as ''")
  func formatIPv4() throws {
    let documented = """
      datatable(address:string, mask:long)
      ['192.168.1.1', 24, '192.168.1.1', 32, '192.168.1.1/24', 32, '192.168.1.1/24', long(-1)]
      | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask)
      """
    #expect(
      try rows(documented) == [
        ["192.168.1.1", "24", "192.168.1.0", "192.168.1.0/24"],
        ["192.168.1.1", "32", "192.168.1.1", "192.168.1.1/32"],
        ["192.168.1.1/24", "32", "192.168.1.0", "192.168.1.0/24"],
        ["192.168.1.1/24", "-1", "", ""],
      ])
    try expectPrinted(
      "a = format_ipv4(3232236031, 24), b = format_ipv4_mask(3232236031), c = format_ipv4('10.1.2.3'), "
        + "d = format_ipv4('300.1.2.3'), e = format_ipv4(-1), f = format_ipv4_mask('10.1.2.3', 33), "
        + "g = format_ipv4(4294967296)",
      ["192.168.1.0", "192.168.1.255/32", "10.1.2.3", "", "", "", ""])
  }

  @Test("bag_remove_keys: the documentation's examples, top-level keys and JSONPaths, a value that is no bag")
  func bagRemoveKeys() throws {
    try expectPrinted(
      "a = bag_remove_keys(dynamic({'key1': 123, 'key2': 'abc'}), dynamic(['key2', 'key4'])), "
        + "b = bag_remove_keys(dynamic({'key1': 'value', 'key3': 42.0}), dynamic(['key2', 'key4'])), "
        + "c = bag_remove_keys(dynamic({'key1': 123, 'key2': {'prop1': 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}), "
        + "dynamic(['$.key2.prop1', 'key3'])), "
        + "d = bag_remove_keys(dynamic({'a b': 1, 'c': {'d': 2}, 'e': [1]}), dynamic([\"$['a b']\", '$.c.d', '$.e.f'])), "
        + "e = bag_remove_keys(dynamic([1, 2]), dynamic(['a']))",
      [
        #"{"key1": 123}"#, #"{"key1": "value", "key3": 42.0}"#, #"{"key1": 123, "key2": {"prop2": "xyz"}}"#,
        #"{"c": {}, "e": [1]}"#, nil,
      ])
    let failure = KQLMoreFunctionTests.failure("print bag_remove_keys(dynamic({'a': [1]}), dynamic(['$.a[0]']))")
    #expect(failure.contains("without array indexing"))
  }

  @Test("pack_all packs every column by name; with true it leaves out null and empty values")
  func packAll() throws {
    let table =
      "datatable(Name:string, Size:long, Seen:datetime)['a', 1, datetime(2026-01-01), '', long(null), datetime(null)]"
    #expect(
      try rows(table + " | project Bag = pack_all()") == [
        [#"{"Name": "a", "Seen": "2026-01-01T00:00:00Z", "Size": 1}"#],
        [#"{"Name": "", "Seen": null, "Size": null}"#],
      ])
    #expect(
      try rows(table + " | project Bag = pack_all(true)") == [
        [#"{"Name": "a", "Seen": "2026-01-01T00:00:00Z", "Size": 1}"#], ["{}"],
      ])
  }

  @Test("ipv4_is_match reads IP-prefix notation in its addresses, as ipv4_compare does (ipv4-is-matchfunction.md)")
  func ipv4IsMatchWithPrefixes() throws {
    try expectPrinted(
      "a = ipv4_is_match('192.168.1.1/24', '192.168.1.255'), b = ipv4_is_match('192.168.1.1', '192.168.1.255/24'), "
        + "c = ipv4_is_match('192.168.1.1/24', '192.168.1.255/24'), d = ipv4_is_match('192.168.1.1/24', '192.168.2.1'), "
        + "e = ipv4_is_match('192.168.1.1', '192.168.1.255', 24), f = ipv4_is_match('192.168.1.1/30', '192.168.1.2', 24), "
        + "g = ipv4_is_match('192.168.1.1', 'x'), h = ipv4_is_match('192.168.1.1/33', '192.168.1.1')",
      ["t", "t", "t", "f", "t", "t", nil, nil])
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }
}
