import SpoorCatalog
import SpoorPostgres
import SpoorTestSupport
import Testing

/// KQL over the tables and columns of `reference/schema-additions.json` (migration 0240) on real PostgreSQL:
/// `EntraIdSignInEvents` and `EntraIdSpnSignInEvents` (which replace the `AAD*Beta` tables) and the columns
/// Microsoft's unified `IdentityInfo` schema gained; and the note for a table Microsoft retired.
@Suite("KQL over the 2025 Defender schema additions", .serialized)
struct KQLSchemaAdditionsTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public."EntraIdSignInEvents" ("Timestamp", "AccountUpn", "ErrorCode", "Country", "IsGuestUser",
      "RiskLevelAggregated") VALUES
    ('2026-01-01 00:01:00+00', 'alice@contoso.com', 50126, 'FR', false, 50),
    ('2026-01-01 00:02:00+00', 'alice@contoso.com', 50126, 'FR', false, 100),
    ('2026-01-01 00:03:00+00', 'guest@fabrikam.com', 0, 'US', true, 0),
    ('2025-12-01 00:00:00+00', 'old@contoso.com', 50126, 'DE', false, 10);

    INSERT INTO public."EntraIdSpnSignInEvents" ("Timestamp", "ServicePrincipalName", "IsManagedIdentity",
      "ErrorCode") VALUES
    ('2026-01-01 00:04:00+00', 'backup-app', true, 0);

    INSERT INTO public."IdentityInfo" ("Timestamp", "AccountUpn", "RiskLevel", "CriticalityLevel",
      "SourceProviders") VALUES
    ('2026-01-01 00:00:00+00', 'alice@contoso.com', 'High', 3, '["ActiveDirectory", "EntraID"]'),
    ('2026-01-01 00:00:00+00', 'bob@contoso.com', '', 1, '["EntraID"]');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_schema_additions"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection).rows
  }

  @Test("EntraIdSignInEvents and EntraIdSpnSignInEvents: Microsoft's columns, exact rows")
  func entraTables() throws {
    #expect(
      try rows(
        "EntraIdSignInEvents | where Timestamp > ago(1d) and ErrorCode == 50126 | summarize Failures = count(), Worst = max(RiskLevelAggregated) by AccountUpn, Country"
      ) == [["alice@contoso.com", "FR", "2", "100"]])
    #expect(try rows("EntraIdSignInEvents | where IsGuestUser | project AccountUpn") == [["guest@fabrikam.com"]])
    #expect(
      try rows("EntraIdSpnSignInEvents | where IsManagedIdentity | project ServicePrincipalName, TimeGenerated") == [
        ["backup-app", "2026-01-01 00:04:00+00"]
      ])
  }

  @Test("IdentityInfo's 2025 columns: RiskLevel, CriticalityLevel, SourceProviders")
  func identityInfoColumns() throws {
    #expect(
      try rows(
        "IdentityInfo | where RiskLevel == 'High' and SourceProviders has 'ActiveDirectory' | project AccountUpn, CriticalityLevel"
      ) == [["alice@contoso.com", "3"]])
  }

  @Test("every added table and column is in the built-in catalog as the migration creates it")
  func catalog() {
    let entra = Catalog.builtIn.table(named: "EntraIdSignInEvents")
    #expect(entra?.columns.count == 47)
    #expect(entra?.columns.last?.name == "TimeGenerated")
    #expect(Catalog.builtIn.table(named: "IdentityInfo")?.columns.last?.name == "GroupMembership")
  }

  @Test("a retired table names what replaced it")
  func retiredTable() {
    let message = TranslationHarness.diagnostics("DeviceAlertEvents | take 1", language: .kql).map(\.help)
    #expect(message.contains { $0?.contains("AlertInfo and AlertEvidence") == true })
  }

  @Test("a table name from before the 2020 rename names today's table and the renamed columns")
  func renamedTable() {
    let diagnostics = TranslationHarness.diagnostics(
      "ProcessCreationEvents | where ComputerName == 'x'", language: .kql)
    #expect(diagnostics.map(\.code.rawValue) == ["BIND-002"])
    #expect(diagnostics.first?.help?.contains("write DeviceProcessEvents") == true)
    #expect(diagnostics.first?.help?.contains("ComputerName → DeviceName") == true)
  }
}
