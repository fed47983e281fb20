import SpoorCatalog
import SpoorPostgres
import SpoorTestSupport
import Testing

/// KQL over the tables of `reference/schema-more.json` (migrations 0050 and 0051) on real PostgreSQL: the other
/// Defender XDR tables, joined on their documented keys, and the Sentinel tables, whose own time column is
/// `TimeGenerated`.
///
/// Exact rows, derived by hand from Kusto's semantics.
@Suite("KQL over the Defender and Sentinel tables", .serialized)
struct KQLSchemaTablesTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000
  /// A `--since` window start: 2026-01-01T00:00:00Z.
  static let midnight: Int64 = 1_767_225_600_000_000

  static let fixture = #"""
    INSERT INTO public."AlertInfo" ("Timestamp", "AlertId", "Title", "Severity", "Category") VALUES
    ('2026-01-01 00:01:00+00', 'a1', 'Suspicious PowerShell', 'High', 'Execution'),
    ('2026-01-01 00:02:00+00', 'a2', 'Phish delivered', 'Low', 'InitialAccess');

    INSERT INTO public."AlertEvidence" ("Timestamp", "AlertId", "EntityType", "EvidenceRole", "DeviceName",
      "AccountName", "NetworkMessageId") VALUES
    ('2026-01-01 00:01:00+00', 'a1', 'Process', 'Impacted', 'WS1', '', ''),
    ('2026-01-01 00:01:00+00', 'a1', 'User', 'Impacted', '', 'alice', ''),
    ('2026-01-01 00:02:00+00', 'a2', 'MailMessage', 'Related', '', '', 'm1');

    INSERT INTO public."EmailEvents" ("Timestamp", "NetworkMessageId", "RecipientEmailAddress", "ThreatTypes",
      "AttachmentCount") VALUES
    ('2026-01-01 00:02:00+00', 'm1', 'alice@contoso.com', 'Phish, Malware', 1),
    ('2026-01-01 00:03:00+00', 'm2', 'bob@contoso.com', '', 0),
    ('2026-01-01 00:04:00+00', 'm3', 'carol@contoso.com', 'Phish', 0);

    INSERT INTO public."UrlClickEvents" ("Timestamp", "NetworkMessageId", "Url", "AccountUpn", "IsClickedThrough")
    VALUES
    ('2026-01-01 00:05:00+00', 'm1', 'http://evil.example/x', 'alice@contoso.com', true),
    ('2026-01-01 00:06:00+00', 'm3', 'http://evil.example/y', 'carol@contoso.com', false);

    INSERT INTO public."SigninLogs" ("TimeGenerated", "UserPrincipalName", "ResultType", "IPAddress") VALUES
    ('2026-01-01 00:05:00+00', 'alice@contoso.com', '50126', '203.0.113.9'),
    ('2025-12-30 10:00:00+00', 'bob@contoso.com', '0', '198.51.100.2'),
    ('2026-01-01 00:09:00+00', 'alice@contoso.com', '50126', '203.0.113.9'),
    ('2026-01-01 00:07:00+00', 'carol@contoso.com', '0', '192.0.2.1');

    INSERT INTO public."SecurityEvent" ("TimeGenerated", "Computer", "EventID", "Account", "LogonType") VALUES
    ('2026-01-01 00:01:00+00', 'DC1', 4625, 'CONTOSO\alice', 3),
    ('2026-01-01 00:02:00+00', 'DC1', 4625, 'CONTOSO\alice', 3),
    ('2026-01-01 00:03:00+00', 'DC1', 4624, 'CONTOSO\alice', 3),
    ('2025-12-31 00:03:00+00', 'WS1', 4625, 'CONTOSO\bob', 2);

    INSERT INTO public."DeviceTvmSoftwareVulnerabilities" ("DeviceId", "DeviceName", "CveId",
      "VulnerabilitySeverityLevel") VALUES
    ('d1', 'WS1', 'CVE-2024-0001', 'Critical'),
    ('d2', 'WS2', 'CVE-2024-0002', 'Low');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_schema_tables"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ kql: String, since: Int64? = nil) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, since: since, on: connection).rows
  }

  @Test("every table of the references is in the built-in catalog, with its time column")
  func timeColumns() throws {
    #expect(Catalog.builtIn.table(named: "SigninLogs")?.timeColumn?.name == "TimeGenerated")
    #expect(Catalog.builtIn.table(named: "Syslog")?.timeColumn?.name == "TimeGenerated")
    #expect(Catalog.builtIn.table(named: "AlertInfo")?.timeColumn?.name == "Timestamp")
    #expect(Catalog.builtIn.table(named: "AlertInfo")?.column(named: "TimeGenerated")?.type == .datetime)
    #expect(Catalog.builtIn.table(named: "DeviceProcessEvents")?.timeColumn?.name == "Timestamp")
    #expect(Catalog.builtIn.table(named: "xdr_data")?.timeColumn?.name == "_time")
    #expect(Catalog.builtIn.table(named: "DeviceTvmSoftwareInventory")?.timeColumn == nil)
    // 49 from schema.json and schema-more.json, 30 from schema-coverage.json (migrations 0170 and 0171), 2 from
    // schema-additions.json (migration 0240)
    #expect(Catalog.builtIn.tableNames.count == 81)
  }

  @Test("AlertInfo joins AlertEvidence on AlertId")
  func alertEvidence() throws {
    let result = try rows(
      """
      AlertInfo | where Severity == "High"
      | join kind=inner AlertEvidence on AlertId
      | where EntityType == "User"
      | project AlertId, Title, AccountName
      """)
    #expect(result == [["a1", "Suspicious PowerShell", "alice"]])
  }

  @Test("phish that was clicked through: EmailEvents joined with UrlClickEvents on NetworkMessageId")
  func clickedPhish() throws {
    let result = try rows(
      """
      EmailEvents | where ThreatTypes has "Phish"
      | join kind=inner (UrlClickEvents | where IsClickedThrough) on NetworkMessageId
      | project RecipientEmailAddress, Url, AttachmentCount
      """)
    #expect(result == [["alice@contoso.com", "http://evil.example/x", "1"]])
  }

  @Test("Sentinel sign-in failures in the last hour, on TimeGenerated")
  func signinFailures() throws {
    let result = try rows(
      """
      SigninLogs | where TimeGenerated > ago(1h) and ResultType == "50126"
      | summarize Failures = count(), LastSeen = max(TimeGenerated) by UserPrincipalName, IPAddress
      """)
    #expect(result == [["alice@contoso.com", "203.0.113.9", "2", "2026-01-01 00:09:00+00"]])
  }

  @Test("--since windows a Sentinel table on TimeGenerated and leaves a table without a time column whole")
  func sinceWindow() throws {
    let query = "SigninLogs | project UserPrincipalName, ResultType | order by UserPrincipalName asc"
    #expect(
      try rows(query, since: Self.midnight) == [
        ["alice@contoso.com", "50126"], ["alice@contoso.com", "50126"], ["carol@contoso.com", "0"],
      ])
    #expect(try rows(query).count == 4)
    let failures = "SecurityEvent | where EventID == 4625 | summarize Attempts = count() by Computer, Account"
    #expect(try rows(failures, since: Self.midnight) == [["DC1", #"CONTOSO\alice"#, "2"]])
    #expect(try rows(failures).count == 2)
    let vulnerable =
      "DeviceTvmSoftwareVulnerabilities | where VulnerabilitySeverityLevel == 'Critical' | project DeviceName, CveId"
    #expect(try rows(vulnerable, since: Self.midnight) == [["WS1", "CVE-2024-0001"]])
  }
}
