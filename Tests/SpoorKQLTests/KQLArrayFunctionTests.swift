import SpoorPostgres
import SpoorTestSupport
import Testing

/// strcmp, array_rotate_left/right, array_shift_left/right, array_iff and bag_set_key on real PostgreSQL: exact
/// values from each function's Kusto documentation (its examples) and from its stated rules.
@Suite("KQL strcmp, array rotation, shift, array_iff and bag_set_key", .serialized)
struct KQLArrayFunctionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_array_functions"))
  }

  /// The rows of a query as PostgreSQL's text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try rows("print " + assignments) == [expected])
  }

  @Test("strcmp: the documented table, prefixes, empty and null strings, -1/0/1 only")
  func strcmp() throws {
    let documented = """
      datatable(string1:string, string2:string)
      ["ABC","ABC", "abc","ABC", "ABC","abc", "abcde","abc"]
      | extend result = strcmp(string1, string2)
      """
    #expect(
      try rows(documented) == [
        ["ABC", "ABC", "0"], ["abc", "ABC", "1"], ["ABC", "abc", "-1"], ["abcde", "abc", "1"],
      ])
    try expectPrinted(
      "a = strcmp('ABC', 'ABCd'), b = strcmp('', ''), c = strcmp('', 'a'), d = strcmp(string(null), ''), "
        + "e = strcmp('a', 'z'), f = strcmp(123, '123')",
      ["-1", "0", "-1", "0", "-1", "0"])
  }

  @Test("strcmp orders by UTF-16 code unit: a character beyond U+FFFF sorts before U+E000–U+FFFF")
  func strcmpUTF16Order() throws {
    // U+1F600 is the surrogate pair D83D DE00 in UTF-16, below U+FF21 (FULLWIDTH A); code point order says the
    // opposite. Below U+E000 the two orders agree.
    try expectPrinted(
      "a = strcmp('x\u{1F600}', 'x\u{FF21}'), b = strcmp('x\u{FF21}', 'x\u{1F600}'), c = strcmp('\u{1F600}', 'z'), "
        + "d = strcmp('\u{1F600}a', '\u{1F600}b'), e = strcmp('\u{FF21}\u{1F600}', '\u{FF21}\u{1F600}')",
      ["-1", "1", "1", "-1", "0"])
  }

  @Test("array_rotate_left and array_rotate_right: the documented examples, counts beyond the length, [] and null")
  func rotate() throws {
    try expectPrinted(
      "a = array_rotate_left(dynamic([1,2,3,4,5]), 2), b = array_rotate_left(dynamic([1,2,3,4,5]), -2), "
        + "c = array_rotate_right(dynamic([1,2,3,4,5]), 2), d = array_rotate_right(dynamic([1,2,3,4,5]), -2), "
        + "e = array_rotate_left(dynamic([1,2,3]), 7), f = array_rotate_left(dynamic([]), 3), "
        + "g = array_rotate_left(dynamic({'a': 1}), 1), h = array_rotate_left(dynamic([1,2]), long(null))",
      ["[3, 4, 5, 1, 2]", "[4, 5, 1, 2, 3]", "[4, 5, 1, 2, 3]", "[3, 4, 5, 1, 2]", "[2, 3, 1]", "[]", nil, nil])
  }

  @Test("array_shift_left and array_shift_right: the documented examples, shifts past the length, fill values")
  func shift() throws {
    try expectPrinted(
      "a = array_shift_left(dynamic([1,2,3,4,5]), 2, -1), b = array_shift_left(dynamic([1,2,3,4,5]), -2, -1), "
        + "c = array_shift_right(dynamic([1,2,3,4,5]), 2, -1), d = array_shift_right(dynamic([1,2,3,4,5]), -2, -1), "
        + "e = array_shift_left(dynamic([1,2,3]), 9, 'x'), f = array_shift_right(dynamic(['a','b']), 1, dynamic(null)), "
        + "g = array_shift_left(dynamic([1,2]), 0, 0), h = array_shift_left(dynamic('s'), 1, 0)",
      [
        "[3, 4, 5, -1, -1]", "[-1, -1, 1, 2, 3]", "[-1, -1, 1, 2, 3]", "[3, 4, 5, -1, -1]", #"["x", "x", "x"]"#,
        #"[null, "a"]"#, "[1, 2]", nil,
      ])
  }

  @Test("array_shift_* without a fill value is refused: the documented default depends on an undefined array type")
  func shiftWithoutFill() {
    let failure = TranslationHarness.failure("print array_shift_left(dynamic([1,2,3]), 1)", language: .kql)
    #expect(failure.contains("array_shift_left without a fill value is not supported"))
    #expect(failure.contains("test.kql:1:7:"))
  }

  @Test("array_iff: the documented example, numbers as conditions, scalars, shorter arrays and non-conditions")
  func arrayIff() throws {
    try expectPrinted(
      "a = array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6])), "
        + "b = array_iif(dynamic([1, 0, 2.5, -1]), 'yes', 'no'), "
        + "c = array_iff(dynamic([true, false, true]), dynamic([1]), 0), "
        + "d = array_iff(dynamic(['true', null, {}]), 1, 0), e = array_iff(dynamic([]), 1, 0), "
        + "f = array_iff(dynamic(true), 1, 0)",
      [
        "[1, 5, 3]", #"["yes", "no", "yes", "yes"]"#, "[1, 0, null]", "[null, null, null]", "[]", nil,
      ])
  }

  @Test("bag_set_key: the documented root-level example, a one-member JSONPath, a value that is no bag")
  func bagSetKey() throws {
    let documented = """
      datatable(input: dynamic) [dynamic({'key1': 1, 'key2': 2}), dynamic({'key1': 1, 'key3': 'abc'})]
      | extend result = bag_set_key(input, 'key3', 3)
      """
    #expect(
      try rows(documented) == [
        [#"{"key1": 1, "key2": 2}"#, #"{"key1": 1, "key2": 2, "key3": 3}"#],
        [#"{"key1": 1, "key3": "abc"}"#, #"{"key1": 1, "key3": 3}"#],
      ])
    try expectPrinted(
      "a = bag_set_key(dynamic({'a': 1}), '$.b', 'x'), b = bag_set_key(dynamic({'a': 1}), \"$['a b']\", "
        + "datetime(2026-01-02)), c = bag_set_key(dynamic([1]), 'a', 1), d = bag_set_key(dynamic({}), 'k', dynamic([1]))",
      [
        #"{"a": 1, "b": "x"}"#, #"{"a": 1, "a b": "2026-01-02T00:00:00Z"}"#, nil, #"{"k": [1]}"#,
      ])
  }

  @Test("bag_set_key refuses a nested JSONPath and array indexing, at the key")
  func bagSetKeyRefusals() {
    let nested = TranslationHarness.failure("print bag_set_key(dynamic({}), '$.a.b', 1)", language: .kql)
    #expect(nested.contains("bag_set_key with a nested JSONPath is not supported"))
    #expect(nested.contains("test.kql:1:32:"))
    let indexed = TranslationHarness.failure("print bag_set_key(dynamic({}), '$.a[0]', 1)", language: .kql)
    #expect(indexed.contains("without array indexing"))
  }
}
