import Testing

/// Cross-table hunts that stitch several Defender tables into one answer: timelines with `union`, per-table
/// counts with `withsource=`, and a `fullouter` comparison. Every expected row is derived by hand from ``HuntFixture``.
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
    #expect(output.rows == [
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
    // Renames: d3 ×2. Value writes: d1 ×2 (301, 306), d2 ×1 (302), d3 ×1 (303).
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
}
