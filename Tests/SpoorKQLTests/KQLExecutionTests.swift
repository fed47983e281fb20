import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorTestSupport
import Testing

/// KQL run on real PostgreSQL over fixture events: exact rows, in order, derived by hand from Kusto's semantics.
///
/// `DeviceImageLoadEvents` holds the seed hunt's true positives (ReportId 1, 2, 8, 9) and true negatives (3–7).
/// `DeviceProcessEvents` rows p1–p6 exercise the operator traps: `%`/`_`/`\` inside `contains`, `has` on term
/// boundaries, `!=` and `!in` keeping nulls, case rules, default sort order with nulls.
@Suite("KQL execution", .serialized)
struct KQLExecutionTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public."DeviceImageLoadEvents" ("Timestamp", "DeviceId", "ReportId",
      "InitiatingProcessVersionInfoFileDescription", "InitiatingProcessFolderPath") VALUES
    ('2026-01-01 00:01:00+00', 'd1', 1, 'python core', 'C:\Users\bob\AppData\Local\Temp\updater.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 2, 'PYTHON CORE', 'C:\Program Files2\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 3, 'Python Core', 'C:\Users\bob\pYtHoN\app.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 4, 'Python Core', 'C:\Program Files\app\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 5, 'Python Core', 'c:\program files (x86)\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 6, 'Python Core', 'C:\ProgramData\Anaconda3\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 7, 'Python Core Library', 'C:\Temp\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 8, 'Python Core', 'C:\ProgramData\Anaconda\x.exe'),
    ('2026-01-01 00:01:00+00', 'd1', 9, 'Python Core', '');

    INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "DeviceId", "DeviceName", "FileName",
      "FolderPath", "ProcessCommandLine", "ProcessId", "FileSize", "AccountName", "InitiatingProcessFileName") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', 'WS1', 'cmd.exe', 'C:\Windows\System32\cmd.exe', 'cmd.exe /c whoami',
      100, 1000, 'alice', 'explorer.exe'),
    (2, '2026-01-01 00:02:00+00', 'd1', 'WS1', 'powershell.exe',
      'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe', 'powershell -enc SQBFAFgA', 200, NULL, 'alice',
      'cmd.exe'),
    (3, '2026-01-01 00:03:00+00', 'd2', 'WS2', 'CMD.EXE', 'C:\50%_off\cmd.exe', 'CMD /C echo KustoExplorerQueryRun',
      NULL, 50, 'bob', 'explorer.exe'),
    (4, '2026-01-01 00:04:00+00', 'd2', 'WS2', 'notepad.exe', 'C:\Users\bob\notepad.exe',
      'notepad.exe C:\temp\a.txt', 400, 5000, 'bob', 'cmd.exe'),
    (5, '2026-01-01 00:05:00+00', 'd3', 'SRV3', 'rundll32.exe', 'C:\Windows\rundll32.exe', 'rundll32.exe x.dll,Entry',
      500, 10, 'system', 'services.exe'),
    (6, '2025-12-31 12:00:00+00', 'd3', 'SRV3', 'cmd.exe', 'C:\50x_off\cmd.exe', 'cmd.exe', 600, 20, 'carol',
      'explorer.exe');

    INSERT INTO public."DeviceNetworkEvents" ("ReportId", "Timestamp", "DeviceId", "RemoteIP", "RemotePort") VALUES
    (11, '2026-01-01 00:01:30+00', 'd1', '10.0.0.5', 443),
    (12, '2026-01-01 00:02:30+00', 'd1', '8.8.8.8', 53),
    (13, '2026-01-01 00:03:30+00', 'd2', '192.168.1.10', 443),
    (14, '2026-01-01 00:04:30+00', 'd9', '1.1.1.1', 80);

    INSERT INTO public."DeviceInfo" ("Timestamp", "DeviceId", "OSPlatform") VALUES
    ('2026-01-01 00:00:00+00', 'd1', 'Windows10'),
    ('2026-01-01 00:00:00+00', 'd2', 'Windows11'),
    ('2026-01-01 00:00:00+00', 'd3', 'Linux');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(
      configuration: try TestDatabase.makeDatabase(named: "kql_execution"))
    try connection.executeScript(Self.fixture)
  }

  /// Translates and runs a query; returns the column names and the rows as text cells.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection)
  }

  /// The ReportIds of the `DeviceProcessEvents` rows where the predicate holds, ascending.
  func ids(_ predicate: String) throws -> [String?] {
    try column(
      "DeviceProcessEvents | where " + predicate + " | sort by ReportId asc | project ReportId")
  }

  /// The single column of every row.
  func column(_ kql: String) throws -> [String?] {
    try run(kql).rows.map { $0.first ?? nil }
  }

  // MARK: The seed

  @Test func seedReturnsExactlyItsTruePositives() throws {
    let seed = #"""
      DeviceImageLoadEvents
      | where InitiatingProcessVersionInfoFileDescription =~ "Python Core" and (not((InitiatingProcessFolderPath contains "Python" or (InitiatingProcessFolderPath startswith "C:\\Program Files\\" or InitiatingProcessFolderPath startswith "C:\\Program Files (x86)\\" or InitiatingProcessFolderPath startswith "C:\\ProgramData\\Anaconda3\\")))) and (not(isnull(InitiatingProcessFolderPath)))
      """#
    #expect(
      try column(seed + "\n| sort by ReportId asc | project ReportId") == ["1", "2", "8", "9"])
  }

  // MARK: String operators

  @Test func containsTreatsPercentUnderscoreAndBackslashLiterally() throws {
    #expect(
      try column(#"DeviceProcessEvents | where FolderPath contains "50%_off\\" | project ReportId"#)
        == ["3"])
    #expect(try ids(#"FolderPath startswith @"c:\50""#) == ["3", "6"])
  }

  @Test func hasMatchesWholeTermsOnly() throws {
    #expect(
      try column(
        #"DeviceProcessEvents | where ProcessCommandLine has "Explorer" | project ReportId"#) == [])
    #expect(
      try column(
        #"DeviceProcessEvents | where ProcessCommandLine contains "Explorer" | project ReportId"#)
        == ["3"])
    #expect(
      try column(#"DeviceProcessEvents | where ProcessCommandLine has "WHOAMI" | project ReportId"#)
        == ["1"])
    #expect(
      try column(#"DeviceProcessEvents | where ProcessCommandLine has "-enc" | project ReportId"#)
        == ["2"])
    #expect(
      try column(
        #"DeviceProcessEvents | where ProcessCommandLine has_any ("x.dll", "nothing") | project ReportId"#
      ) == ["5"])
    #expect(try ids(#"ProcessCommandLine has_all ("cmd", "c")"#) == ["1", "3"])
  }

  @Test func equalityFollowsKustoCaseRules() throws {
    #expect(try ids(#"FileName == "cmd.exe""#) == ["1", "6"])
    #expect(try ids(#"FileName =~ "cmd.exe""#) == ["1", "3", "6"])
    #expect(try ids(#"FileName in ("CMD.EXE", "notepad.exe")"#) == ["3", "4"])
    #expect(try ids(#"FileName in~ ("CMD.EXE")"#) == ["1", "3", "6"])
    #expect(try ids(#"FileName !~ "cmd.exe""#) == ["2", "4", "5"])
    #expect(try ids(#"FolderPath startswith "c:\\windows\\""#) == ["1", "2", "5"])
    #expect(try ids(#"FileName endswith_cs ".EXE""#) == ["3"])
  }

  @Test func inequalityKeepsNullRows() throws {
    #expect(try ids("ProcessId != 100") == ["2", "3", "4", "5", "6"])
    #expect(try ids("ProcessId !in (100, 200)") == ["3", "4", "5", "6"])
    #expect(try ids("ProcessId == 100 or ProcessId > 450") == ["1", "5", "6"])
    #expect(try ids("isnull(FileSize)") == ["2"])
    #expect(try ids("isnull(AccountName)") == [])
    #expect(
      try column(
        "DeviceProcessEvents | where isnotempty(AccountName) and not(isempty(FileName)) | count")
        == ["6"])
  }

  @Test func regexAndPrecedence() throws {
    #expect(try ids(#"ProcessCommandLine matches regex @"\bwhoami\b""#) == ["1"])
    #expect(
      try ids(#"FileName == "cmd.exe" or FileName == "CMD.EXE" and ProcessId > 0"#) == ["1", "6"])
    #expect(try ids("FileSize * 2 + 1 > 100 and FileSize between (50 .. 1000)") == ["1", "3"])
  }

  @Test("a '[:' with no ':]' after it is a literal '[' in a class, as RE2 reads it")
  func regexBracketWithoutClassName() throws {
    let pattern = "'[^[:ascii]]'"
    #expect(
      try run(
        "print a = 'b]' matches regex \(pattern), b = 'a]' matches regex \(pattern), "
          + "c = '[]' matches regex \(pattern), d = 'é]' matches regex \(pattern), e = 'b' matches regex \(pattern)"
      ).rows == [["t", "f", "f", "t", "f"]])
  }

  @Test func timeComparisonsUseTheQueryClock() throws {
    #expect(try column("DeviceProcessEvents | where Timestamp > ago(1h) | count") == ["5"])
    #expect(try ids("Timestamp between (datetime(2026-01-01 00:02) .. 2m)") == ["2", "3", "4"])
    #expect(
      try column(
        "DeviceProcessEvents | where ReportId == 6 | project d = datetime_diff('hour', now(), Timestamp)"
      ) == ["12"])
  }

  // MARK: Tabular operators

  @Test func sortDefaultsToDescendingWithNullsLast() throws {
    #expect(
      try column("DeviceProcessEvents | sort by FileSize | project ReportId") == [
        "4", "1", "3", "6", "5", "2",
      ])
    #expect(
      try column("DeviceProcessEvents | sort by FileSize asc | project ReportId") == [
        "2", "5", "6", "3", "1", "4",
      ])
    #expect(
      try column("DeviceProcessEvents | top 2 by Timestamp asc | project ReportId") == ["6", "1"])
  }

  @Test func projectFamilyShapesColumns() throws {
    let result = try run(
      "DeviceProcessEvents | where ReportId == 1 | project FileName, Size = FileSize, ReportId | project-rename Name = FileName | project-reorder ReportId | project-away Size | extend Upper = toupper(Name)"
    )
    #expect(result.columns == ["ReportId", "Name", "Upper"])
    #expect(result.rows == [["1", "cmd.exe", "CMD.EXE"]])
  }

  @Test func distinctCountAndTake() throws {
    #expect(
      try run("DeviceProcessEvents | distinct DeviceId | sort by DeviceId asc").rows == [
        ["d1"], ["d2"], ["d3"],
      ])
    #expect(try column("DeviceProcessEvents | count") == ["6"])
    #expect(try run("DeviceProcessEvents | take 4").rows.count == 4)
    #expect(
      try column("DeviceInfo | getschema | where ColumnName == 'OSPlatform' | project ColumnType")
        == ["string"])
  }

  // MARK: summarize

  @Test func summarizeUsesKustoNames() throws {
    let result = try run(
      "DeviceProcessEvents | summarize count(), dcount(FileName), sum(FileSize) by DeviceId | sort by DeviceId asc"
    )
    #expect(result.columns == ["DeviceId", "count_", "dcount_FileName", "sum_FileSize"])
    #expect(
      result.rows == [
        ["d1", "2", "2", "1000"], ["d2", "2", "2", "5050"], ["d3", "2", "2", "30"],
      ])
  }

  @Test func summarizeWithoutByGivesOneRowEvenWhenEmpty() throws {
    let result = try run(
      "DeviceProcessEvents | where FileName == 'none' | summarize count(), make_set(FileName), dcount(DeviceId)"
    )
    #expect(result.rows == [["0", "[]", "0"]])
    #expect(
      try run("DeviceProcessEvents | where FileName == 'none' | summarize count() by DeviceId").rows
        .isEmpty)
  }

  @Test func argMaxPicksOneWholeRowPerGroup() throws {
    let result = try run(
      "DeviceProcessEvents | summarize arg_max(Timestamp, ReportId, FileName) by DeviceId | sort by DeviceId asc"
    )
    #expect(result.columns == ["DeviceId", "Timestamp", "ReportId", "FileName"])
    #expect(
      result.rows.map { [$0[0], $0[2], $0[3]] } == [
        ["d1", "2", "powershell.exe"], ["d2", "4", "notepad.exe"], ["d3", "5", "rundll32.exe"],
      ])
    let star = try run(
      "DeviceProcessEvents | summarize arg_min(Timestamp, *) by DeviceId | sort by DeviceId asc")
    #expect(Array(star.columns.prefix(3)) == ["DeviceId", "Timestamp", "DeviceName"])
    #expect(star.rows.count == 3)
  }

  @Test func summarizeByBinKeepsTheColumnName() throws {
    let result = try run(
      "DeviceProcessEvents | where Timestamp > datetime(2026-01-01) | summarize n = count() by bin(Timestamp, 2m) | sort by Timestamp asc"
    )
    #expect(result.columns == ["Timestamp", "n"])
    #expect(result.rows.map { $0[1] } == ["1", "2", "2"])
  }

  // MARK: join, union, let

  @Test func innerUniqueDeduplicatesTheLeftSide() throws {
    let unique = try run(
      "DeviceProcessEvents | join (DeviceNetworkEvents) on DeviceId | project DeviceId, RemoteIP | sort by DeviceId asc, RemoteIP asc"
    )
    #expect(unique.rows == [["d1", "10.0.0.5"], ["d1", "8.8.8.8"], ["d2", "192.168.1.10"]])
    let inner = try run(
      "DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on DeviceId | count")
    #expect(inner.rows == [["6"]])
  }

  @Test func joinKindsAndRenamedColumns() throws {
    #expect(
      try column(
        "DeviceProcessEvents | join kind=leftanti (DeviceNetworkEvents) on DeviceId | sort by ReportId asc | project ReportId"
      ) == ["5", "6"])
    #expect(
      try column(
        "DeviceNetworkEvents | join kind=leftsemi (DeviceProcessEvents) on DeviceId | sort by ReportId asc | project ReportId"
      ) == ["11", "12", "13"])
    let outer = try run(
      "DeviceInfo | join kind=leftouter (DeviceNetworkEvents | where RemotePort == 443) on $left.DeviceId == $right.DeviceId | project DeviceId, DeviceId1, RemoteIP | sort by DeviceId asc"
    )
    #expect(outer.columns == ["DeviceId", "DeviceId1", "RemoteIP"])
    // Unmatched right-side strings read "" (KQL strings are never null).
    #expect(
      outer.rows == [["d1", "d1", "10.0.0.5"], ["d2", "d2", "192.168.1.10"], ["d3", "", ""]])
  }

  @Test func unionNullFillsMissingColumns() throws {
    let result = try run(
      "union (DeviceInfo | project DeviceId, OSPlatform), (DeviceNetworkEvents | where DeviceId == 'd9' | project DeviceId, RemotePort) | sort by DeviceId asc"
    )
    #expect(result.columns == ["DeviceId", "OSPlatform", "RemotePort"])
    #expect(
      result.rows == [
        ["d1", "Windows10", nil], ["d2", "Windows11", nil], ["d3", "Linux", nil], ["d9", "", "80"],
      ])
  }

  @Test func unionSplitsAColumnWithSeveralTypesByType() throws {
    let result = try run(
      "union (datatable(k:string, v:long)['a', 1]), (datatable(k:string, v:string)['b', 'x']), (datatable(v:long, w:long)[2, 7]) | sort by v_long asc"
    )
    #expect(result.columns == ["k", "v_long", "v_string", "w"])
    #expect(
      result.rows == [
        ["b", nil, "x", nil], ["a", "1", "", nil], ["", "2", "", "7"],
      ])
    let inner = try run(
      "union kind=inner (datatable(k:string, v:long)['a', 1]), (datatable(k:string, v:string)['b', 'x']) | sort by k asc"
    )
    #expect(inner.columns == ["k"])
    #expect(inner.rows == [["a"], ["b"]])
  }

  @Test func letBindsScalarsListsTablesAndFunctions() throws {
    let query = """
      let big = 40;
      let names = dynamic(["cmd.exe", "notepad.exe"]);
      let Recent = (since:timespan) { DeviceProcessEvents | where Timestamp > ago(since) };
      Recent(1h) | where FileName in~ (names) and FileSize > big | sort by ReportId asc | project ReportId
      """
    #expect(try column(query) == ["1", "3", "4"])
    // A column wins over a let name of the same spelling.
    #expect(
      try column("let FileName = 'x'; DeviceProcessEvents | where FileName == 'cmd.exe' | count")
        == ["2"])
    #expect(
      try column(
        "let Windows = DeviceInfo | where OSPlatform startswith 'Windows' | project DeviceId; DeviceProcessEvents | where DeviceId in (Windows) | count"
      ) == ["4"])
  }

  @Test func serializedWindowsFollowTheSortOrder() throws {
    let result = try run(
      "DeviceNetworkEvents | sort by Timestamp asc | extend Prev = prev(ReportId), Next = next(RemoteIP, 1, 'none'), Row = row_number() | project ReportId, Prev, Next, Row"
    )
    #expect(
      result.rows == [
        ["11", nil, "8.8.8.8", "1"], ["12", "11", "192.168.1.10", "2"],
        ["13", "12", "1.1.1.1", "3"],
        ["14", "13", "none", "4"],
      ])
  }

  @Test func rowNumberStartsAndRestartsInTheSerializedOrder() throws {
    let result = try run(
      "datatable(g:string, t:long)['a', 1, 'a', 2, 'b', 3, 'b', 4, 'b', 5, 'c', 6] | sort by t asc | extend N = row_number(10, prev(g) != g), M = row_number(5), P = row_number(1, t % 2 == 1) | project t, N, M, P"
    )
    #expect(
      result.rows == [
        ["1", "10", "5", "1"], ["2", "11", "6", "2"], ["3", "10", "7", "1"], ["4", "11", "8", "2"],
        ["5", "12", "9", "1"], ["6", "10", "10", "2"],
      ])
  }

  // MARK: mv-expand, parse, datatable

  @Test func mvExpandDropsEmptyArraysAndKeepsNonArrays() throws {
    let result = try run(
      "datatable(k:string, a:dynamic)['x', dynamic([1, 2]), 'y', dynamic([]), 'z', dynamic({'b': 1}), 'w', dynamic(null)] | mv-expand with_itemindex=i a | sort by k asc, i asc | project k, a, i"
    )
    #expect(
      result.rows == [
        ["w", nil, nil], ["x", "1", "0"], ["x", "2", "1"], ["z", #"{"b": 1}"#, "0"],
      ])
  }

  @Test func mvExpandOfABagGivesOneEntryBags() throws {
    let result = try run(
      "datatable(k:string, a:dynamic)['x', dynamic({'p': 1, 'q': 'two'}), 'y', dynamic({}), 'z', dynamic('s')] | mv-expand a | extend Key = tostring(bag_keys(a)[0]) | sort by k asc, Key asc | project k, a, Key"
    )
    #expect(
      result.rows == [
        ["x", #"{"p": 1}"#, "p"], ["x", #"{"q": "two"}"#, "q"], ["z", #""s""#, ""],
      ])
  }

  @Test func parseExtractsEncodedCommands() throws {
    #expect(
      try column(
        #"DeviceProcessEvents | where ReportId == 2 | parse ProcessCommandLine with * "-enc " Encoded | project Encoded"#
      ) == ["SQBFAFgA"])
    #expect(
      try column(
        #"DeviceProcessEvents | parse-where FolderPath with "C:\\Users\\" User "\\" * | project User"#
      ) == ["bob"])
  }
}
