import SpoorPostgres
import SpoorTestSupport
import Testing

/// Syntax hunters write that Kusto accepts and Spoor refused, on real PostgreSQL with exact rows: join
/// conditions joined with `and` (Kusto's join documentation: "use the `and` keyword or separate them with commas")
/// and `where * has "x"` (Kusto's where documentation: the rows where any column has the term); and the offset
/// argument of `startofday`, `endofmonth` and their kin (days, weeks, months or years, as each function's page says);
/// the whitespace Kusto.Language skips beyond ASCII's (`TextFacts.IsWhitespace`); and `parse-kv` with specified
/// delimiters, checked against the worked examples of Kusto's parse-kv page; and `has_any`/`has_all` over a computed
/// dynamic array (has_any's page takes a dynamic array of terms).
@Suite("KQL hunter syntax", .serialized)
struct KQLHunterSyntaxTests {
  static let fixture = #"""
    INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "DeviceId", "DeviceName", "FileName",
      "ProcessId") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', 'WS1', 'a.exe', 4),
    (2, '2026-01-01 00:02:00+00', 'd1', 'WS1', 'b.exe', 8),
    (3, '2026-01-01 00:03:00+00', 'd2', 'WS2', 'c.exe', 4);

    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "DeviceName", "RemoteIP",
      "RemoteUrl", "RemotePort", "InitiatingProcessId") VALUES
    (10, '2026-01-01 00:05:00+00', 'd1', 'WS1', '203.0.113.9', 'https://www.contoso.com/x', 443, 8),
    (11, '2026-01-01 00:06:00+00', 'd2', 'WS2', '198.51.100.2', 'https://beta.contoso.com/', 443, 4),
    (12, '2026-01-01 00:07:00+00', 'd1', 'CONTOSO-DC', '198.51.100.3', 'https://example.org/', 80, 4),
    (13, '2026-01-01 00:08:00+00', 'd2', 'WS2', '198.51.100.4', 'https://mycontoso.com/', 80, 99);
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_hunter_syntax"))
    try connection.executeScript(Self.fixture)
  }

  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection)
  }

  @Test("join conditions joined with and match on every pair, like commas")
  func joinConditionsJoinedWithAnd() throws {
    let keys = "$left.DeviceId == $right.DeviceId and $left.ProcessId == $right.InitiatingProcessId"
    let query = """
      DeviceProcessEvents
      | join kind=inner (DeviceNetworkEvents | project DeviceId, InitiatingProcessId, RemoteIP) on \(keys)
      | project FileName, RemoteIP | order by RemoteIP asc
      """
    let result = try run(query)
    #expect(result.columns == ["FileName", "RemoteIP"])
    #expect(result.rows == [["c.exe", "198.51.100.2"], ["a.exe", "198.51.100.3"], ["b.exe", "203.0.113.9"]])
    let commas = query.replacingOccurrences(of: " and $left.ProcessId", with: ", $left.ProcessId")
    #expect(try run(commas).rows == result.rows)
    let mixed = """
      DeviceProcessEvents
      | join kind=leftanti (DeviceNetworkEvents | project DeviceId, InitiatingProcessId)
        on DeviceId and $left.ProcessId == $right.InitiatingProcessId
      | project FileName
      """
    #expect(try run(mixed).rows == [])
    let leftsemi = """
      DeviceNetworkEvents
      | join kind=leftsemi (DeviceProcessEvents) on DeviceId and $right.ProcessId == $left.InitiatingProcessId
      | project ReportId | order by ReportId asc
      """
    #expect(try run(leftsemi).rows == [["10"], ["11"], ["12"]])
  }

  @Test("where * has keeps the rows where any column has the term; not() and other predicates combine")
  func whereStarHas() throws {
    let query = """
      DeviceNetworkEvents
      | project ReportId, DeviceName, RemoteUrl
      | where * has "contoso"
      | order by ReportId asc | project ReportId
      """
    // 13's mycontoso.com holds contoso only inside a word, so `has` misses it.
    #expect(try run(query).rows == [["10"], ["11"], ["12"]])
    let combined = """
      DeviceNetworkEvents
      | project ReportId, DeviceName, RemoteUrl, RemotePort
      | where * has "contoso" and not(* contains "beta") and RemotePort == 443
      | project ReportId
      """
    #expect(try run(combined).rows == [["10"]])
    // The term matches a number's text too, as search does.
    let number = "DeviceNetworkEvents | where * has \"80\" | order by ReportId asc | project ReportId"
    #expect(try run(number).rows == [["12"], ["13"]])
  }

  @Test("a * outside a match is still not a value")
  func starElsewhereIsRefused() {
    let failure = TranslationHarness.failure(
      "DeviceNetworkEvents | extend x = * has \"a\"", language: .kql)
    #expect(failure.contains("'*' is not a value here"))
  }

  @Test("startof and endof functions take an offset in their own unit, negative too")
  func periodBoundaryOffsets() throws {
    let query = """
      print
        a = startofday(datetime(2024-03-15 10:00), -1), b = endofday(datetime(2024-03-15), 1),
        c = startofweek(datetime(2024-03-15), 2), d = endofweek(datetime(2024-03-15), -1),
        e = startofmonth(datetime(2024-03-15), -14), f = endofmonth(datetime(2024-01-31), 1),
        g = startofyear(datetime(2024-03-15), 1), h = endofyear(datetime(2024-02-29), -1),
        i = startofday(datetime(2024-03-15), long(0)), j = startofmonth(datetime(2024-03-15), int(null))
      """
    let result = try run(query)
    #expect(
      result.rows == [
        [
          "2024-03-14 00:00:00+00", "2024-03-16 23:59:59.999999+00", "2024-03-24 00:00:00+00",
          "2024-03-09 23:59:59.999999+00", "2023-01-01 00:00:00+00", "2024-02-29 23:59:59.999999+00",
          "2025-01-01 00:00:00+00", "2023-12-31 23:59:59.999999+00", "2024-03-15 00:00:00+00", nil,
        ]
      ])
    // The fixture's processes all ran on 2026-01-01; the clock reads 2026-01-01, so yesterday holds none of them.
    let yesterday = """
      DeviceProcessEvents
      | where Timestamp between (startofday(now(), -1) .. endofday(now(), -1)) | count
      """
    #expect(try run(yesterday).rows == [["0"]])
    let today = "DeviceProcessEvents | where Timestamp < startofday(now(), 1) | count"
    #expect(try run(today).rows == [["3"]])
    // datetime_add's calendar units inside between's bounds, where PostgreSQL refused a bare AT TIME ZONE.
    let added = """
      DeviceProcessEvents
      | where Timestamp between (datetime_add('day', -1, now()) .. datetime_add('month', 1, now())) | count
      """
    #expect(try run(added).rows == [["3"]])
    let text = TranslationHarness.failure("print x = startofday(now(), \"1\")", language: .kql)
    #expect(text.contains("startofday's offset"))
  }

  @Test("a byte order mark, no-break and other Unicode spaces are whitespace, as in Kusto.Language")
  func wideWhitespace() throws {
    let query =
      "\u{FEFF}DeviceProcessEvents\n|\u{00A0}where\u{00A0}DeviceName\u{2009}==\u{00A0}'WS1'\u{3000}and "
      + "ProcessId\u{202F}>\u{00A0}4\n\u{000C}| project\u{200B}FileName"
    #expect(try run(query).rows == [["b.exe"]])
    // Inside a string the characters are kept.
    let kept = "print s = strlen('a\u{00A0}b')"
    #expect(try run(kept).rows == [["3"]])
  }

  @Test("parse-kv with delimiters gives the values of Kusto's worked examples, typed, first pair winning")
  func parseKVWithDelimiters() throws {
    let documented = """
      print str="ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info"
      | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (pair_delimiter=',', kv_delimiter=':')
      | project-away str
      """
    let result = try run(documented)
    #expect(result.columns == ["Text", "ThreadId", "Machine"])
    #expect(result.rows == [["The service is up", "458745723", "Node001"]])
    let nonGreedy = """
      print str='name=John Doe phone=555 5555 city=New York'
      | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=')
      | project-away str
      """
    #expect(try run(nonGreedy).rows == [["John", "555", "New"]])
    // The first pair with a key wins; a pair's key is the text before its first key delimiter; a key no pair
    // names is empty (string) or null; a bracketed name may hold any character; greedy=false is the default.
    let rules = """
      print str='  a = x=y ; b=2;a=3; c.d = [v] ;e=  ;xb=9'
      | parse-kv str as (a:string, b:int, ['c.d']:string, e:string, x:string, n:long)
        with (pair_delimiter=';', kv_delimiter='=', greedy=false)
      | project-away str
      """
    #expect(try run(rules).rows == [["x=y", "2", "[v]", "", "", nil]])
    let table = """
      DeviceProcessEvents
      | extend Args = strcat('pid=', ProcessId, '|dev=', DeviceName)
      | parse-kv Args as (pid:long, dev:string) with (kv_delimiter='=', pair_delimiter='|')
      | where pid > 4 | project FileName, pid, dev | order by pid asc
      """
    #expect(try run(table).rows == [["b.exe", "8", "WS1"]])
  }

  @Test("parse-kv modes the documentation leaves open are refused with the reason")
  func parseKVRefusals() {
    func failure(_ with: String) -> String {
      TranslationHarness.failure("print s='a=1' | parse-kv s as (a:string)" + with, language: .kql)
    }
    #expect(failure("").contains("parse-kv without delimiters is not supported"))
    #expect(failure(" with (regex=@'(\\w+)=(\\w+)')").contains("parse-kv with regex is not supported"))
    #expect(
      failure(" with (pair_delimiter=' ', kv_delimiter='=', quote='\"')").contains(
        "parse-kv with quote is not supported"))
    #expect(
      failure(" with (pair_delimiter=' ', kv_delimiter='=', greedy=true)").contains(
        "parse-kv with greedy is not supported"))
    #expect(
      failure(" with (pair_delimiter=', ', kv_delimiter='=')").contains("pair_delimiter of several characters"))
    #expect(
      failure(" with (pair_delimiter=' ')").contains("parse-kv's kv_delimiter must be a non-empty constant string"))
    #expect(failure(" with (pair=' ', kv_delimiter='=')").contains("unknown parse-kv option 'pair'"))
  }

  @Test("has_any and has_all take the terms of a computed dynamic array, each a whole term")
  func termsOfAComputedArray() throws {
    let query = """
      let Terms = toscalar(datatable(t:string)["contoso.com", "Beta", "x-y", ""] | where isnotempty(t)
        | summarize make_set(t));
      datatable(u:string)["www.contoso.com/a", "beta.org", "xx-y", "x-y contoso.com beta", "good"]
      | extend any = u has_any (Terms), all = u has_all (Terms), split = u has_any (split("good,org", ","))
      """
    #expect(
      try run(query).rows == [
        ["www.contoso.com/a", "t", "f", "f"], ["beta.org", "t", "f", "t"], ["xx-y", "f", "f", "f"],
        ["x-y contoso.com beta", "t", "t", "f"], ["good", "f", "f", "t"],
      ])
    // A number is its JSON text; nulls are no terms; a value that is not an array holds none.
    let values = """
      print n = "a 15 b" has_any (toscalar(print x = dynamic([15, null]))),
        none = "a" has_any (toscalar(print x = dynamic({"a": 1}))),
        every = "a" has_all (toscalar(print x = dynamic([null])))
      """
    #expect(try run(values).rows == [["t", "f", "t"]])
    let table = """
      let Urls = toscalar(DeviceNetworkEvents | where RemotePort == 80 | summarize make_set(RemoteUrl));
      DeviceNetworkEvents | where RemoteUrl has_any (Urls) | order by ReportId asc | project ReportId
      """
    #expect(try run(table).rows == [["12"], ["13"]])
  }
}
