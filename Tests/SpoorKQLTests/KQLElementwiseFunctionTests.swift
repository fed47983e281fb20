import SpoorPostgres
import SpoorTestSupport
import Testing

/// The element-wise functions (bits, characters, array elements) on real PostgreSQL: exact values from each
/// function's Kusto documentation (its examples where it has them) or worked out by hand from its rules.
@Suite("KQL element-wise functions", .serialized)
struct KQLElementwiseFunctionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_elementwise_functions"))
  }

  /// Expects the one row of `print assignments`, as PostgreSQL's text cells.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try TranslationHarness.printed(assignments, on: connection) == [expected])
  }

  @Test func bitsetCountOnes() throws {
    try expectPrinted(
      "a = bitset_count_ones(42), b = bitset_count_ones(0), c = bitset_count_ones(-1), d = bitset_count_ones(long(null))",
      ["3", "0", "64", nil])
  }

  @Test func strrepAndTranslate() throws {
    // strrep's documented example, then the 1024 cap, a multiplier below 1, and a non-string value.
    try expectPrinted(
      "a = strrep('ABC', 2), b = strrep(123, 3, '.'), c = strrep(3s, 2, ' '), d = string_size(strrep('x', 5000)), "
        + "e = strrep('x', 0), f = strrep('x', int(null))",
      ["ABCABC", "123.123.123", "00:00:03 00:00:03", "1024", "", ""])
    // translate's documented examples.
    try expectPrinted(
      #"a = translate("abc", "x", "abc"), b = translate("abc", "", "ab"), c = translate("krasp", "otsku", "spark")"#,
      ["xxx", "", "kusto"])
  }

  @Test func repeatZipAndJaccard() throws {
    try expectPrinted(
      "a = repeat(1, 3), b = repeat('x', 0), c = repeat(2.5, -1), d = repeat(true, 2), e = repeat(1s, 1)",
      ["[1, 1, 1]", "[]", nil, "[true, true]", #"["00:00:01"]"#])
    // zip's documented examples, then a non-array argument.
    try expectPrinted(
      #"a = zip(dynamic([1,3,5]), dynamic([2,4,6])), b = zip(dynamic(["A", 1, 1.5]), dynamic([{}, "B"])), "#
        + "c = zip(dynamic([1]), dynamic({'a': 1})), d = zip(dynamic([]), dynamic([]))",
      ["[[1, 2], [3, 4], [5, 6]]", #"[["A", {}], [1, "B"], [1.5, null]]"#, nil, "[]"])
    // jaccard_index's documented example; duplicates ignored; two empty sets; a non-array.
    try expectPrinted(
      "a = jaccard_index(dynamic([1,2,3]), dynamic([1,2,3,4])), "
        + "b = jaccard_index(dynamic([1, 1, 2, 2]), dynamic([2, 'x', 'x'])), "
        + "c = jaccard_index(dynamic([]), dynamic([])), d = jaccard_index(dynamic([1]), dynamic('a'))",
      ["0.75", "0.3333333333333333", "NaN", nil])
  }

  @Test func utf8BytesAndCodePoints() throws {
    try expectPrinted(
      #"a = to_utf8("⒦⒰"), b = to_utf8("A"), c = to_utf8(""), d = unicode_codepoints_from_string("⒦⒰⒮⒯⒪"), "#
        + #"e = unicode_codepoints_from_string("a😀"), f = unicode_codepoints_from_string("")"#,
      [
        "[226, 146, 166, 226, 146, 176]", "[65]", "[]", "[9382, 9392, 9390, 9391, 9386]", "[97, 128512]", "[]",
      ])
  }
}

/// `ipv4_compare`, `ipv6_compare` and `ipv6_is_match` on real PostgreSQL, with the rows of Kusto's documented
/// examples.
@Suite("KQL IP comparisons", .serialized)
struct KQLIPComparisonTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_ip_comparisons"))
  }

  func column(_ query: String) throws -> [String?] {
    try TranslationHarness.run(query, language: .kql, now: GoldenTranslations.now, on: connection).rows.map(\.last!)
  }

  @Test func ipv6CompareDocumentedRows() throws {
    let pairs = """
      '192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
      '192.168.1.1/30', '192.168.1.255/24', 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994',
      'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 'fe80::85d:e82c:9446:7994',
      'fe80::85d:e82c:9446:7998/120', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120',
      '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::ffff:c0a8:0101', '192.168.1.255/24',
      '::192.168.1.1/30', '192.168.1.255/24'
      """
    #expect(
      try column("datatable(a:string, b:string) [\(pairs)] | extend r = ipv6_compare(a, b)")
        == Array(repeating: "0", count: 12))
    let withPrefix = """
      '192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24,
      'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127,
      'fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120,
      'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127, '192.168.1.1/24', '::ffff:c0a8:01ff', 127,
      '::ffff:c0a8:0101', '192.168.1.255', 120, '::192.168.1.1/30', '192.168.1.255/24', 127
      """
    #expect(
      try column("datatable(a:string, b:string, p:long) [\(withPrefix)] | extend r = ipv6_compare(a, b, p)")
        == Array(repeating: "0", count: 9))
    // Order, invalid text and prefixes out of range.
    #expect(
      try column(
        "datatable(a:string, b:string) ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', "
          + "'10.0.0.2', '10.0.0.1', '::1', '10.0.0.1', 'not an ip', '::1', '10.0.0.1/33', '10.0.0.1', "
          + "'::1/129', '::1'] | extend r = ipv6_compare(a, b)") == ["-1", "1", "-1", nil, nil, nil])
    #expect(
      try TranslationHarness.run(
        "print m = ipv6_is_match('::ffff:7f00:1', '127.0.0.1'), n = ipv6_is_match('fe80::1', 'fe80::2'), "
          + "o = ipv6_is_match('fe80::1', 'fe80::2', 126), p = ipv6_is_match('fe80::1', 'x')",
        language: .kql, now: GoldenTranslations.now, on: connection
      ).rows == [["t", "f", "t", nil]])
  }

  @Test func ipv4Compare() throws {
    // ipv4_compare's documented examples, then IPv6 text (not IPv4: null) and a prefix past 32.
    #expect(
      try TranslationHarness.run(
        "print a = ipv4_compare('192.168.1.1', '192.168.1.255'), b = ipv4_compare('192.168.1.1/24', '192.168.1.255/24'), "
          + "c = ipv4_compare('192.168.1.1', '192.168.1.255', 24), d = ipv4_compare('192.168.1.255', '192.168.1.1'), "
          + "e = ipv4_compare('::1', '::1'), f = ipv4_compare('10.0.0.1', '10.0.0.1', 33)",
        language: .kql, now: GoldenTranslations.now, on: connection
      ).rows == [["-1", "0", "0", "1", nil, nil]])
  }
}

/// `url_encode`, `url_encode_component` and `make_datetime` on real PostgreSQL.
@Suite("KQL url encoding and make_datetime", .serialized)
struct KQLURLAndDatetimeTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_url_make_datetime"))
  }

  func printed(_ assignments: String) throws -> [[String?]] {
    try TranslationHarness.run("print " + assignments, language: .kql, now: GoldenTranslations.now, on: connection)
      .rows
  }

  @Test func urlEncoding() throws {
    // The documented examples, then the characters each form keeps, and UTF-8.
    #expect(
      try printed(
        "a = url_encode('https://www.bing.com/hello world'), b = url_encode_component('https://www.bing.com/hello world/'), "
          + "c = url_encode('a-_.!*()~é'), d = url_encode_component('a-_.!*()~é'), e = url_encode('')")
        == [
          [
            "https%3a%2f%2fwww.bing.com%2fhello+world", "https%3A%2F%2Fwww.bing.com%2Fhello%20world%2F",
            "a-_.!*()%7e%c3%a9", "a-_.%21%2A%28%29~%C3%A9", "",
          ]
        ])
  }

  @Test func makeDatetime() throws {
    // The documented examples, then parts out of range (null, never an error).
    #expect(
      try printed(
        "a = make_datetime(2017, 10, 01), b = make_datetime(2017, 10, 01, 12, 10), "
          + "c = make_datetime(2017, 10, 01, 12, 11, 0.1234567), d = make_datetime(2024, 2, 29), "
          + "e = make_datetime(2023, 2, 29), f = make_datetime(2017, 13, 1), g = make_datetime(2017, 1, 1, 24, 0), "
          + "h = make_datetime(2017, 1, 1, 0, 0, 60), i = make_datetime(0, 1, 1), j = make_datetime(2017, 1, int(null))"
      )
        == [
          [
            "2017-10-01 00:00:00+00", "2017-10-01 12:10:00+00", "2017-10-01 12:11:00.123457+00",
            "2024-02-29 00:00:00+00", nil, nil, nil, nil, nil, nil,
          ]
        ])
  }
}
