import SpoorCatalog
import SpoorPostgres
import SpoorTestSupport
import Testing

/// KQL over the tables of `reference/schema-coverage.json` (migration 0171) on real PostgreSQL: more Sentinel
/// tables, whose own time column is `TimeGenerated`, and more Defender tables, with a generated `TimeGenerated`.
///
/// Exact rows, derived by hand from Kusto's semantics.
@Suite("KQL over the coverage tables", .serialized)
struct KQLCoverageTablesTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public."AADNonInteractiveUserSignInLogs" ("TimeGenerated", "UserPrincipalName", "ResultType",
      "IPAddress") VALUES
    ('2026-01-01 00:01:00+00', 'alice@contoso.com', '50126', '203.0.113.9'),
    ('2026-01-01 00:02:00+00', 'alice@contoso.com', '50126', '203.0.113.9'),
    ('2026-01-01 00:03:00+00', 'bob@contoso.com', '0', '198.51.100.2'),
    ('2025-12-20 00:00:00+00', 'carol@contoso.com', '50126', '192.0.2.1');

    INSERT INTO public."AzureActivity" ("TimeGenerated", "OperationNameValue", "Caller", "ActivityStatusValue",
      "CallerIpAddress") VALUES
    ('2026-01-01 00:01:00+00', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE', 'alice@contoso.com', 'Success', '203.0.113.9'),
    ('2026-01-01 00:02:00+00', 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', 'bob@contoso.com', 'Failure', '198.51.100.2');

    INSERT INTO public."DnsEvents" ("TimeGenerated", "Computer", "Name", "ClientIP", "QueryType") VALUES
    ('2026-01-01 00:01:00+00', 'DC1', 'evil.example', '10.0.0.5', 'A'),
    ('2026-01-01 00:02:00+00', 'DC1', 'contoso.com', '10.0.0.6', 'A');

    INSERT INTO public."AADSignInEventsBeta" ("Timestamp", "AccountUpn", "ErrorCode", "Country") VALUES
    ('2026-01-01 00:01:00+00', 'alice@contoso.com', 50126, 'FR'),
    ('2026-01-01 00:02:00+00', 'bob@contoso.com', 0, 'US');

    INSERT INTO public."DeviceTvmInfoGathering" ("Timestamp", "DeviceId", "DeviceName", "AdditionalFields") VALUES
    ('2026-01-01 00:00:00+00', 'd1', 'WS1', '{"AsrRules": {"BlockOfficeChildProcess": "Audit"}}');

    INSERT INTO public."ExposureGraphEdges" ("EdgeId", "EdgeLabel", "SourceNodeName", "TargetNodeName") VALUES
    ('g1', 'has permissions to', 'alice', 'vm1');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_coverage_tables"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection).rows
  }

  @Test(
    "new Sentinel and Defender tables give exact rows",
    arguments: [
      (
        #"AADNonInteractiveUserSignInLogs | where TimeGenerated > ago(1d) and ResultType == "50126" | summarize Failures = count() by UserPrincipalName, IPAddress"#,
        [["alice@contoso.com", "203.0.113.9", "2"]]
      ),
      (
        #"AzureActivity | where OperationNameValue endswith "/DELETE" | project Caller, ActivityStatusValue"#,
        [["alice@contoso.com", "Success"]]
      ),
      (
        #"DnsEvents | where Name has "evil" | project Computer, ClientIP"#,
        [["DC1", "10.0.0.5"]]
      ),
      (
        #"AADSignInEventsBeta | where ErrorCode == 50126 | project AccountUpn, Country, TimeGenerated"#,
        [["alice@contoso.com", "FR", "2026-01-01 00:01:00+00"]]
      ),
      (
        #"DeviceTvmInfoGathering | extend Office = tostring(AdditionalFields.AsrRules.BlockOfficeChildProcess) | project DeviceName, Office"#,
        [["WS1", "Audit"]]
      ),
      (
        #"ExposureGraphEdges | where EdgeLabel == "has permissions to" | project SourceNodeName, TargetNodeName"#,
        [["alice", "vm1"]]
      ),
    ] as [(String, [[String?]])])
  func coverageTables(kql: String, expected: [[String?]]) throws {
    #expect(try rows(kql) == expected)
  }

  @Test("the Sentinel tables window on TimeGenerated, the Defender ones on Timestamp")
  func timeColumns() {
    #expect(Catalog.builtIn.table(named: "AzureActivity")?.timeColumn?.name == "TimeGenerated")
    #expect(Catalog.builtIn.table(named: "AADSignInEventsBeta")?.timeColumn?.name == "Timestamp")
    #expect(Catalog.builtIn.table(named: "ExposureGraphNodes")?.timeColumn == nil)
  }
}
