import SpoorPostgres
import SpoorTestSupport
import Testing

/// Queries Kusto accepts although their types do not match exactly, run on real PostgreSQL with exact rows.
///
/// Each rule was checked against Kusto's parser (`Operators.cs` of microsoft/Kusto-Query-Language: `==`, `!=` and
/// `in` take any non-bool value against any scalar; `<`, `>` take numbers against numbers or bools only), so
/// ordering a number against a string stays an error, as in Kusto.
@Suite("KQL leniencies", .serialized)
struct KQLLeniencyTests {
  static let fixture = #"""
    INSERT INTO public."DeviceProcessEvents" ("ReportId", "Timestamp", "DeviceId", "FileName", "ProcessId",
      "FileSize", "IsProcessRemoteSession", "AdditionalFields") VALUES
    (1, '2026-01-01 00:01:00+00', 'd1', 'a.exe', 4, 1000, true, '{"IsLocalLogon": true, "Port": 445}'),
    (2, '2026-01-01 00:02:00+00', 'd1', 'b.exe', 8, 2000, false, '{"IsLocalLogon": false, "x y": "z"}'),
    (3, '2026-01-01 00:03:00+00', 'd2', 'c.exe', NULL, NULL, NULL, ''),
    (4, '2026-01-01 00:04:00+00', 'd2', 'd.exe', 12, 1500, false, 'not json');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_leniency"))
    try connection.executeScript(Self.fixture)
  }

  /// The rows of a query as text cells.
  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: 1_767_225_600_000_000, on: connection).rows
  }

  /// The ReportIds of the process events where the predicate holds, ascending.
  func ids(_ predicate: String) throws -> [String?] {
    try rows("DeviceProcessEvents | where " + predicate + " | sort by ReportId asc | project ReportId")
      .map { $0[0] }
  }

  /// The rendered diagnostics of a query that must not translate.
  func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  @Test("a number compared with a numeric string constant compares by value")
  func numberAgainstNumericString() throws {
    #expect(try ids(#"ProcessId == "4""#) == ["1"])
    #expect(try ids(#""8" == ProcessId"#) == ["2"])
    #expect(try ids(#"ProcessId != "4""#) == ["2", "3", "4"])
    #expect(try ids(#"FileSize == "1500.0""#) == ["4"])
    #expect(try ids(#"ProcessId in (4, "12")"#) == ["1", "4"])
    #expect(try ids(#"ProcessId !in ("4", 8)"#) == ["3", "4"])
  }

  @Test("a bool compared with 0 or 1 reads them as false and true")
  func boolAgainstZeroOrOne() throws {
    #expect(try ids("IsProcessRemoteSession == 1") == ["1"])
    #expect(try ids("IsProcessRemoteSession == 0") == ["2", "4"])
    #expect(try ids("IsProcessRemoteSession != 1") == ["2", "3", "4"])
  }

  @Test("a bool compared with the text true or false reads it as tobool does")
  func boolAgainstText() throws {
    #expect(try ids(#"IsProcessRemoteSession == "true""#) == ["1"])
    #expect(try ids(#"IsProcessRemoteSession != "False""#) == ["1", "3"])
    #expect(try ids(#"IsProcessRemoteSession in ("false")"#) == ["2", "4"])
    #expect(failure(#"DeviceProcessEvents | where IsProcessRemoteSession == "yes""#).contains("cannot compare"))
  }

  @Test("ordering a number against a string and comparing with text that is no number stay errors")
  func mismatchesKustoRefusesStayErrors() {
    #expect(failure(#"DeviceProcessEvents | where FileSize > "1000""#).contains("cannot compare long with string"))
    #expect(failure(#"DeviceProcessEvents | where ProcessId == "four""#).contains("cannot compare"))
    #expect(failure("DeviceProcessEvents | where IsProcessRemoteSession == 2").contains("cannot compare"))
  }

  @Test("a member of a string column reads the column as JSON, with dots or brackets")
  func memberOfJSONInStringColumn() throws {
    #expect(try ids("tobool(AdditionalFields.IsLocalLogon)") == ["1"])
    #expect(try ids(#"AdditionalFields["x y"] == "z""#) == ["2"])
    #expect(try ids("toint(parse_json(AdditionalFields).Port) == 445") == ["1"])
    #expect(
      try rows(
        "DeviceProcessEvents | sort by ReportId asc | project ReportId, L = tostring(AdditionalFields.IsLocalLogon)")
        == [["1", "true"], ["2", "false"], ["3", ""], ["4", ""]])
    #expect(failure(#"DeviceProcessEvents | where strcat(FileName, "{}").x == 1"#).contains("parse_json"))
  }

  @Test("a string literal holding NUL is refused at its span, since PostgreSQL text cannot hold it")
  func nulInLiteral() {
    let message = failure(#"DeviceProcessEvents | where FileName == "a\0b""#)
    #expect(message.contains("NUL"))
    #expect(message.contains("test.kql:1:41:"))
  }
}
