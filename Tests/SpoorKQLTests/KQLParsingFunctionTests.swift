import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Kusto's `parse_url`, `parse_path` and `parse_command_line` run on real PostgreSQL
/// (`migrations/0040_parse_functions.sql`): Kusto's documented examples verbatim, behaviour seen on Kusto
/// (microsoft/Kusto-Query-Language#112), CommandLineToArgvW's documented rules, and uses over event columns.
///
/// Results are compared as JSON values (key order aside), written as Kusto prints them.
@Suite("KQL parse_url, parse_path and parse_command_line", .serialized)
struct KQLParsingFunctionTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "DeviceId", "FileName", "FolderPath",
      "ProcessCommandLine") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', 'cmd.exe', 'C:\Windows\System32\cmd.exe', 'cmd.exe /c "whoami /all"'),
    (2, '2026-01-01 00:02:00+00', 'd1', 'powershell.exe', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe',
      '"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -enc SQBFAFgA'),
    (3, '2026-01-01 00:03:00+00', 'd2', 'rundll32.exe', 'C:\Windows\rundll32.exe',
      'rundll32.exe "C:\Users\bob\AppData\Local\Temp\x.dll",Entry'),
    (4, '2026-01-01 00:04:00+00', 'd2', 'evil.exe', '\\fileserver\share\tools\evil.exe:hidden', 'evil.exe');

    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "RemoteUrl") VALUES
    (11, '2026-01-01 00:01:30+00', 'd1', 'https://evil.example.com:8443/gate.php?id=7&token=abc#x'),
    (12, '2026-01-01 00:02:30+00', 'd1', 'http://example.org/'),
    (13, '2026-01-01 00:03:30+00', 'd2', 'example.net/token=abc');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_parsing"))
    try connection.executeScript(Self.fixture)
  }

  /// Translates and runs a query; returns its rows as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection).rows
  }

  /// The one cell a query returns.
  func cell(_ kql: String) throws -> String? {
    let result = try rows(kql)
    try #require(result.count == 1 && result[0].count == 1, "expected one cell, got \(result)")
    return result[0][0]
  }

  /// The value of `call` applied to `text` written as a KQL string literal, as canonical JSON.
  func evaluate(_ call: String, _ text: String, _ extra: String = "") throws -> String? {
    try Self.canonical(cell("print r = \(call)(\(Self.kqlLiteral(text))\(extra))"))
  }

  /// `text` as a KQL double-quoted string literal.
  static func kqlLiteral(_ text: String) -> String {
    var literal = "\""
    for character in text {
      switch character {
      case "\\": literal += #"\\"#
      case "\"": literal += #"\""#
      case "\t": literal += #"\t"#
      case "\n": literal += #"\n"#
      default: literal.append(character)
      }
    }
    return literal + "\""
  }

  /// JSON text re-serialised with sorted keys, so two spellings of one value compare equal; nil if not JSON.
  static func canonical(_ json: String?) -> String? {
    guard let json,
      let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
      let data = try? JSONSerialization.data(
        withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  // MARK: parse_url

  /// The bag Kusto returns for text it does not parse as `scheme://…`: every part empty.
  static let emptyURL =
    #"{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}"#

  /// Kusto's documented example, with the path as Kusto returns it.
  ///
  /// The documentation prints `"Path":"this/is/a/path"` and the query parameters as a string, but Kusto itself
  /// returns the path with its leading `/` and the parameters as a bag (the actual outputs quoted in
  /// microsoft/Kusto-Query-Language#112: `"Path":"/forum/questions/"`, `"Path":"/c=GB"`).
  @Test func parseURLDocumentedExample() throws {
    let result = try cell(
      #"print Result=parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")"#)
    #expect(
      Self.canonical(result)
        == Self.canonical(
          #"{"Scheme":"scheme", "Host":"host", "Port":"1234", "Path":"/this/is/a/path", "Username":"username", "Password":"password", "Query Parameters":{"k1":"v1", "k2":"v2"}, "Fragment":"fragment"}"#
        ))
  }

  static let urlCases: [(String, String)] = [
    // Kusto's outputs quoted in microsoft/Kusto-Query-Language#112.
    (
      "https://john.doe@www.example.com:123/forum/questions/?tag=networking&order=newest#top",
      #"{"Scheme":"https","Host":"john.doe@www.example.com","Port":"123","Path":"/forum/questions/","Username":"","Password":"","Query Parameters":{"order":"newest","tag":"networking"},"Fragment":"top"}"#
    ),
    (
      "ldap://[2001:db8::7]/c=GB?objectClass?one",
      #"{"Scheme":"ldap","Host":"[2001:db8:","Port":"7]","Path":"/c=GB","Username":"","Password":"","Query Parameters":{},"Fragment":""}"#
    ),
    ("mailto:John.Doe@example.com", emptyURL),
    ("news:comp.infosystems.www.servers.unix", emptyURL),
    ("tel:+1-816-555-1212", emptyURL),
    ("urn:oasis:names:specification:docbook:dtd:xml:4.1.2", emptyURL),
    // No scheme, empty.
    ("bing.com", emptyURL),
    ("", emptyURL),
    // Port, credentials, host only.
    (
      "http://example.com:8080/",
      #"{"Scheme":"http","Host":"example.com","Port":"8080","Path":"/","Username":"","Password":"","Query Parameters":{},"Fragment":""}"#
    ),
    (
      "ftp://admin:s3cret@files.example.com/pub/a.zip",
      #"{"Scheme":"ftp","Host":"files.example.com","Port":"","Path":"/pub/a.zip","Username":"admin","Password":"s3cret","Query Parameters":{},"Fragment":""}"#
    ),
    (
      "https://example.com",
      #"{"Scheme":"https","Host":"example.com","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}"#
    ),
    // A repeated key keeps its last value, as reported of Kusto in MicrosoftDocs/dataexplorer-docs#917.
    (
      "https://domain.com/a/b?c=1&c=2&c=3",
      #"{"Scheme":"https","Host":"domain.com","Port":"","Path":"/a/b","Username":"","Password":"","Query Parameters":{"c":"3"},"Fragment":""}"#
    ),
    // Query without a path; pieces without `=` dropped.
    (
      "https://h?x=1&flag&y=",
      #"{"Scheme":"https","Host":"h","Port":"","Path":"","Username":"","Password":"","Query Parameters":{"x":"1","y":""},"Fragment":""}"#
    ),
    (
      "https://h/p?a=1&b=2&a=3",
      #"{"Scheme":"https","Host":"h","Port":"","Path":"/p","Username":"","Password":"","Query Parameters":{"a":"3","b":"2"},"Fragment":""}"#
    ),
    // Fragment only; a `?` inside the fragment is part of it.
    (
      "https://h#top?x=1",
      #"{"Scheme":"https","Host":"h","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":"top?x=1"}"#
    ),
  ]

  @Test(arguments: urlCases)
  func parseURL(_ url: String, _ expected: String) throws {
    #expect(try evaluate("parse_url", url) == Self.canonical(expected))
  }

  // MARK: parse_path

  /// Kusto's documented example, query verbatim; the documentation's table prints the JSON without escaping
  /// the backslashes, written here as JSON.
  @Test func parsePathDocumentedExample() throws {
    let result = try rows(
      #"""
      datatable(p:string)
      [
          @"C:\temp\file.txt",
          @"temp\file.txt",
          "file://C:/temp/file.txt:some.exe",
          @"\\shared\users\temp\file.txt.gz",
          "/usr/lib/temp/file.txt"
      ]
      | extend path_parts = parse_path(p)
      """#)
    let parts = Dictionary(uniqueKeysWithValues: result.map { ($0[0] ?? "", Self.canonical($0[1])) })
    let expected: [String: String] = [
      #"C:\temp\file.txt"#:
        #"{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
      #"temp\file.txt"#:
        #"{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
      "file://C:/temp/file.txt:some.exe":
        #"{"Scheme":"file","RootPath":"C:","DirectoryPath":"C:/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"some.exe"}"#,
      #"\\shared\users\temp\file.txt.gz"#:
        #"{"Scheme":"","RootPath":"","DirectoryPath":"\\\\shared\\users\\temp","DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz","AlternateDataStreamName":""}"#,
      "/usr/lib/temp/file.txt":
        #"{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}"#,
    ]
    #expect(parts == expected.mapValues(Self.canonical))
  }

  static let pathCases: [(String, String)] = [
    // UNC path with a stream.
    (
      #"\\server\share\dir\tool.exe:payload.ps1"#,
      #"{"Scheme":"","RootPath":"","DirectoryPath":"\\\\server\\share\\dir","DirectoryName":"dir","Filename":"tool.exe","Extension":"exe","AlternateDataStreamName":"payload.ps1"}"#
    ),
    // Relative, no directory, ADS on a bare name.
    (
      "file.txt:stream",
      #"{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"stream"}"#
    ),
    (
      #"..\bin\run"#,
      #"{"Scheme":"","RootPath":"","DirectoryPath":"..\\bin","DirectoryName":"bin","Filename":"run","Extension":"","AlternateDataStreamName":""}"#
    ),
    // Trailing backslash: no file name.
    (
      #"C:\temp\"#,
      #"{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"","Extension":"","AlternateDataStreamName":""}"#
    ),
    // A file in the drive's root; no extension.
    (
      #"C:\pagefile"#,
      #"{"Scheme":"","RootPath":"C:","DirectoryPath":"C:","DirectoryName":"","Filename":"pagefile","Extension":"","AlternateDataStreamName":""}"#
    ),
    // Long path.
    (
      #"\\?\C:\Windows\notepad.exe"#,
      #"{"Scheme":"","RootPath":"C:","DirectoryPath":"\\\\?\\C:\\Windows","DirectoryName":"Windows","Filename":"notepad.exe","Extension":"exe","AlternateDataStreamName":""}"#
    ),
    // A URL: the scheme, then the rest as a path.
    (
      "http://example.com/downloads/setup.msi",
      #"{"Scheme":"http","RootPath":"","DirectoryPath":"example.com/downloads","DirectoryName":"downloads","Filename":"setup.msi","Extension":"msi","AlternateDataStreamName":""}"#
    ),
    (
      "",
      #"{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"","Extension":"","AlternateDataStreamName":""}"#
    ),
  ]

  @Test(arguments: pathCases)
  func parsePath(_ path: String, _ expected: String) throws {
    #expect(try evaluate("parse_path", path) == Self.canonical(expected))
  }

  // MARK: parse_command_line

  @Test func parseCommandLineDocumentedExample() throws {
    #expect(
      Self.canonical(try cell(#"print parse_command_line("echo \"hello world!\"", "windows")"#))
        == Self.canonical(#"["echo","hello world!"]"#))
  }

  static let commandLineCases: [(String, [String])] = [
    // The program: quoted to the next quote, backslashes literal; unquoted to the first blank.
    (#""C:\Program Files\app.exe" -x "y z""#, [#"C:\Program Files\app.exe"#, "-x", "y z"]),
    (#""C:\a b\x.exe"arg"#, [#"C:\a b\x.exe"#, "arg"]),
    (#"C:\x\"y z"#, [#"C:\x\"y"#, "z"]),
    // Backslashes before a quote: 2n+1 give n and a literal quote, 2n give n and toggle quoting.
    (#"p a\"b"#, ["p", #"a"b"#]),
    (#"p a\\\"b c"#, ["p", #"a\"b"#, "c"]),
    (#"p a\\"b c" d"#, ["p", #"a\b c"#, "d"]),
    (#"p "ab\"c" "\\" d"#, ["p", #"ab"c"#, #"\"#, "d"]),
    (#"p a\\\b d"e f"g h"#, ["p", #"a\\\b"#, "de fg", "h"]),
    // Backslashes not before a quote are literal, trailing ones too.
    (#"p b\\ c\"#, ["p", #"b\\"#, #"c\"#]),
    // `""` inside quotes is a literal quote and ends the quoted part; outside it is nothing.
    (#"p "a""b" c"#, ["p", #"a"b c"#]),
    (#"p a""b"#, ["p", "ab"]),
    (#"p """a""" b"#, ["p", #""a""#, "b"]),
    (#"p "" b"#, ["p", "", "b"]),
    // Tabs separate like spaces; inside quotes they are kept.
    ("p\tb\t\t\"c\td\"", ["p", "b", "c\td"]),
    // The program ends at any white space, which is skipped; later arguments split on spaces and tabs only.
    ("a\nb", ["a", "b"]),
    ("a\n\nb c", ["a", "\nb", "c"]),
    // Leading blanks give an empty program; trailing blanks add nothing; an open quote runs to the end.
    ("  p a", ["", "p", "a"]),
    ("p a   ", ["p", "a"]),
    (#"p "a b"#, ["p", "a b"]),
    ("", []),
  ]

  @Test(arguments: commandLineCases)
  func parseCommandLine(_ commandLine: String, _ expected: [String]) throws {
    let json = try JSONSerialization.data(withJSONObject: expected)
    #expect(
      try evaluate("parse_command_line", commandLine, #", "windows""#)
        == Self.canonical(String(decoding: json, as: UTF8.self)))
  }

  @Test func parseCommandLineRefusesOtherParserTypes() throws {
    #expect(throws: TranslationFailure.self) {
      try rows(#"print parse_command_line("a b", "linux")"#)
    }
    #expect(throws: PostgresError.self) {
      _ = try connection.execute("SELECT spoor.parse_command_line('a b', $1)", [.text("linux")])
    }
  }

  /// KQL strings are never null, but the SQL functions read a null as "" all the same.
  @Test func nullReadsAsEmpty() throws {
    let result = try connection.execute(
      "SELECT spoor.parse_url(NULL), spoor.parse_path(NULL), spoor.parse_command_line(NULL, 'windows')")
    let values = result.rows[0].values
    #expect(Self.canonical(values[0]) == Self.canonical(Self.emptyURL))
    #expect(
      Self.canonical(values[1])
        == Self.canonical(
          #"{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"","Extension":"","AlternateDataStreamName":""}"#
        ))
    #expect(values[2] == "[]")
  }

  // MARK: Over event columns

  @Test func commandLineArgumentsInWhereAndExtend() throws {
    #expect(
      try rows(
        #"""
        DeviceProcessEvents
        | extend Args = parse_command_line(ProcessCommandLine, "windows")
        | where tostring(Args[1]) == "/c"
        | project ReportId, Command = tostring(Args[2]), Count = array_length(Args)
        """#) == [["1", "whoami /all", "3"]])
    #expect(
      try rows(
        #"""
        DeviceProcessEvents
        | where tostring(parse_path(tostring(parse_command_line(ProcessCommandLine, "windows")[0])).Filename) =~ "POWERSHELL.EXE"
        | project ReportId, Last = tostring(parse_command_line(ProcessCommandLine, "windows")[-1])
        """#) == [["2", "SQBFAFgA"]])
    #expect(
      try rows(
        #"""
        DeviceProcessEvents
        | extend Dll = parse_path(tostring(parse_command_line(ProcessCommandLine, "windows")[1]))
        | where Dll.Extension == "dll,Entry"
        | project ReportId, Directory = tostring(Dll.DirectoryName)
        """#) == [["3", "Temp"]])
  }

  @Test func pathPartsInWhereAndExtend() throws {
    #expect(
      try rows(
        #"""
        DeviceProcessEvents
        | extend Parts = parse_path(FolderPath)
        | where isnotempty(tostring(Parts.AlternateDataStreamName))
        | project ReportId, Stream = tostring(Parts.AlternateDataStreamName), Directory = tostring(Parts["DirectoryPath"])
        """#) == [["4", "hidden", #"\\fileserver\share\tools"#]])
  }

  @Test func urlPartsInWhereAndExtend() throws {
    #expect(
      try rows(
        #"""
        DeviceNetworkEvents
        | extend Url = parse_url(RemoteUrl)
        | where tostring(Url["Query Parameters"].token) == "abc"
        | project ReportId, Host = tostring(Url.Host), Port = tostring(Url.Port), Fragment = tostring(Url.Fragment)
        """#) == [["11", "evil.example.com", "8443", "x"]])
    #expect(
      try rows(
        #"""
        DeviceNetworkEvents
        | where isempty(tostring(parse_url(RemoteUrl).Scheme))
        | project ReportId
        """#) == [["13"]])
  }
}
