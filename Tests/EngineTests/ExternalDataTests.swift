import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// KQL `externaldata` end to end: blobs served over loopback HTTP or read from local files, parsed in each
/// documented format, bound as one `jsonb` parameter and run on PostgreSQL; the cache; every failure's message.
@Suite("externaldata", .serialized)
struct ExternalDataTests {
  static let now: Int64 = 1_767_225_600_000_000

  static let csv =
    "Name,Count,Seen,Flag,Extra,Score\r\nalpha,1,2026-01-02T03:04:05Z,true,\"{\"\"k\"\": 1}\",1.5\n"
    + "\"be,ta\",,2026-01-03,0,,\n\n\"multi\nline\",3,,,[1],-2\n"

  let connection: Connection
  let server: LoopbackHTTPServer

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "externaldata"))
    try connection.executeScript(
      """
      INSERT INTO public."DeviceProcessEvents" ("Timestamp", "DeviceId", "FileName", "SHA1") VALUES
      ('2026-01-01 00:00:00+00', 'd1', 'evil.exe', 'aaa'),
      ('2026-01-01 00:00:01+00', 'd1', 'calc.exe', 'bbb'),
      ('2026-01-01 00:00:02+00', 'd2', 'tool.exe', 'ccc');
      """)
    server = try LoopbackHTTPServer(routes: [
      "/iocs.csv": .init(body: Self.csv),
      "/iocs.tsv": .init(body: "Name\tCount\nalpha\t1\n\"ga\tmma\"\t2\n"),
      "/iocs.json": .init(body: "{\"Name\": \"alpha\", \"Count\": 1}\n\n{\"Count\": \"2\", \"Other\": true}\n"),
      "/multi": .init(
        body: "[{\"Name\": \"a\", \"Count\": 1},\n {\"Name\": \"b\"}] {\"Name\": \"c\",\n \"Count\": 3}\n"),
      "/hashes.txt": .init(body: "aaa\r\n\nccc\nzzz\n"),
      "/names.csv": .init(body: "FileName,Verdict\nevil.exe,bad\ntool.exe,suspicious\n"),
      "/big.csv": .init(body: String(repeating: "x\n", count: 600)),
      "/slow.csv": .init(body: "a\n", delaySeconds: 3),
      "/forbidden.csv": .init(status: 403, body: "no"),
      "/badquote.csv": .init(body: "a,1\n\"b\"x,2\n"),
      "/open.csv": .init(body: "a,1\n\"b,2\n"),
      "/columns.csv": .init(body: "a,1\nb,2,3\n"),
      "/badvalue.csv": .init(body: "a,1\nb,two\n"),
      "/bad.json": .init(body: "{\"Name\": \"a\"}\n{\"Name\": }\n"),
    ])
  }

  func rows(_ query: String, options: ExternalDataOptions = .standard) throws -> [[String?]] {
    try TranslationHarness.run(query, language: .kql, now: Self.now, external: options, on: connection).rows
  }

  func failure(_ query: String, options: ExternalDataOptions = .standard) -> String {
    do {
      _ = try rows(query, options: options)
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  @Test func csvWithHeaderAndEveryType() throws {
    let query = """
      externaldata (Name:string, Count:long, Seen:datetime, Flag:bool, Extra:dynamic, Score:real)
        [@"\(server.url("/iocs.csv"))"] with (format="csv", ignoreFirstRecord=true)
      """
    #expect(
      try rows(query) == [
        ["alpha", "1", "2026-01-02 03:04:05+00", "t", #"{"k": 1}"#, "1.5"],
        ["be,ta", nil, "2026-01-03 00:00:00+00", "f", nil, nil],
        ["multi\nline", "3", nil, nil, "[1]", "-2"],
      ])
    // The format comes from the extension when `format` is absent (CSV by default); without ignoreFirstRecord the
    // header is a record, and "Count" is not a long.
    #expect(
      failure(#"externaldata (Name:string, Count:long) [@"\#(server.url("/names.csv"))"] | count"#)
        == #"externaldata '\#(server.url("/names.csv"))': line 1: Count: not an integer: "Verdict""#)
  }

  @Test func tsvJsonMultiJSONAndText() throws {
    #expect(
      try rows(
        #"externaldata (Name:string, Count:int) [@"\#(server.url("/iocs.tsv"))"] with (ignoreFirstRecord=true)"#)
        == [["alpha", "1"], ["ga\tmma", "2"]])
    #expect(
      try rows(#"externaldata (Name:string, Count:long) [@"\#(server.url("/iocs.json"))"] with (format="json")"#)
        == [["alpha", "1"], ["", "2"]])
    #expect(
      try rows(#"externaldata (Name:string, Count:long) [@"\#(server.url("/multi"))"] with (format="multijson")"#)
        == [["a", "1"], ["b", nil], ["c", "3"]])
    #expect(
      try rows(#"externaldata (SHA1:string) [@"\#(server.url("/hashes.txt"))"] with (format="txt")"#)
        == [["aaa"], ["ccc"], ["zzz"]])
    // Two addresses are read in order and concatenated; ignoreFirstRecord applies to each.
    #expect(
      try rows(
        #"externaldata (Name:string, Count:long) [@"\#(server.url("/iocs.tsv"))", @"\#(server.url("/iocs.tsv"))"] "#
          + #"with (format="tsv", ignoreFirstRecord=true) | summarize sum(Count)"#) == [["6"]])
  }

  @Test("format and other properties as bare names; a JSON mapping of each column from its own property")
  func bareNamesAndIdentityMapping() throws {
    let mapping =
      #"'[{"Column":"Name","Properties":{"Path":"$.Name"}},{"Column":"Count","Properties":{"Path":"$.Count"}}]'"#
    #expect(
      try rows(
        #"externaldata (Name:string, Count:long) [@"\#(server.url("/multi"))"] with (format=multijson, "#
          + "ingestionMapping=\(mapping))") == [["a", "1"], ["b", nil], ["c", "3"]])
    // Any other mapping (another path, a column left out, a CSV mapping) is refused at the property.
    let other =
      #"'[{"Column":"Name","Properties":{"Path":"$.Other"}},{"Column":"Count","Properties":{"Path":"$.Count"}}]'"#
    let partial = #"'[{"Column":"Name","Properties":{"Path":"$.Name"}}]'"#
    for refused in [
      #"externaldata (Name:string, Count:long) [@"\#(server.url("/multi"))"] with (format=multijson, ingestionMapping=\#(other))"#,
      #"externaldata (Name:string, Count:long) [@"\#(server.url("/multi"))"] with (format=multijson, ingestionMapping=\#(partial))"#,
      #"externaldata (Name:string, Count:long) [@"\#(server.url("/iocs.csv"))"] with (ingestionMapping=\#(mapping))"#,
    ] {
      #expect(failure(refused).contains("externaldata's ingestionMapping is not supported"))
    }
  }

  @Test func letJoinLookupAndIn() throws {
    let iocs = #"let IOCs = externaldata (SHA1:string) [@"\#(server.url("/hashes.txt"))"] with (format="txt");"#
    #expect(
      try rows(iocs + " DeviceProcessEvents | where SHA1 in (IOCs) | project FileName | order by FileName asc")
        == [["evil.exe"], ["tool.exe"]])
    #expect(
      try rows(
        #"DeviceProcessEvents | where SHA1 !in (externaldata (SHA1:string) [@"\#(server.url("/hashes.txt"))"] "#
          + #"with (format="txt")) | project FileName"#) == [["calc.exe"]])
    let verdicts =
      #"externaldata (FileName:string, Verdict:string) [@"\#(server.url("/names.csv"))"] with (ignoreFirstRecord=true)"#
    #expect(
      try rows(
        "DeviceProcessEvents | join kind=inner (\(verdicts)) on FileName | project FileName, Verdict "
          + "| order by FileName asc") == [["evil.exe", "bad"], ["tool.exe", "suspicious"]])
    #expect(
      try rows(
        "DeviceProcessEvents | lookup (\(verdicts)) on FileName | project FileName, Verdict | order by FileName asc")
        == [["calc.exe", ""], ["evil.exe", "bad"], ["tool.exe", "suspicious"]])
  }

  @Test func localFilesByPathAndFileURL() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spoor-externaldata-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("iocs.csv")
    try "alpha,1\nbeta,2\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(try rows(#"externaldata (N:string, C:long) [@"\#(file.path)"]"#) == [["alpha", "1"], ["beta", "2"]])
    #expect(try rows(#"externaldata (N:string, C:long) [@"file://\#(file.path)"] | count"#) == [["2"]])
    #expect(
      failure(#"externaldata (N:string) [@"\#(folder.path)/none.csv"]"#)
        == "externaldata '\(folder.path)/none.csv': no such file")
    #expect(
      failure(#"externaldata (N:string) [@"\#(file.path)"]"#, options: ExternalDataOptions(allowsLocalFiles: false))
        == "externaldata '\(file.path)': local files cannot be read here; use an http(s) URL")
    #expect(
      failure(#"externaldata (N:string, C:long) [@"\#(file.path)"]"#, options: ExternalDataOptions(maxBytes: 10))
        == "externaldata '\(file.path)': larger than the 10-byte limit")
  }

  @Test func cacheReusesAFetchUntilItsTTL() throws {
    let path = "/cached.csv"
    server.set(path, .init(body: "a\n"))
    let query = #"externaldata (N:string) [@"\#(server.url(path))"]"#
    #expect(try rows(query) == [["a"]])
    server.set(path, .init(body: "b\n"))
    #expect(try rows(query) == [["a"]])
    #expect(server.requests(to: path) == 1)
    let cached = try connection.execute(
      "SELECT extract(epoch FROM expires_at - fetched_at)::int AS ttl, convert_from(content, 'UTF8') AS content FROM spoor.externaldata_cache "
        + "WHERE address = $1", [.text(server.url(path))])
    #expect(cached.rows.map(\.values) == [["3600", "a\n"]])
    // An expired entry is fetched again and replaced; a TTL of 0 always fetches.
    _ = try connection.execute("UPDATE spoor.externaldata_cache SET expires_at = now() - interval '1 second'", [])
    #expect(try rows(query) == [["b"]])
    #expect(server.requests(to: path) == 2)
    server.set(path, .init(body: "c\n"))
    #expect(try rows(query, options: ExternalDataOptions(cacheTTLSeconds: 0)) == [["c"]])
    #expect(server.requests(to: path) == 3)
  }

  @Test func translationNeverFetches() throws {
    let statement = try TranslationHarness.statement(
      #"externaldata (N:string) [@"\#(server.url("/untouched.csv"))"]"#, language: .kql, now: Self.now)
    #expect(statement.text == #"SELECT "N" FROM jsonb_to_recordset($1::jsonb) AS "t1"("N" text)"#)
    #expect(server.requests(to: "/untouched.csv") == 0)
    // EXPLAIN without ANALYZE plans without the data.
    #expect(try !QueryService().explain(statement, on: connection).isEmpty)
    #expect(server.requests(to: "/untouched.csv") == 0)
  }

  @Test func everyFailureSaysWhatAndWhere() throws {
    func message(_ path: String, _ columns: String = "N:string, C:long", options: ExternalDataOptions = .standard)
      -> String
    {
      failure(#"externaldata (\#(columns)) [@"\#(server.url(path))"]"#, options: options)
    }
    let prefix = "externaldata '\(server.url(""))"
    #expect(message("/forbidden.csv") == prefix + "/forbidden.csv': the server answered HTTP 403")
    #expect(message("/nothing.csv") == prefix + "/nothing.csv': the server answered HTTP 404")
    #expect(
      message("/big.csv", "N:string", options: ExternalDataOptions(maxBytes: 1000))
        == prefix + "/big.csv': larger than the 1000-byte limit")
    #expect(
      message("/slow.csv", "N:string", options: ExternalDataOptions(timeoutSeconds: 1))
        == prefix + "/slow.csv': no complete answer within the 1 s timeout")
    #expect(
      message("/badquote.csv")
        == prefix + "/badquote.csv': line 2: malformed CSV at column 4: expected ',' after a closing quote")
    #expect(message("/open.csv") == prefix + "/open.csv': line 2: a quoted field is never closed")
    #expect(
      message("/columns.csv") == prefix + "/columns.csv': line 2: 3 fields, but externaldata declares 2 columns")
    #expect(message("/badvalue.csv") == prefix + "/badvalue.csv': line 2: C: not an integer: \"two\"")
    #expect(
      failure(#"externaldata (Name:string) [@"\#(server.url("/bad.json"))"] with (format="json")"#).hasPrefix(
        prefix + "/bad.json': line 2: invalid JSON: "))
    let stopped = try LoopbackHTTPServer(routes: [:])
    stopped.stop()
    #expect(
      failure(#"externaldata (N:string) [@"\#(stopped.url("/x.csv"))"]"#)
        == "externaldata '\(stopped.url("/x.csv"))': the connection was refused")
    #expect(
      failure(#"externaldata (N:string) [@"http://spoor-test.invalid/x.csv"]"#)
        == "externaldata 'http://spoor-test.invalid/x.csv': the host name could not be resolved (DNS)")
  }
}
