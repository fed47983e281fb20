import Testing

/// Cross-table hunts that stitch several Defender tables into one answer: timelines with `union`, per-table
/// counts with `withsource=`, and a `fullouter` comparison.
///
/// Every expected row is derived by hand from ``HuntFixture``.
@Suite("HuntScenario: cross-table timelines")
struct HuntScenarioTimelineTests {
  static let database = HuntDatabase(named: "hunts_timeline")

  let hunts: HuntRunner

  init() throws {
    hunts = try Self.database.runner()
  }

  @Test("Device timeline: union of three tables with different columns, missing ones filled")
  func deviceTimelineUnion() throws {
    // Kusto fills a missing string column with "" (strings have no null) and a missing int with null.
    let output = try hunts.run(
      """
      union
        (DeviceProcessEvents | where DeviceId == "d1" and Timestamp >= datetime(2026-03-01 10:00) | project Timestamp, Kind = "process", FileName),
        (DeviceNetworkEvents | where DeviceId == "d1" and Timestamp between (datetime(2026-03-01 10:00) .. datetime(2026-03-01 10:30)) | project Timestamp, Kind = "network", RemotePort),
        (DeviceRegistryEvents | where DeviceId == "d1" | project Timestamp, Kind = "registry", RegistryValueName)
      | sort by Timestamp asc
      """)
    #expect(output.columns == ["Timestamp", "Kind", "FileName", "RemotePort", "RegistryValueName"])
    #expect(
      output.rows == [
        ["2026-03-01 10:15:00+00", "process", "certutil.exe", nil, ""],
        ["2026-03-01 10:20:00+00", "process", "p.exe", nil, ""],
        ["2026-03-01 10:21:00+00", "network", "", "443", ""],
        ["2026-03-01 10:25:00+00", "registry", "", nil, "Updater"],
        ["2026-03-01 10:40:00+00", "registry", "", nil, ""],
        ["2026-03-01 10:50:00+00", "registry", "", nil, ""],
        ["2026-03-01 11:45:00+00", "process", "schtasks.exe", nil, ""],
      ])
  }

  @Test("What p.exe did, per table: union withsource= and summarize by the source table")
  func unionWithSourcePerTable() throws {
    // p.exe initiated 201-205 (network) and 301 (registry); 401 was written by certutil, 306 by reg.exe.
    let output = try hunts.run(
      """
      union withsource=SourceTable DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents
      | where DeviceId == "d1" and InitiatingProcessFileName =~ "p.exe"
      | summarize Events = count() by SourceTable
      | sort by SourceTable asc
      """)
    #expect(output.columns == ["SourceTable", "Events"])
    #expect(output.rows == [["DeviceNetworkEvents", "5"], ["DeviceRegistryEvents", "1"]])
  }

  @Test("Renames versus registry writes per device: fullouter join of two summaries, coalesce of the keys")
  func fullouterRenamesAndRegistryWrites() throws {
    // Renames: d3 ×2. Value writes: d1 ×2 (301, 306), d2 ×1 (302), d3 ×1 (303). The unmatched side's DeviceId is ""
    // (strings have no null), and coalesce() skips empty strings.
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType == "FileRenamed"
      | summarize Renames = count() by DeviceId
      | join kind=fullouter (DeviceRegistryEvents | where ActionType == "RegistryValueSet" | summarize Writes = count() by DeviceId) on DeviceId
      | project Device = coalesce(DeviceId, DeviceId1), Renames, Writes
      | sort by Device asc
      """)
    #expect(output.rows == [["d1", nil, "2"], ["d2", nil, "1"], ["d3", "2", "1"]])
  }

  @Test("Everything on the server: union of Device*Events by wildcard, counted per source table")
  func wildcardUnionPerTable() throws {
    // d3: files 404-406, image loads 503-504, network 210-212, processes 103, 108, 112, 113, registry 303, 305.
    let output = try hunts.run(
      """
      union withsource=SourceTable Device*Events
      | where DeviceId == "d3"
      | summarize Events = count() by SourceTable
      | sort by SourceTable asc
      """)
    #expect(
      output.rows == [
        ["DeviceFileEvents", "3"], ["DeviceImageLoadEvents", "2"], ["DeviceNetworkEvents", "3"],
        ["DeviceProcessEvents", "4"], ["DeviceRegistryEvents", "2"],
      ])
  }

  @Test("Threat-intel JSON: parse_json, field access, mv-expand of tags, join to executions")
  func threatIntelJsonTags() throws {
    // h-net's report has an empty tag list: mv-expand produces no row for it.
    let output = try hunts.run(
      """
      let Intel = datatable(SHA256:string, Report:string)[
        "h-p", '{"family":"Agent","tags":["rat","c2"]}',
        "h-net", '{"family":"Tool","tags":[]}'];
      Intel
      | extend Parsed = parse_json(Report)
      | extend Family = tostring(Parsed.family)
      | mv-expand Tag = Parsed.tags to typeof(string)
      | join kind=inner (DeviceProcessEvents | project SHA256, DeviceName, FileName) on SHA256
      | project DeviceName, FileName, Family, Tag
      """)
    #expect(
      HuntRunner.unordered(output.rows)
        == HuntRunner.unordered([
          ["WS1", "p.exe", "Agent", "rat"], ["WS1", "p.exe", "Agent", "c2"],
        ]))
  }

  @Test("Dropped hashes that also executed: distinct on both sides, inner join, make_set of devices")
  func droppedAndExecutedHashes() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where isnotempty(SHA256)
      | distinct SHA256, DeviceId
      | join kind=inner (DeviceProcessEvents | distinct SHA256, FileName) on SHA256
      | summarize Devices = make_set(DeviceId) by FileName
      """)
    #expect(output.rows.map { $0[0] } == ["p.exe"])
    #expect(output.rows.map { HuntRunner.set($0[1]) } == [["d1"]])
  }

  @Test("Process start followed by its first connection within 5 minutes: between (datetime .. timespan)")
  func connectionWithinFiveMinutesOfStart() throws {
    // p.exe's later beacons (10:40 onwards) fall outside 10:20 .. 10:25.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | project DeviceId, FileName, StartTime = Timestamp
      | join kind=inner (DeviceNetworkEvents | project DeviceId, FileName = InitiatingProcessFileName, ConnTime = Timestamp, RemoteIP) on DeviceId, FileName
      | where ConnTime between (StartTime .. 5m)
      | project DeviceId, FileName, RemoteIP, DelaySeconds = datetime_diff("second", ConnTime, StartTime)
      | sort by DeviceId asc, FileName asc
      """)
    #expect(
      output.rows == [
        ["d1", "chrome.exe", "142.250.1.1", "60"], ["d1", "p.exe", "203.0.113.7", "60"],
        ["d1", "powershell.exe", "198.51.100.9", "60"], ["d2", "chrome.exe", "10.0.0.53", "60"],
        ["d2", "powershell.exe", "172.16.5.5", "60"], ["d3", "rundll32.exe", "192.168.7.7", "60"],
      ])
  }

  @Test("Beacon destinations reused twice: materialize a summary and join it with its own roll-up")
  func materializedSummaryJoinedWithItself() throws {
    // d1 on 443: 203.0.113.7 ×5 and 142.250.1.1 ×1, so two destinations.
    let output = try hunts.run(
      """
      let Beacons = materialize(DeviceNetworkEvents | where RemotePort == 443 | summarize Hits = count() by DeviceId, RemoteIP);
      Beacons
      | where Hits > 1
      | join kind=inner (Beacons | summarize Destinations = count() by DeviceId) on DeviceId
      | project DeviceId, RemoteIP, Hits, Destinations
      """)
    #expect(output.rows == [["d1", "203.0.113.7", "5", "2"]])
  }

  @Test("A tabular let function applied with invoke, then summarized per device")
  func invokeTabularFunction() throws {
    // Shells: 104, 106 (d1), 105, 107, 111 (d2), 113 (d3).
    let output = try hunts.run(
      """
      let Shells = (T:(FileName:string)) { T | where FileName in~ ("cmd.exe", "powershell.exe") };
      DeviceProcessEvents
      | invoke Shells()
      | summarize Shells = count() by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.rows == [["d1", "2"], ["d2", "3"], ["d3", "1"]])
  }
}
