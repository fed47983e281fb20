import SpoorPostgres
import SpoorTestSupport
import Testing

/// Defender's `AssignedIPAddresses()` and `invoke DeviceFromIP()` computed from DeviceNetworkInfo, with exact rows:
/// the latest report of each network adapter at or before the time, one row per address it lists.
@Suite("Defender network functions", .serialized)
struct KQLDefenderNetworkFunctionTests {
  /// 2026-01-05T00:00:00Z.
  static let now: Int64 = 1_767_571_200_000_000

  static let fixture = #"""
    INSERT INTO public."DeviceNetworkInfo" ("Timestamp", "DeviceId", "DeviceName", "NetworkAdapterName",
      "NetworkAdapterType", "ConnectedNetworks", "IPAddresses", "ReportId") VALUES
    ('2026-01-01 00:00:00+00', 'd1', 'host1.contoso.com', 'eth0', 'Ethernet',
     '[{"Name":"corp","Category":"Domain","Description":"corp","IsConnectedToInternet":true}]',
     '[{"IPAddress":"10.0.0.5","SubnetPrefix":24,"AddressType":"Private"},{"IPAddress":"fe80::1","SubnetPrefix":64,"AddressType":"LinkLocal"}]', 1),
    ('2026-01-02 00:00:00+00', 'd1', 'host1.contoso.com', 'eth0', 'Ethernet', '[]',
     '[{"IPAddress":"10.0.0.9","SubnetPrefix":24,"AddressType":"Private"}]', 2),
    ('2026-01-01 12:00:00+00', 'd1', 'host1.contoso.com', 'wlan0', 'Wireless80211', '',
     '[{"IPAddress":"203.0.113.7","SubnetPrefix":24,"AddressType":"Public"}]', 3),
    ('2026-01-01 06:00:00+00', 'd2', 'host2.contoso.com', 'eth0', 'Ethernet', '[]',
     '[{"IPAddress":"10.0.0.9","SubnetPrefix":24,"AddressType":"Private"}]', 4),
    ('2026-01-02 12:00:00+00', 'd2', 'host2.contoso.com', 'eth0', 'Ethernet', '[]',
     '[{"IPAddress":"10.0.0.20","SubnetPrefix":24,"AddressType":"Private"}]', 5),
    ('2026-01-01 00:00:00+00', 'd3', 'host3.contoso.com', 'eth0', 'Ethernet', '[]', 'not json', 6),
    ('2026-01-06 00:00:00+00', 'd1', 'host1.contoso.com', 'eth0', 'Ethernet', '[]',
     '[{"IPAddress":"10.0.0.99","SubnetPrefix":24,"AddressType":"Private"}]', 7);
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "defender_network_functions"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ query: String) throws -> [[String?]] {
    try TranslationHarness.run(query, language: .kql, now: Self.now, on: connection).rows
  }

  @Test func assignedIPAddressesAtATimeAndNow() throws {
    // At 18:00 on 1 January: eth0's first report and wlan0's.
    #expect(
      try rows("AssignedIPAddresses('d1', datetime(2026-01-01 18:00)) | order by IPAddress asc") == [
        [
          "2026-01-01 00:00:00+00", "10.0.0.5", "Private", "Ethernet",
          #"[{"Name": "corp", "Category": "Domain", "Description": "corp", "IsConnectedToInternet": true}]"#,
        ],
        ["2026-01-01 12:00:00+00", "203.0.113.7", "Public", "Wireless80211", nil],
        [
          "2026-01-01 00:00:00+00", "fe80::1", "LinkLocal", "Ethernet",
          #"[{"Name": "corp", "Category": "Domain", "Description": "corp", "IsConnectedToInternet": true}]"#,
        ],
      ])
    // Now (5 January, before the report of the 6th), by device name in another case.
    #expect(
      try rows("AssignedIPAddresses('HOST1.contoso.com') | project IPAddress, Timestamp | order by IPAddress asc")
        == [["10.0.0.9", "2026-01-02 00:00:00+00"], ["203.0.113.7", "2026-01-01 12:00:00+00"]])
    // Before any report, and for a device whose IPAddresses is not JSON: no rows.
    #expect(try rows("AssignedIPAddresses('d1', datetime(2025-12-31))") == [])
    #expect(try rows("AssignedIPAddresses('d3')") == [])
  }

  @Test func deviceFromIPPerInputRow() throws {
    let input = "datatable(IP: string) ['10.0.0.9', '10.0.0.5', '192.168.9.9', '10.0.0.9']"
    #expect(
      try rows(input + " | invoke DeviceFromIP() | order by IP asc, DeviceId asc")
        == [["10.0.0.9", "d1"], ["10.0.0.9", "d1"]])
    #expect(
      try rows(input + " | invoke DeviceFromIP(IP, datetime(2026-01-01 18:00)) | order by IP asc")
        == [["10.0.0.5", "d1"], ["10.0.0.9", "d2"], ["10.0.0.9", "d2"]])
    #expect(
      try rows(
        "datatable(LocalIP: string, Other: long) ['10.0.0.20', 1] | invoke DeviceFromIP(LocalIP) "
          + "| extend Columns = 2") == [["10.0.0.20", "d2", "2"]])
  }
}
