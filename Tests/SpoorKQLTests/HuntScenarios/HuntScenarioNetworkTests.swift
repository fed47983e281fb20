import Testing

/// Multi-stage network hunts over `DeviceNetworkEvents`: beaconing, private/public ranges, watchlists.
///
/// Every expected row is derived by hand from ``HuntFixture``.
@Suite("HuntScenario: network hunts")
struct HuntScenarioNetworkTests {
  static let database = HuntDatabase(named: "hunts_network")

  let hunts: HuntRunner

  init() throws {
    hunts = try Self.database.runner()
  }

  @Test("Beaconing: connections per device, address and hour with bin(Timestamp, 1h)")
  func beaconingHourlyCounts() throws {
    // Port 443 to public addresses: 201-205 (10:21, 10:40 | 11:05, 11:20, 11:50) and 206 alone at 08:01.
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where RemotePort == 443 and ipv4_is_private(RemoteIP) == false
      | summarize Connections = count() by DeviceId, RemoteIP, bin(Timestamp, 1h)
      | where Connections >= 2
      | sort by Timestamp asc
      """)
    #expect(output.columns == ["DeviceId", "RemoteIP", "Timestamp", "Connections"])
    #expect(
      output.rows == [
        ["d1", "203.0.113.7", "2026-03-01 10:00:00+00", "2"],
        ["d1", "203.0.113.7", "2026-03-01 11:00:00+00", "3"],
      ])
  }

  @Test("Beaconing persistence: distinct active hours per destination with dcount(bin(...))")
  func beaconingDistinctHours() throws {
    // d2's two empty-URL connections span two hours too, but isnotempty drops that group.
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize Hours = dcount(bin(Timestamp, 1h)), Total = count() by DeviceId, RemoteUrl
      | where Hours >= 2 and isnotempty(RemoteUrl)
      """)
    #expect(output.rows == [["d1", "c2.evil.example", "2", "5"]])
  }

  @Test("Port diversity: dcount ignores the null port, count does not")
  func dcountIgnoresNullPorts() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize Ports = dcount(RemotePort), Events = count() by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.columns == ["DeviceId", "Ports", "Events"])
    #expect(output.rows == [["d1", "2", "7"], ["d2", "2", "2"], ["d3", "2", "3"]])
  }

  @Test("Connection profile per device: countif and sumif (a null port fails the sumif predicate)")
  func countifAndSumif() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize Failed = countif(ActionType == "ConnectionFailed"), Https = countif(RemotePort == 443),
          LowPortSum = sumif(RemotePort, RemotePort < 1000), Total = count() by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.columns == ["DeviceId", "Failed", "Https", "LowPortSum", "Total"])
    #expect(
      output.rows == [["d1", "0", "6", "2738", "7"], ["d2", "1", "0", "498", "2"], ["d3", "0", "0", "135", "3"]])
  }

  @Test("Risk buckets: iff on ipv4_is_private and case on the port, then summarize by both")
  func riskBucketsWithIffAndCase() throws {
    // Only dotted IPv4 addresses: 211 (fe80::1) and 212 ('') are filtered out first.
    let output = try hunts.run(
      #"""
      DeviceNetworkEvents
      | where RemoteIP matches regex @"^\d{1,3}(\.\d{1,3}){3}$"
      | extend Direction = iff(ipv4_is_private(RemoteIP), "internal", "external")
      | extend Risk = case(RemotePort in (4444, 445), "high", RemotePort == 80, "medium", "low")
      | summarize Events = count() by Direction, Risk
      | sort by Direction asc, Risk asc
      """#)
    #expect(
      output.rows == [
        ["external", "low", "6"], ["external", "medium", "1"], ["internal", "high", "2"], ["internal", "low", "1"],
      ])
  }

  @Test("Lateral movement ports into private ranges: ipv4_is_in_range is null (dropped) for IPv6")
  func lateralMovementInPrivateRanges() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where RemotePort in (445, 135, 4444)
      | where ipv4_is_in_range(RemoteIP, "192.168.0.0/16") or ipv4_is_in_range(RemoteIP, "172.16.0.0/12")
      | project ReportId, RemoteIP, RemotePort
      | sort by ReportId asc
      """)
    #expect(output.rows == [["209", "172.16.5.5", "445"], ["210", "192.168.7.7", "4444"]])
  }

  @Test("Public destinations of successful connections, most contacted first")
  func publicDestinations() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where ActionType == "ConnectionSuccess" and RemoteIP contains "."
      | where not(ipv4_is_private(RemoteIP))
      | summarize Connections = count() by RemoteIP
      | sort by Connections desc, RemoteIP asc
      """)
    #expect(output.rows == [["203.0.113.7", "5"], ["142.250.1.1", "1"], ["198.51.100.9", "1"]])
  }

  @Test("Watchlist of IPs as a datatable, joined on $left.RemoteIP == $right.Ip")
  func ipWatchlistJoin() throws {
    let output = try hunts.run(
      """
      let BadIps = datatable(Ip:string, Campaign:string)["203.0.113.7", "C2-A", "198.51.100.9", "Stager"];
      DeviceNetworkEvents
      | join kind=inner (BadIps) on $left.RemoteIP == $right.Ip
      | summarize Hits = count(), FirstHit = min(Timestamp) by DeviceName, Campaign
      | sort by FirstHit asc
      """)
    #expect(output.columns == ["DeviceName", "Campaign", "Hits", "FirstHit"])
    #expect(
      output.rows == [
        ["WS1", "Stager", "1", "2026-03-01 09:31:00+00"], ["WS1", "C2-A", "5", "2026-03-01 10:21:00+00"],
      ])
  }

  @Test("Widest fan-out: dcount of addresses and make_set_if of non-empty URLs, top 1")
  func widestFanOut() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where isnotempty(RemoteIP)
      | summarize RemoteIPs = dcount(RemoteIP), Urls = make_set_if(RemoteUrl, isnotempty(RemoteUrl)) by DeviceName
      | top 1 by RemoteIPs
      """)
    #expect(output.rows.map { [$0[0], $0[1]] } == [["WS1", "3"]])
    #expect(output.rows.map { HuntRunner.set($0[2]) } == [["c2.evil.example", "www.google.com", "evil.example"]])
  }

  @Test("Last connection per device joined with its last process time")
  func lastConnectionWithLastProcess() throws {
    // d3's newest connection is 212: empty address, null port.
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize arg_max(Timestamp, RemoteIP, RemotePort) by DeviceId
      | join kind=inner (DeviceProcessEvents | summarize LastProcess = max(Timestamp) by DeviceId) on DeviceId
      | project DeviceId, Timestamp, RemoteIP, RemotePort, LastProcess
      | sort by DeviceId asc
      """)
    #expect(
      output.rows == [
        ["d1", "2026-03-01 11:50:00+00", "203.0.113.7", "443", "2026-03-01 11:45:00+00"],
        ["d2", "2026-03-01 09:41:00+00", "172.16.5.5", "445", "2026-03-01 11:30:00+00"],
        ["d3", "2026-03-01 10:03:00+00", "", nil, "2026-03-01 11:00:00+00"],
      ])
  }

  @Test("Processes on devices that touched suspicious destinations: a tabular let used with in")
  func processesOnSuspiciousDevices() throws {
    // Suspicious devices: d3 (port 4444) and d1 (URLs with the term "evil").
    let output = try hunts.run(
      """
      let SuspiciousDevices = DeviceNetworkEvents | where RemotePort == 4444 or RemoteUrl has "evil" | distinct DeviceId;
      DeviceProcessEvents
      | where DeviceId in (SuspiciousDevices) and Timestamp > ago(1d)
      | summarize Processes = dcount(FileName) by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.rows == [["d1", "6"], ["d3", "4"]])
  }

  @Test("Encoded PowerShell that then talked to the internet: innerunique keeps one left row per device")
  func innerUniqueDropsDuplicateLeftKeys() throws {
    // Left keys: d1 (104, 106), d2 (105, 107, 111), d3 (113); right: 208 (d1) and 209 (d2).
    let unique = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName == "powershell.exe" or FileName == "cmd.exe"
      | project DeviceId, FileName
      | join (DeviceNetworkEvents | where InitiatingProcessFileName == "powershell.exe" | project DeviceId, RemoteIP) on DeviceId
      | project DeviceId, RemoteIP
      | sort by DeviceId asc
      """)
    #expect(unique.rows == [["d1", "198.51.100.9"], ["d2", "172.16.5.5"]])
    let inner = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName == "powershell.exe" or FileName == "cmd.exe"
      | project DeviceId, FileName
      | join kind=inner (DeviceNetworkEvents | where InitiatingProcessFileName == "powershell.exe" | project DeviceId, RemoteIP) on DeviceId
      | count
      """)
    #expect(inner.rows == [["5"]])
  }
}
