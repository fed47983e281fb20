import SpoorCatalog
import SpoorPostgres
import SpoorTestSupport
import Testing

/// KQL over the columns of `reference/schema-additions.json`'s `columns_2026` (migration 0300) on real PostgreSQL:
/// columns Microsoft's pages list today that the earlier references lacked, such as `DeviceInfo.HardwareUuid`.
@Suite("KQL over the 2026 Defender columns", .serialized)
struct KQLSchemaAdditions2026Tests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public."DeviceInfo" ("Timestamp", "DeviceId", "DeviceName", "HardwareUuid", "IsTransient",
      "CloudPlatforms") VALUES
    ('2026-01-01 00:01:00+00', 'd1', 'host1.contoso.com', '4c4c4544-0042-3510-8052-b4c04f4e3732', false, 'Azure'),
    ('2026-01-01 00:05:00+00', 'd1', 'host1.contoso.com', '4c4c4544-0042-3510-8052-b4c04f4e3732', false, 'Azure'),
    ('2026-01-01 00:02:00+00', 'd2', 'host1-old.contoso.com', '4c4c4544-0042-3510-8052-b4c04f4e3732', true, ''),
    ('2026-01-01 00:03:00+00', 'd3', 'vm3.contoso.com', '9f1c0b5e-1111-4222-8333-444455556666', false, 'Azure');

    INSERT INTO public."EmailEvents" ("Timestamp", "NetworkMessageId", "RecipientEmailAddress", "RecipientDomain",
      "EmailSize", "IsFirstContact", "OriginalThreatTypes", "ThreatTypes") VALUES
    ('2026-01-01 00:04:00+00', 'm1', 'alice@contoso.com', 'contoso.com', 48213, 1, 'Phish', ''),
    ('2026-01-01 00:06:00+00', 'm2', 'bob@contoso.com', 'contoso.com', 1200, 0, '', ''),
    ('2026-01-01 00:07:00+00', 'm3', 'carol@fabrikam.com', 'fabrikam.com', 900, 1, 'Malware', 'Malware');

    INSERT INTO public."AADSignInEventsBeta" ("Timestamp", "AccountUpn", "EntraIdDeviceId") VALUES
    ('2026-01-01 00:08:00+00', 'alice@contoso.com', 'e1');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_schema_additions_2026"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ kql: String) throws -> [[String?]] {
    try TranslationHarness.run(kql, language: .kql, now: Self.now, on: connection).rows
  }

  @Test("DeviceInfo.HardwareUuid: one machine re-onboarded under two device ids, exact rows")
  func hardwareUuid() throws {
    #expect(
      try rows(
        """
        DeviceInfo | where Timestamp > ago(1h) and isnotempty(HardwareUuid)
        | summarize Devices = dcount(DeviceId), Transient = countif(IsTransient) by HardwareUuid
        | where Devices > 1
        """
      ) == [["4c4c4544-0042-3510-8052-b4c04f4e3732", "2", "1"]])
    #expect(
      try rows(
        "DeviceInfo | where CloudPlatforms == 'Azure' | summarize arg_max(Timestamp, HardwareUuid) by DeviceId | project DeviceId, HardwareUuid | order by DeviceId asc"
      ) == [
        ["d1", "4c4c4544-0042-3510-8052-b4c04f4e3732"], ["d3", "9f1c0b5e-1111-4222-8333-444455556666"],
      ])
  }

  @Test("EmailEvents' newer columns: first contact, size, the threat found at delivery")
  func emailEvents() throws {
    #expect(
      try rows(
        """
        EmailEvents | where IsFirstContact == 1 and isnotempty(OriginalThreatTypes) and isempty(ThreatTypes)
        | project NetworkMessageId, RecipientDomain, EmailSize
        """
      ) == [["m1", "contoso.com", "48213"]])
    // Strings the fixture leaves out are '' (Kusto strings are never null), as for every other Defender string.
    #expect(try rows("EmailEvents | where NetworkMessageId == 'm2' | project Topics, To, Cc") == [["", "", ""]])
  }

  @Test("AADSignInEventsBeta has the EntraIdDeviceId its EntraIdSignInEvents successor has")
  func aadEntraIdDeviceId() throws {
    #expect(
      try rows("AADSignInEventsBeta | where isnotempty(EntraIdDeviceId) | project AccountUpn, EntraIdDeviceId") == [
        ["alice@contoso.com", "e1"]
      ])
  }

  @Test("the added columns are in the built-in catalog, typed, after 0240's and in the migration's order")
  func catalog() {
    let deviceInfo = Catalog.builtIn.table(named: "DeviceInfo")
    #expect(deviceInfo?.column(named: "HardwareUuid")?.type == .string)
    #expect(deviceInfo?.column(named: "IsTransient")?.type == .bool)
    #expect(deviceInfo?.columns.last?.name == "DlpInfo")
    #expect(deviceInfo?.columns.count == 52)
    let email = Catalog.builtIn.table(named: "EmailEvents")
    #expect(email?.column(named: "EmailSize")?.type == .long)
    #expect(email?.column(named: "IsFirstContact")?.type == .int)
    #expect(Catalog.builtIn.table(named: "EmailUrlInfo")?.column(named: "UrlChainPosition")?.type == .int)
    #expect(Catalog.builtIn.table(named: "CloudAppEvents")?.column(named: "AppInstanceId")?.type == .int)
    #expect(Catalog.builtIn.table(named: "BehaviorEntities")?.column(named: "CloudResourceId")?.type == .string)
    #expect(Catalog.builtIn.table(named: "UrlClickEvents")?.columns.last?.name == "SourceSystem")
    #expect(Catalog.builtIn.table(named: "AADSignInEventsBeta")?.column(named: "EndpointCall")?.type == .string)
    // Listed on the pages but located inside AdditionalFields (schema-additions.json, not_added_2026).
    #expect(Catalog.builtIn.table(named: "DeviceProcessEvents")?.column(named: "LogonID") == nil)
    // 0240's IdentityInfo columns still come last there: 0300 adds none to it.
    #expect(Catalog.builtIn.table(named: "IdentityInfo")?.columns.last?.name == "GroupMembership")
  }
}
