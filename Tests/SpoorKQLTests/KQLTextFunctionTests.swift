import SpoorPostgres
import SpoorTestSupport
import Testing

/// regex_quote, indexof_regex, parse_csv and parse_urlquery on real PostgreSQL: exact values from each function's
/// Kusto documentation (its examples where it has them) or worked out by hand from its rules, and the cases the
/// documentation leaves undefined, refused.
@Suite("KQL regex_quote, indexof_regex, parse_csv and parse_urlquery", .serialized)
struct KQLTextFunctionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_text_functions"))
  }

  /// The rows of a query as PostgreSQL's text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: GoldenTranslations.now, on: connection).rows
  }

  /// Expects the one row of `print assignments`.
  func expectPrinted(_ assignments: String, _ expected: [String?]) throws {
    #expect(try rows("print " + assignments) == [expected])
  }

  /// The rendered diagnostics of a query that must not translate.
  static func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("regex_quote escapes each RE2 metacharacter and keeps every other character")
  func regexQuote() throws {
    try expectPrinted(
      #"a = regex_quote('(so$me.Te^xt)'), b = regex_quote(@'a\b[c]{1}|x*y+z?'), c = regex_quote(''), "#
        + #"d = regex_quote('plain-text #1 /x/ é'), e = regex_quote(42)"#,
      [#"\(so\$me\.Te\^xt\)"#, #"a\\b\[c\]\{1\}\|x\*y\+z\?"#, "", "plain-text #1 /x/ é", "42"])
  }

  @Test("indexof_regex: the documented examples, the null rules, a start past the end and a length")
  func indexOfRegex() throws {
    try expectPrinted(
      #"idx1 = indexof_regex("abcabc", @"a.c"), idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2), "#
        + #"idx3 = indexof_regex("abcabc", @"a.c", 1, -1, 2), idx4 = indexof_regex("ababaa", @"a.a", 0, -1, 2), "#
        + #"idx5 = indexof_regex("abcabc", @"a|ab", -1)"#,
      ["0", "3", "-1", "-1", nil])
    try expectPrinted(
      #"a = indexof_regex("abc", "b", 0, -2), b = indexof_regex("abc", "b", 0, -1, -1), "#
        + #"c = indexof_regex("abc", "b", 5), d = indexof_regex("abcabc", "c", 0, 2), e = indexof_regex("abcabc", "c", 0, 3), "#
        + #"f = indexof_regex("abcabc", "a", 2), g = indexof_regex("", "x"), h = indexof_regex("", "x*"), "#
        + #"i = indexof_regex("xab", "^a"), j = indexof_regex("ab", "^a", 0, -1), k = indexof_regex("aXbxc", "(?i)x", 2)"#,
      [nil, nil, "-1", "-1", "2", "3", "-1", "0", "-1", "0", "3"])
  }

  @Test("indexof_regex refuses occurrence 0, a computed occurrence and anchors within a start or length")
  func indexOfRegexRefusals() {
    #expect(Self.failure(#"print indexof_regex("abc", "b", 0, -1, 0)"#).contains("indexof_regex with occurrence 0"))
    #expect(
      Self.failure(#"print n = 2 | extend i = indexof_regex("abcabc", "b", 0, -1, n)"#)
        .contains("the occurrence of indexof_regex must be a constant"))
    #expect(Self.failure(#"print indexof_regex("abc", "^b", 1)"#).contains("anchors or word boundaries"))
    #expect(Self.failure(#"print indexof_regex("abc", @"\bb", 0, 2)"#).contains("anchors or word boundaries"))
    #expect(
      Self.failure(#"print r = "b" | extend i = indexof_regex("abc", r)"#)
        .contains("the regular expression of indexof_regex must be a constant"))
  }

  @Test("parse_csv: the documented examples, empty fields, and null for records Kusto does not define")
  func parseCSV() throws {
    try expectPrinted(
      #"result = parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"'), "#
        + #"result_multi_record = parse_csv('record1,a,b,c\nrecord2,x,y,z')"#,
      [
        #"["aa", "b,b,b", "cc", "Escaping quotes: \"Title\"", "line1\nline2"]"#,
        #"["record1", "a", "b", "c"]"#,
      ])
    try expectPrinted(
      #"a = parse_csv(''), b = parse_csv(','), c = parse_csv('a,,"",b'), d = parse_csv('"x\ny",z\nw'), "#
        + #"e = array_length(parse_csv('Guy Reginiano, Guy Yehudy, Pankaj Suri, Saeed Copty')), "#
        + #"f = parse_csv(' a , b ')"#,
      [#"[""]"#, #"["", ""]"#, #"["a", "", "", "b"]"#, #"["x\ny", "z"]"#, "4", #"[" a ", " b "]"#])
    try expectPrinted(
      #"a = parse_csv('a"b,c'), b = parse_csv('"a"b,c'), c = parse_csv('"abc'), d = parse_csv('a\r\nb')"#,
      [nil, nil, nil, nil])
  }

  @Test("parse_urlquery: the documented examples; values as written, the last of a repeated key")
  func parseURLQuery() throws {
    try expectPrinted(
      #"Result = parse_urlquery("k1=v1&k2=v2&k3=v3")"#,
      [#"{"Query Parameters": {"k1": "v1", "k2": "v2", "k3": "v3"}}"#])
    // The documented function that reads one parameter (its `.[param]` written `[param]`, which Spoor's parser reads).
    #expect(
      try rows(
        """
        let getQueryParamValue = (querystring: string, param: string) {
          let params = parse_urlquery(querystring);
          tostring(params["Query Parameters"][param])
        };
        print UrlQuery = 'view=vs-2019&preserve-view=true'
        | extend view = getQueryParamValue(UrlQuery, 'view')
        | extend preserve = getQueryParamValue(UrlQuery, 'preserve-view')
        """) == [["view=vs-2019&preserve-view=true", "vs-2019", "true"]])
    try expectPrinted(
      #"a = parse_urlquery(""), b = parse_urlquery("a=1&a=2&b&c=x=y&d=%20+&=e")"#,
      [
        #"{"Query Parameters": {}}"#,
        #"{"Query Parameters": {"": "e", "a": "2", "c": "x=y", "d": "%20+"}}"#,
      ])
    // parse_url reads a URL's query by the same rule.
    try expectPrinted(
      #"p = parse_url("https://h/p?a=1&a=2&b&c=x=y")["Query Parameters"]"#, [#"{"a": "2", "c": "x=y"}"#])
  }

  @Test("url_decode stays refused: neither Kusto's documentation nor its parser says how '+' decodes")
  func urlDecodeRefused() {
    let failure = Self.failure("print url_decode('a+b%20c')")
    #expect(failure.contains("function 'url_decode' is not supported") && failure.contains("'+'"))
  }
}
