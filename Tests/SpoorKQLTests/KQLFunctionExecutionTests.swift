import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The scalar functions added from Kusto's list, run on real PostgreSQL: exact values, each taken from the
/// function's Kusto documentation (its examples where it has them) or worked out by hand from its rules.
@Suite("KQL function execution", .serialized)
struct KQLFunctionExecutionTests {
  static let now: Int64 = 1_767_225_600_000_000

  static let fixture = #"""
    INSERT INTO spoor.geoip (network, country, state, city, latitude, longitude) VALUES
    ('20.53.0.0/16', 'Australia', '', '', -33.5, 151.5),
    ('20.53.203.0/24', 'Australia', 'New South Wales', 'Sydney', -33.86, 151.2),
    ('2a03:2880::/32', 'United States', 'California', 'Menlo Park', 37.45, -122.18);

    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "RemoteIP") VALUES
    (1, '2026-01-01 00:00:00+00', 'd1', '20.53.203.50'),
    (2, '2026-01-01 00:00:00+00', 'd1', '20.53.1.1'),
    (3, '2026-01-01 00:00:00+00', 'd1', '2a03:2880:f12f:83:face:b00c::25de'),
    (4, '2026-01-01 00:00:00+00', 'd1', '10.0.0.1'),
    (5, '2026-01-01 00:00:00+00', 'd1', 'not an address'),
    (6, '2026-01-01 00:00:00+00', 'd1', '');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_function_execution"))
    try connection.executeScript(Self.fixture)
  }

  /// Expects the one row of `print assignments`, as PostgreSQL's text cells (booleans `t`/`f`).
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    let result = try TranslationHarness.run("print " + assignments, language: .kql, now: Self.now, on: connection)
    let row = result.rows.count == 1 ? result.rows[0] : []
    #expect(row == expected)
  }

  @Test func packArrayAndBagPack() throws {
    try expectPrinted(
      #"a = pack_array(1, "a", 2.5, datetime(2026-01-02)), b = pack_array(int(null), "")"#,
      [
        #"[1, "a", 2.5, "2026-01-02T00:00:00Z"]"#, #"[null, ""]"#,
      ])
    // The documented example of pack(); jsonb orders a bag's keys itself.
    try expectPrinted(
      #"b = pack("Level", "Information", "ProcessID", 1234, "Data", pack("url", "www.bing.com")), "#
        + #"c = bag_pack(), d = pack_dictionary("k", dynamic([1]))"#,
      [
        #"{"Data": {"url": "www.bing.com"}, "Level": "Information", "ProcessID": 1234}"#, "{}", #"{"k": [1]}"#,
      ])
  }

  @Test func arrayConcatAndSetFunctions() throws {
    // set_union's, set_intersect's and set_difference's documented examples (first row: x = 1).
    try expectPrinted(
      "u = set_union(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([8])), "
        + "i = set_intersect(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([1,2,8])), "
        + "d = set_difference(dynamic([1,2,1,4]), dynamic([1,2]), dynamic([8])), "
        + "s = set_union(dynamic(['A4','A2','A7','A2']), dynamic(['A4','A2','A7','A2'])), "
        + "c = array_concat(dynamic([1,2]), dynamic(['a']), dynamic([])), "
        + "n = array_concat(dynamic([1]), dynamic({'a': 1})), e = set_intersect(dynamic([1]), dynamic([2]))",
      [
        "[1, 2, 4, 8]", "[1, 2]", "[4]", #"["A4", "A2", "A7"]"#, #"[1, 2, "a"]"#, nil, "[]",
      ])
  }

  @Test func stringSizeAndHashes() throws {
    try expectPrinted(
      #"a = string_size("⒦⒰⒮⒯⒪"), b = string_size("hello"), c = hash_md5("World"), d = hash_sha1("World"), "#
        + #"e = hash_sha256("World")"#,
      [
        "15", "5", "f5a7924e621e84c9280a9a27e1bcb7f6", "70c07ec18ef89c5309bbb0937f3a6342411e1fdd",
        "78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524",
      ])
  }

  @Test func absAndBinaryFunctions() throws {
    try expectPrinted(
      "a = abs(-5), b = abs(-1.5), c = binary_and(6, 3), d = binary_or(6, 3), e = binary_xor(6, 3), "
        + "f = binary_not(100), g = binary_shift_left(1, 3), h = binary_shift_right(-8, 1), "
        + "i = binary_shift_left(1, 64), j = binary_and(long(null), 1)",
      [
        "5", "1.5", "2", "7", "5", "-101", "8", "-4", "1", nil,
      ])
  }

  @Test func indexofWithStartAndLength() throws {
    // indexof's documented examples idx1 to idx7.
    try expectPrinted(
      #"i1 = indexof("abcdefg", "cde"), i2 = indexof("abcdefg", "cde", 1, 4), i3 = indexof("abcdefg", "cde", 1, 2), "#
        + #"i4 = indexof("abcdefg", "cde", 3, 4), i5 = indexof("abcdefg", "cde", -5), i6 = indexof(1234567, 5, 1, 4), "#
        + #"i7 = indexof("abcdefg", "cde", 2, -1), i8 = indexof("abcdefg", "cde", 0, -2), i9 = indexof("abc", "c", 9)"#,
      ["2", "2", "-1", "-1", "2", "4", "2", nil, "-1"])
  }

  @Test func extractJSON() throws {
    let json = #"'{"name": "John", "age": 30, "tags": ["a", {"b": 2}]}'"#
    try expectPrinted(
      #"a = extract_json("$.name", \#(json), typeof(string)), b = extract_json("$.age", \#(json), typeof(long)), "#
        + #"c = extractjson("$.tags[1]", \#(json)), d = extract_json("$.missing", \#(json)), "#
        + #"e = extract_json("$.name", "not json")"#, ["John", "30", #"{"b": 2}"#, "", ""])
  }

  @Test func mathGivesNaNAndInfinitiesWherePostgreSQLWouldRaise() throws {
    try expectPrinted(
      "a = sqrt(4), b = sqrt(-1), c = log(0), d = log(-1), e = log10(1000), f = log2(8), g = log(1), "
        + "h = asin(2), i = acos(1), j = atan2(1, 1), k = isnan(sqrt(-1)), l = isinf(log(0)), m = isfinite(1.5), "
        + "n = sin(0), o = cos(0), p = degrees(pi()), q = radians(180), r = sin(log(0))",
      [
        "2", "NaN", "-Infinity", "NaN", "3", "3", "0", "NaN", "0", "0.7853981633974483", "t", "t", "t",
        "0", "1", "180", "3.141592653589793", "NaN",
      ])
  }

  @Test func roundingAndConditionals() throws {
    // max_of's documented example; bin_at's documented examples.
    try expectPrinted(
      "a = max_of(10, 1, -3, 17), b = min_of(10, 1, -3, 17), c = max_of(int(null), 2), d = ceiling(1.5), "
        + "e = ceiling(-1.5), f = sign(-42), g = sign(0.0), h = bin_at(6.5, 2.5, 7), "
        + "i = tostring(bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0)))",
      [
        "17", "-3", "2", "2", "-1", "-1", "0", "4.5", "2017-05-14T12:00:00Z",
      ])
  }

  @Test func calendarParts() throws {
    try expectPrinted(
      "a = dayofyear(datetime(2015-12-14)), b = weekofyear(datetime(2020-12-31)), "
        + "c = week_of_year(datetime(2021-01-01)), d = monthofyear(datetime(2015-12-14)), "
        + "e = tostring(endofmonth(datetime(2017-02-15))), f = tostring(endofweek(datetime(2017-01-01 10:10:17))), "
        + "g = tostring(endofyear(datetime(2017-06-01))), "
        + "h = tostring(unixtime_microseconds_todatetime(1546300800000000)), "
        + "i = tostring(unixtime_nanoseconds_todatetime(1546300800000000000))",
      [
        "348", "53", "53", "12", "2017-02-28T23:59:59.9999990Z", "2017-01-07T23:59:59.9999990Z",
        "2017-12-31T23:59:59.9999990Z", "2019-01-01T00:00:00Z", "2019-01-01T00:00:00Z",
      ])
  }

  @Test func datetimeParts() throws {
    // datetime_part's documented example with six fractional digits: PostgreSQL keeps microseconds, so Spoor's
    // datetimes never have Kusto's seventh (100 ns) digit.
    let date = "datetime(2017-10-30 01:02:03.765432)"
    let parts = [
      "Year", "Quarter", "Month", "week_of_year", "Day", "DayOfYear", "Hour", "Minute", "Second", "Millisecond",
      "Microsecond", "Nanosecond",
    ]
    try expectPrinted(
      parts.map { "p\($0) = datetime_part('\($0)', \(date))" }.joined(separator: ", "),
      ["2017", "4", "10", "44", "30", "303", "1", "2", "3", "765", "765432", "765432000"])
  }

  @Test func stringEncodingsAndTypes() throws {
    let long = "The quick brown fox jumps over the lazy dog, twice over and again"
    try expectPrinted(
      #"a = base64_encode_tostring("Kusto1"), b = base64_encode_tostring("\#(long)"), "#
        + #"c = reverse("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), d = isascii("Kusto"), e = isascii("Kusto⒦")"#,
      [
        "S3VzdG8x",
        "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZywgdHdpY2Ugb3ZlciBhbmQgYWdhaW4=",
        "ZYXWVUTSRQPONMLKJIHGFEDCBA", "t", "f",
      ])
    // gettype's documented examples.
    try expectPrinted(
      #"a = gettype("a"), b = gettype(111), c = gettype(1==1), d = gettype(now()), e = gettype(1s), "#
        + #"f = gettype(parse_json('1')), g = gettype(parse_json(' "abc" ')), h = gettype(parse_json(' {"abc":1} ')), "#
        + #"i = gettype(parse_json(' [1, 2, 3] ')), j = gettype(123.45), k = gettype(parse_json(''))"#,
      [
        "string", "long", "bool", "datetime", "timespan", "int", "string", "dictionary", "array", "real", "null",
      ])
  }

  @Test func arraySliceIndexAndMembership() throws {
    // array_slice's and array_index_of's documented examples.
    try expectPrinted(
      "a = array_slice(dynamic([1,2,3]), 1, 2), b = array_slice(dynamic([1,2,3,4,5]), 2, -1), "
        + "c = array_slice(dynamic([1,2,3,4,5]), -3, -2), d = array_slice(dynamic({'a': 1}), 0, 1)",
      ["[2, 3]", "[3, 4, 5]", "[3, 4]", nil])
    let array = #"dynamic(["this", "is", "an", "example", "an", "example"])"#
    try expectPrinted(
      "i1 = array_index_of(\(array), 'an'), i2 = array_index_of(\(array), 'example', 1, 3), "
        + "i3 = array_index_of(\(array), 'example', 1, 2), i4 = array_index_of(\(array), 'is', 2, 4), "
        + "i5 = array_index_of(\(array), 'example', 2, -1), i6 = array_index_of(\(array), 'an', 1, -1, 2), "
        + "i7 = array_index_of(\(array), 'an', 1, -1, 3), i8 = array_index_of(\(array), 'an', -3), "
        + "i9 = array_index_of(\(array), 'is', -4), h = set_has_element(\(array), 'is'), "
        + "n = set_has_element(\(array), 'isn''t')",
      ["2", "3", "-1", "-1", "3", "4", "-1", "4", "-1", "t", "f"])
  }

  @Test func arrayReverseSumAndBagMerge() throws {
    // array_reverse's, array_sum's and bag_merge's documented examples.
    try expectPrinted(
      #"a = array_reverse(dynamic(["this", "is", "an", "example"])), b = array_sum(dynamic([1,2,3,4])), "#
        + "c = array_sum(dynamic([1, 'x'])), d = array_sum(dynamic([0.1, 0.2])), "
        + "e = bag_merge(dynamic({ 'A1':12, 'B1':2, 'C1':3}), dynamic({ 'A2':81, 'B2':82, 'A1':1}))",
      [
        #"["example", "an", "is", "this"]"#, "10", nil, "0.30000000000000004",
        #"{"A1": 12, "A2": 81, "B1": 2, "B2": 82, "C1": 3}"#,
      ])
  }

  @Test func strcatArrayAndBagHasKey() throws {
    // strcat_array's and bag_has_key's documented examples.
    try expectPrinted(
      #"a = strcat_array(dynamic([1, 2, 3]), "->"), b = strcat_array(dynamic([1, 2, 3]), '"'), "#
        + #"c = strcat_array(dynamic(["x", true, 2.5]), ","), d = strcat_array(dynamic([]), ",")"#,
      ["1->2->3", #"1"2"3"#, "x,true,2.5", ""])
    try expectPrinted(
      "a = bag_has_key(dynamic({'key1' : 123, 'key2': 'abc'}), 'key2'), "
        + "b = bag_has_key(dynamic({'key1' : 123, 'key3': 'abc'}), 'key2'), "
        + "c = bag_has_key(dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}}), '$.key2.prop1'), "
        + "d = bag_has_key(dynamic([1]), 'key1')",
      ["t", "f", "t", "f"])
  }

  @Test func ipv4RangesAndParsing() throws {
    // ipv4_is_in_any_range's and parse_ipv4's documented examples.
    try expectPrinted(
      "a = ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16'), "
        + #"b = ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"])), "#
        + "c = ipv4_is_in_any_range('10.1.2.3', dynamic(['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8'])), "
        + "d = ipv4_is_in_any_range('123.1.11.21', dynamic(['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8'])), "
        + "e = ipv4_is_in_any_range('1.1.1.1', '1.0.0.0/8', 'not a range'), "
        + "f = ipv4_is_in_any_range('not an address', '1.0.0.0/8'), "
        + "g = parse_ipv4('192.168.1.1'), h = parse_ipv4('192.168.1.1/24'), i = parse_ipv4('255.255.255.255/31'), "
        + "j = parse_ipv4('256.1.1.1')",
      ["t", "t", "t", "f", nil, nil, "3232235777", "3232235776", "4294967294", nil])
  }

  @Test func hasIPv4FindsDelimitedAddresses() throws {
    // has_ipv4's documented examples, then has_any_ipv4 with the same rules.
    try expectPrinted(
      "a = has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1'), "
        + "b = has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256'), "
        + "c = has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1'), "
        + "d = has_ipv4('from 10.1.1.115 and', '10.1.1.1'), "
        + "e = has_any_ipv4('These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '8.8.8.8', '10.1.1.201')",
      ["t", "f", "f", "f", "t"])
  }

  @Test func geoInfoFromIPAddressReadsTheMostSpecificLoadedNetwork() throws {
    let result = try TranslationHarness.run(
      "DeviceNetworkEvents | sort by ReportId asc | project g = geo_info_from_ip_address(RemoteIP)", language: .kql,
      now: Self.now, on: connection)
    #expect(
      result.rows.map { $0.first ?? nil } == [
        #"{"city": "Sydney", "state": "New South Wales", "country": "Australia", "latitude": -33.86, "longitude": 151.2}"#,
        #"{"city": "", "state": "", "country": "Australia", "latitude": -33.5, "longitude": 151.5}"#,
        #"{"city": "Menlo Park", "state": "California", "country": "United States", "latitude": 37.45, "longitude": -122.18}"#,
        nil, nil, nil,
      ])
  }
}

/// `ingestion_time()` and `column_ifexists()` read what the input has.
@Suite("KQL metadata function execution", .serialized)
struct KQLMetadataFunctionExecutionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_metadata_functions"))
    try connection.executeScript(
      #"""
      INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "FileName", "_spoor_ingested_at") VALUES
      (1, '2026-01-01 00:00:00+00', 'a.exe', '2026-01-01 00:05:00+00'),
      (2, '2026-01-01 00:01:00+00', 'b.exe', '2026-01-01 02:00:00+00');
      """#)
  }

  func column(_ kql: String) throws -> [String?] {
    try TranslationHarness.run(kql, language: .kql, now: KQLFunctionExecutionTests.now, on: connection).rows.map {
      $0.first ?? nil
    }
  }

  @Test func ingestionTimeIsTheRowsLoadTime() throws {
    #expect(
      try column(
        "DeviceProcessEvents | where ingestion_time() > datetime(2026-01-01 01:00) | project ReportId") == ["2"])
    #expect(
      try column(
        "DeviceProcessEvents | where FileName == 'a.exe' | extend t = ingestion_time() | project tostring(t)")
        == ["2026-01-01T00:05:00Z"])
  }

  @Test func ingestionTimeAfterAProjectionIsRefused() {
    let found = KQLTranslator.bind(
      SourceText(name: "hunt.kql", text: "DeviceProcessEvents | project FileName | extend t = ingestion_time()"),
      catalog: .builtIn
    ).diagnostics
    #expect(found.map(\.code) == [DiagnosticCode("KQL-U001")])
  }

  @Test func columnIfExistsPicksTheColumnOrTheDefault() throws {
    #expect(
      try column(
        #"DeviceProcessEvents | sort by ReportId asc | project x = strcat(column_ifexists("FileName", "none"), "/", column_ifexists("NoSuchColumn", "none"))"#
      ) == ["a.exe/none", "b.exe/none"])
  }
}

/// `invoke FileProfile()`: the enrichment table's values, and the organisation's own prevalence and first and
/// last sightings where the enrichment lacks them.
@Suite("KQL FileProfile execution", .serialized)
struct KQLFileProfileExecutionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_file_profile"))
    try connection.executeScript(
      #"""
      INSERT INTO spoor.file_profiles ("SHA1", "SHA256", "MD5", "FileSize", "GlobalPrevalence", "Signer",
        "IsCertificateValid", "SignatureState", "ThreatName") VALUES
      ('aaaa', 'a256', 'a5', 1024, NULL, 'Contoso Ltd', true, 'SignedValid', ''),
      ('cccc', 'c256', 'c5', 7, 12345, '', false, 'Unsigned', 'Trojan:Win32/Test');

      INSERT INTO public."DeviceFileEvents" ("Timestamp", "DeviceId", "FileName", "SHA1", "SHA256") VALUES
      ('2026-01-01 00:00:00+00', 'd1', 'a.exe', 'aaaa', 'a256'),
      ('2026-01-02 00:00:00+00', 'd2', 'a-copy.exe', 'AAAA', 'a256'),
      ('2026-01-03 00:00:00+00', 'd1', 'b.exe', 'bbbb', 'b256'),
      ('2026-01-04 00:00:00+00', 'd1', 'c.exe', 'cccc', 'c256');

      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceId", "FileName", "InitiatingProcessSHA1") VALUES
      ('2025-12-31 00:00:00+00', 'd3', 'child.exe', 'aaaa'),
      ('2026-01-05 00:00:00+00', 'd1', 'child.exe', 'aaaa');
      """#)
  }

  @Test func enrichesEveryRowFromTheTableAndTheOrganisationsEvents() throws {
    let result = try TranslationHarness.run(
      """
      DeviceFileEvents
      | project FileName, SHA1
      | invoke FileProfile(SHA1, 10)
      | sort by FileName asc
      | project FileName, SHA256, MD5, FileSize, GlobalPrevalence, First = tostring(GlobalFirstSeen),
          Last = tostring(GlobalLastSeen), Signer, IsCertificateValid, ThreatName, ProfileAvailability
      """, language: .kql, now: KQLFunctionExecutionTests.now, on: connection)
    #expect(
      result.rows == [
        // The copy's upper-case hash finds the same profile; d1, d2 and d3 saw the file.
        [
          "a-copy.exe", "a256", "a5", "1024", "3", "2025-12-31T00:00:00Z", "2026-01-05T00:00:00Z", "Contoso Ltd", "t",
          "", "Available",
        ],
        [
          "a.exe", "a256", "a5", "1024", "3", "2025-12-31T00:00:00Z", "2026-01-05T00:00:00Z", "Contoso Ltd", "t",
          "", "Available",
        ],
        // No profile: only what the organisation saw.
        ["b.exe", "", "", nil, "1", "2026-01-03T00:00:00Z", "2026-01-03T00:00:00Z", "", nil, "", "Missing"],
        // The enrichment's prevalence wins; its missing first and last sightings come from the events.
        [
          "c.exe", "c256", "c5", "7", "12345", "2026-01-04T00:00:00Z", "2026-01-04T00:00:00Z", "", "f",
          "Trojan:Win32/Test", "Available",
        ],
      ])
  }

  @Test func clashingInputColumnsAreRefused() {
    let found = KQLTranslator.bind(
      SourceText(name: "hunt.kql", text: "DeviceFileEvents | invoke FileProfile()"), catalog: .builtIn
    ).diagnostics
    #expect(found.map(\.code) == [DiagnosticCode("KQL-U001")])
    #expect(found.first?.message.contains("'SHA256'") == true)
  }
}
