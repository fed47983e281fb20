import SpoorDiagnostics
import SpoorPostgres
import SpoorTestSupport
import Testing

/// What hunters write that Kusto accepts, checked against Kusto's documentation or Kusto.Language, on real
/// PostgreSQL with exact rows: `in` over a several-column sub-query (its first column), over a computed dynamic
/// array, `union isfuzzy=true` over a missing table, adjacent string literals in `dynamic([…])`, and Kusto's
/// automatic column names through `tostring`, `startofday` and `strlen`; every spelling of a bool literal;
/// `iff`/`case` mixing dynamic and typed branches; and a string compared with an integer constant.
@Suite("KQL as hunters write it", .serialized)
struct KQLHunterLeniencyTests {
  static let fixture = #"""
    INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "DeviceId", "DeviceName", "FileName",
      "ProcessId") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', 'WS1', 'a.exe', 4),
    (2, '2026-01-01 00:02:00+00', 'd1', 'WS1', 'B.exe', 8),
    (3, '2026-01-02 00:03:00+00', 'd2', 'WS2', 'c.exe', 12),
    (4, '2026-01-02 00:04:00+00', 'd3', 'WS3', 'a.exe', 16);

    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "DeviceName", "RemoteIP",
      "InitiatingProcessFileName") VALUES
    (10, '2026-01-01 00:05:00+00', 'd1', 'WS1', '203.0.113.9', 'a.exe'),
    (11, '2026-01-01 00:06:00+00', 'd2', 'WS2', '198.51.100.2', 'b.exe');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_hunter_leniency"))
    try connection.executeScript(Self.fixture)
  }

  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection)
  }

  func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("bool literals are true/false, True/False or TRUE/FALSE, as in Kusto's grammar (KqlTokens.g4)")
  func boolLiteralSpellings() throws {
    let kql = """
      DeviceProcessEvents
      | where ReportId == 1
      | extend a = True, b = FALSE, c = dynamic([TRUE, False])
      | where a == TRUE and not(b) | project a, b, c
      """
    let rows = try run(kql).rows
    #expect(rows == [["t", "f", "[true, false]"]])
    let fuzzy = "union isfuzzy=True DeviceProcessEvents, NoSuchTable | where ReportId == 4 | project ReportId"
    #expect(try run(fuzzy).rows == [["4"]])
  }

  @Test("iff and case take the type of their branches that are not dynamic, as Kusto.Language's CommonNonDynamic")
  func iffMixingDynamicAndString() throws {
    let kql = """
      DeviceProcessEvents
      | extend d = dynamic({"k": "v", "n": 3})
      | extend T = iff(ReportId == 1, d.k, iff(ReportId == 2, d.missing, "none")), N = case(ReportId <= 2, d.n, 0)
      | sort by ReportId asc | project ReportId, T, N
      """
    let rows = try run(kql).rows
    #expect(rows == [["1", "v", "3"], ["2", "", "3"], ["3", "none", "0"], ["4", "none", "0"]])
    #expect(failure("DeviceProcessEvents | extend x = iff(true, 1, \"a\")").contains("cannot be mixed"))
  }

  @Test("number terms of has_any and has_all are their decimal text")
  func numberTerms() throws {
    let kql = """
      DeviceProcessEvents
      | summarize Ids = make_set(ProcessId) by DeviceId
      | where Ids has_all (4, 8) or Ids has_any (16)
      | sort by DeviceId asc | project DeviceId
      """
    let rows = try run(kql).rows
    #expect(rows == [["d1"], ["d3"]])
  }

  @Test("a sub-query with several columns after in uses its first column (in-operator.md)")
  func inSubqueryFirstColumn() throws {
    let kql = """
      DeviceProcessEvents
      | where DeviceId in (DeviceNetworkEvents | project DeviceId, RemoteIP)
      | sort by ReportId asc | project ReportId
      """
    #expect(try run(kql).rows == [["1"], ["2"], ["3"]])
    let notIn =
      "DeviceProcessEvents | where DeviceId !in (DeviceNetworkEvents | project DeviceId, RemoteIP) "
      + "| project ReportId"
    #expect(try run(notIn).rows == [["4"]])
  }

  @Test("a computed dynamic array is a list of candidates for in, !in and in~")
  func computedArrayMembership() throws {
    let prefix = "let L = toscalar(DeviceNetworkEvents | summarize make_set(InitiatingProcessFileName)); "
    func ids(_ predicate: String) throws -> [[String?]] {
      try run(prefix + "DeviceProcessEvents | where " + predicate + " | sort by ReportId asc | project ReportId").rows
    }
    #expect(try ids("FileName in (L)") == [["1"], ["4"]])
    #expect(try ids("FileName !in (L)") == [["2"], ["3"]])
    #expect(try ids("FileName in~ (L)") == [["1"], ["2"], ["4"]])
    #expect(try ids("FileName !in~ (L)") == [["3"]])
    // numbers compare by value; a let bound to a dynamic literal expands as before
    let numbers =
      "let P = toscalar(DeviceProcessEvents | where DeviceId == 'd1' | summarize make_list(ProcessId)); "
      + "DeviceProcessEvents | where ProcessId in (P) | sort by ReportId asc | project ReportId"
    #expect(try run(numbers).rows == [["1"], ["2"]])
    let literal =
      #"let D = dynamic(["c.exe", "a" ".exe"]); DeviceProcessEvents | where FileName in (D) "#
      + "| sort by ReportId asc | project ReportId"
    #expect(try run(literal).rows == [["1"], ["3"], ["4"]])
  }

  @Test("union isfuzzy=true leaves out a table that does not exist, with a warning")
  func fuzzyUnion() throws {
    let kql = """
      union isfuzzy=true DeviceNetworkEvents, NoSuchTable
      | sort by ReportId asc | project ReportId
      """
    #expect(try run(kql).rows == [["10"], ["11"]])
    let warnings = TranslationHarness.diagnostics(kql, language: .kql)
    #expect(warnings.map(\.code.rawValue) == ["KQL-W001"])
    #expect(failure("union isfuzzy=true NoSuchTable, NoOtherTable").contains("unknown table 'NoSuchTable'"))
    #expect(failure("union DeviceNetworkEvents, NoSuchTable").contains("unknown table 'NoSuchTable'"))
  }

  @Test("unnamed summarize columns follow Kusto.Language's names")
  func automaticNames() throws {
    let result = try run(
      "DeviceProcessEvents | summarize make_list(tostring(FileName)) by startofday(Timestamp) | sort by Timestamp asc")
    #expect(result.columns == ["Timestamp", "list_FileName"])
    #expect(
      result.rows == [
        ["2026-01-01 00:00:00+00", #"["a.exe", "B.exe"]"#], ["2026-01-02 00:00:00+00", #"["c.exe", "a.exe"]"#],
      ])
    let lengths = try run("DeviceProcessEvents | summarize count() by strlen(FileName)")
    #expect(lengths.columns == ["strlen_FileName", "count_"])
    #expect(lengths.rows == [["5", "4"]])
  }

  @Test("a string compared with an integer constant compares with the constant's decimal text")
  func stringAgainstNumber() throws {
    // `ResultType == 0` on Sentinel's string ResultType: the constant takes the string's type, as a numeric string
    // takes a number's (`EventID == "4624"`); "00" is not the text of 0.
    let table = #"datatable(ResultType:string)["0", "50126", "00", "x"]"#
    #expect(try run(table + " | where ResultType == 0").rows == [["0"]])
    #expect(try run(table + " | where 50126 == ResultType").rows == [["50126"]])
    #expect(try run(table + " | where ResultType != 0").rows == [["50126"], ["00"], ["x"]])
    #expect(try run(table + " | where ResultType in (0, 50126)").rows == [["0"], ["50126"]])
    #expect(try run(table + #" | where ResultType !in (0, "x")"#).rows == [["50126"], ["00"]])
    #expect(try run(table + " | where ResultType in~ (0)").rows == [["0"]])
    // A real constant has no text Spoor can vouch for (Kusto's formatting of doubles), and ordering stays an error.
    let real = failure("SigninLogs | where ResultType == 1.5")
    #expect(real.contains("cannot compare string with real"))
    #expect(real.contains(#"help: the value is a string: write the number as a string, "1.5""#))
    #expect(failure("SigninLogs | where ResultType > 0").contains("cannot compare string with long"))
  }

  @Test("invoke of a function Spoor lacks says which and why, at its name")
  func invokeDiagnostics() {
    let seenBy = failure("DeviceInfo | invoke SeenBy()")
    #expect(seenBy.contains("Defender's SeenBy()"))
    #expect(seenBy.contains("device-discovery"))
    let unknown = failure("DeviceInfo | invoke NoSuchFunction()")
    #expect(unknown.contains("unknown function 'NoSuchFunction'"))
    #expect(unknown.contains("test.kql:1:21:"))
  }
}
