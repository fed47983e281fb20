import SpoorCatalog
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// `spoor ingest TABLE` loads every table of the references, and what it loads is what KQL reads back.
@Suite("Ingest into the reference tables")
struct ReferenceTablesIngestTests {
  /// The clock queries are emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  func ingest(_ connection: Connection, _ table: String, _ lines: [String]) throws -> IngestSummary {
    let directory = try TemporaryDirectory()
    let path = try directory.write("\(table).ndjson", lines.joined(separator: "\n") + "\n")
    let summary = try Ingester(connection: connection, options: IngestOptions(jobs: 1)).ingest(
      table: table, paths: [path])
    #expect(summary.isBalanced)
    return summary
  }

  @Test("every built-in table takes a record naming its time column")
  func everyTable() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "ingest_every_table"))
    defer { connection.close() }
    #expect(Catalog.builtIn.tableNames.count == 81)
    for table in Catalog.builtIn.tables.values {
      let record = table.timeColumn.map { #"{"\#($0.name)": "2026-01-01T00:00:00Z"}"# } ?? "{}"
      let summary = try ingest(connection, table.name, [record])
      #expect(summary.loaded == 1 && summary.rejected == 0, "\(table.name)")
    }
  }

  @Test("Sentinel and Defender rows ingested from NDJSON answer KQL exactly, windowed on their time column")
  func ingestedRowsAnswerKQL() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "ingest_sentinel"))
    defer { connection.close() }
    let signins = [
      #"{"TimeGenerated": "2026-01-01T00:05:00Z", "UserPrincipalName": "alice@contoso.com", "ResultType": "50126", "Status": {"errorCode": 50126}}"#,
      #"{"TimeGenerated": "2025-12-31T00:05:00Z", "UserPrincipalName": "alice@contoso.com", "ResultType": "50126"}"#,
      #"{"TimeGenerated": "2026-01-01T00:06:00Z", "UserPrincipalName": "bob@contoso.com", "ResultType": "0"}"#,
    ]
    #expect(try ingest(connection, "SigninLogs", signins).loaded == 3)
    let identity = [
      #"{"Timestamp": "2026-01-01T00:01:00Z", "ActionType": "LogonFailed", "AccountUpn": "alice@contoso.com", "Port": 88}"#,
      #"{"Timestamp": "2026-01-01T00:02:00Z", "ActionType": "LogonSuccess", "AccountUpn": "bob@contoso.com"}"#,
    ]
    #expect(try ingest(connection, "IdentityLogonEvents", identity).loaded == 2)
    let midnight: Int64 = 1_767_225_600_000_000
    let failures = try TranslationHarness.run(
      """
      SigninLogs | where ResultType != "0"
      | project UserPrincipalName, Code = toint(Status.errorCode), TimeGenerated
      """, language: .kql, now: Self.now, since: midnight, on: connection)
    #expect(failures.rows == [["alice@contoso.com", "50126", "2026-01-01 00:05:00+00"]])
    let joined = try TranslationHarness.run(
      """
      IdentityLogonEvents | where ActionType == "LogonFailed"
      | join kind=inner (SigninLogs | where TimeGenerated > ago(1h)) on $left.AccountUpn == $right.UserPrincipalName
      | project AccountUpn, Port, ResultType
      """, language: .kql, now: Self.now, on: connection)
    #expect(joined.rows == [["alice@contoso.com", "88", "50126"]])
  }

  @Test("columns migration 0300 added (DeviceInfo.HardwareUuid, IsTransient) take NDJSON fields of their name")
  func columns2026() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "ingest_columns_2026"))
    defer { connection.close() }
    let devices = [
      #"{"Timestamp": "2026-01-01T00:01:00Z", "DeviceId": "d1", "HardwareUuid": "4c4c4544-0042", "IsTransient": true, "OsBuildRevision": "4169"}"#,
      #"{"Timestamp": "2026-01-01T00:02:00Z", "DeviceId": "d2"}"#,
    ]
    #expect(try ingest(connection, "DeviceInfo", devices).loaded == 2)
    let result = try TranslationHarness.run(
      "DeviceInfo | project DeviceId, HardwareUuid, IsTransient, OsBuildRevision | order by DeviceId asc",
      language: .kql, now: Self.now, on: connection)
    #expect(result.rows == [["d1", "4c4c4544-0042", "t", "4169"], ["d2", "", nil, ""]])
  }
}
