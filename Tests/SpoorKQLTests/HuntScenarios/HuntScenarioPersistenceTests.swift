import Testing

/// Multi-stage hunts over `DeviceRegistryEvents`, `DeviceFileEvents` and `DeviceImageLoadEvents`: persistence,
/// droppers, ransomware-like renames, unmanaged PowerShell.
///
/// Every expected row is derived by hand from ``HuntFixture``.
@Suite("HuntScenario: persistence, file and image-load hunts")
struct HuntScenarioPersistenceTests {
  static let database = HuntDatabase(named: "hunts_persistence")

  let hunts: HuntRunner

  init() throws {
    hunts = try Self.database.runner()
  }

  @Test("Run/RunOnce persistence pointing at temp paths or encoded commands")
  func runKeyPersistence() throws {
    // 303's Run value is the genuine SecurityHealth tray; 306 is not a Run key.
    let output = try hunts.run(
      #"""
      DeviceRegistryEvents
      | where ActionType == "RegistryValueSet"
      | where RegistryKey endswith @"\CurrentVersion\Run" or RegistryKey endswith @"\CurrentVersion\RunOnce"
      | where RegistryValueData has_any ("Temp", "-enc", "AppData")
      | project DeviceName, RegistryValueName, RegistryValueData
      | sort by DeviceName asc
      """#)
    #expect(
      output.rows == [
        ["WS1", "Updater", #"C:\Temp\p.exe"#], ["WS2", "Once", "powershell.exe -enc d2hvYW1pIC9hbGw="],
      ])
  }

  @Test("Run-key values split into tokens: mv-expand drops the row whose array is empty")
  func runKeyTokensWithEmptyArray() throws {
    // 305 (a deleted value) has no data: its array is [], and mv-expand of an empty array yields no row.
    let output = try hunts.run(
      """
      DeviceRegistryEvents
      | where RegistryKey has @"CurrentVersion" and RegistryKey has_any ("Run", "RunOnce")
      | extend Tokens = iff(isempty(RegistryValueData), dynamic([]), split(RegistryValueData, " "))
      | mv-expand Token = Tokens to typeof(string)
      | project ReportId, Token
      | sort by ReportId asc
      """)
    #expect(
      HuntRunner.unordered(output.rows)
        == HuntRunner.unordered([
          ["301", #"C:\Temp\p.exe"#], ["302", "powershell.exe"], ["302", "-enc"], ["302", "d2hvYW1pIC9hbGw="],
          ["303", #"C:\Windows\System32\SecurityHealthSystray.exe"#],
        ]))
    #expect(output.rows.map { $0.first ?? nil } == ["301", "302", "302", "302", "303"])
  }

  @Test("UAC bypass via ms-settings: the registry payload later runs as a process")
  func msSettingsUacBypass() throws {
    let output = try hunts.run(
      #"""
      DeviceRegistryEvents
      | where RegistryKey has @"ms-settings\shell\open\command"
      | project DeviceId, RegistryTime = Timestamp, Payload = RegistryValueData
      | join kind=inner (DeviceProcessEvents) on DeviceId
      | where ProcessCommandLine =~ Payload and Timestamp > RegistryTime
      | project DeviceId, Payload, ProcessTime = Timestamp, ReportId
      """#)
    // 110 ran p.exe at 10:20, before the 10:50 registry write: the bypass never fired.
    #expect(output.rows == [])
    let fired = try hunts.run(
      #"""
      DeviceRegistryEvents
      | where RegistryKey has @"ms-settings\shell\open\command"
      | project DeviceId, RegistryTime = Timestamp, Payload = RegistryValueData
      | join kind=inner (DeviceProcessEvents) on DeviceId
      | where ProcessCommandLine =~ Payload
      | project DeviceId, Payload, ProcessTime = Timestamp, ReportId
      """#)
    #expect(fired.rows == [["d1", #"C:\Temp\p.exe"#, "2026-03-01 10:20:00+00", "110"]])
  }

  @Test("Unknown hashes: leftanti against a known-good datatable that includes the empty string")
  func leftantiWithEmptyStrings() throws {
    // 406 has no hash (''), which equals the '' entry; 407's h-doc is known good.
    let output = try hunts.run(
      """
      let KnownGood = datatable(SHA256:string)["h-chrome", "h-doc", ""];
      DeviceFileEvents
      | join kind=leftanti (KnownGood) on SHA256
      | project ReportId, FileName
      | sort by ReportId asc
      """)
    #expect(
      output.rows == [
        ["401", "p.exe"], ["402", "a.ps1"], ["403", "b.ps1"], ["404", "doc.pdf.locked"], ["405", "xls.xlsx.locked"],
      ])
  }

  @Test("Largest new or renamed files: top 3 by size (descending by default)")
  func topLargestFiles() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType in ("FileCreated", "FileRenamed")
      | top 3 by FileSize
      | project ReportId, FileName, FileSize
      """)
    #expect(
      output.rows == [
        ["405", "xls.xlsx.locked", "7000"], ["404", "doc.pdf.locked", "5000"], ["407", "report.docx", "3000"],
      ])
  }

  @Test("Dropped executable run soon after: join on device and hash, project-rename, datetime_diff")
  func dropToExecution() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType == "FileCreated" and FileName endswith ".exe"
      | project DeviceId, FileName, DropTime = Timestamp, SHA256
      | join kind=inner (DeviceProcessEvents | project-rename ExecTime = Timestamp) on DeviceId, SHA256
      | extend SecondsToRun = datetime_diff("second", ExecTime, DropTime)
      | project DeviceId, FileName, SecondsToRun
      """)
    #expect(output.rows == [["d1", "p.exe", "240"]])
  }

  @Test("Ransomware-like renames: burst per device with make_set of the original extensions")
  func ransomwareRenames() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType == "FileRenamed" and FileName endswith ".locked"
      | summarize Renamed = count(), Extensions = make_set(tostring(split(FileName, ".")[-2])),
          First = min(Timestamp), Last = max(Timestamp) by DeviceId, InitiatingProcessFileName
      | extend DurationSeconds = datetime_diff("second", Last, First)
      """)
    #expect(
      output.columns == [
        "DeviceId", "InitiatingProcessFileName", "Renamed", "Extensions", "First", "Last", "DurationSeconds",
      ])
    #expect(
      output.rows.map { [$0[0], $0[1], $0[2], $0[4], $0[5], $0[6]] } == [
        ["d3", "rundll32.exe", "2", "2026-03-01 10:05:00+00", "2026-03-01 10:06:00+00", "60"]
      ])
    #expect(output.rows.map { HuntRunner.set($0[3]) } == [["pdf", "xlsx"]])
  }

  @Test("File activity verdict per device: countif per action and a case over the counts")
  func fileActivityVerdict() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | summarize Created = countif(ActionType == "FileCreated"), Renamed = countif(ActionType == "FileRenamed"),
          Deleted = countif(ActionType == "FileDeleted") by DeviceId
      | extend Verdict = case(Renamed >= 2 and Deleted >= 1, "ransomware-like", Created > 0, "normal", "unknown")
      | sort by DeviceId asc
      """)
    #expect(
      output.rows == [
        ["d1", "2", "0", "0", "normal"], ["d2", "2", "0", "0", "normal"], ["d3", "0", "2", "1", "ransomware-like"],
      ])
  }

  @Test("Downloaded by certutil: extract the URL, join files on device and on $left.Url == $right.FileOriginUrl")
  func certutilDownloadJoin() throws {
    let output = try hunts.run(
      #"""
      DeviceProcessEvents
      | where FileName =~ "certutil.exe" and ProcessCommandLine has_all ("urlcache", "http")
      | extend Url = extract(@"(https?://\S+)", 1, ProcessCommandLine)
      | project DeviceId, CertutilTime = Timestamp, Url
      | join kind=inner (DeviceFileEvents | where ActionType == "FileCreated") on DeviceId, $left.Url == $right.FileOriginUrl
      | project DeviceId, Url, FileName, FolderPath
      """#)
    #expect(output.rows == [["d1", "http://evil.example/p.exe", "p.exe", #"C:\Temp\p.exe"#]])
  }

  @Test("PowerShell that wrote scripts under alice's profile: leftouter leaves an empty string, not null")
  func leftouterScriptsEmptyString() throws {
    // Kusto strings have no null: the unmatched d2 row gets ScriptName "".
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName =~ "powershell.exe"
      | project DeviceId, ReportId
      | join kind=leftouter (DeviceFileEvents | where FileName endswith ".ps1" and FolderPath has "alice" | project DeviceId, ScriptName = FileName) on DeviceId
      | project DeviceId, ReportId, ScriptName
      | sort by ReportId asc
      """)
    #expect(output.rows == [["d1", "106", "a.ps1"], ["d2", "107", ""]])
  }

  @Test("Unmanaged PowerShell: System.Management.Automation loaded by a non-PowerShell host that also beaconed")
  func unmanagedPowerShell() throws {
    let output = try hunts.run(
      """
      DeviceImageLoadEvents
      | where FileName =~ "System.Management.Automation.dll"
      | where InitiatingProcessFileName !in~ ("powershell.exe", "pwsh.exe", "powershell_ise.exe")
      | join kind=leftsemi (DeviceNetworkEvents | where RemotePort == 4444) on DeviceId, InitiatingProcessFileName
      | project DeviceName, InitiatingProcessFileName, FolderPath
      """)
    #expect(output.rows == [["SRV3", "rundll32.exe", HuntFixture.automationPath]])
  }

  @Test("Images loaded by processes never seen starting: rightanti keeps only right columns")
  func rightantiLoadsWithoutCreation() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | distinct DeviceId, FileName
      | join kind=rightanti (DeviceImageLoadEvents | project DeviceId, Loaded = FileName, FileName = InitiatingProcessFileName) on DeviceId, FileName
      | project DeviceId, FileName, Loaded
      """)
    #expect(output.rows == [["d2", "mshta.exe", "amsi.dll"]])
  }

  @Test("DLL side-loaded from a user folder and named on the rundll32 command line")
  func userFolderDllNamedByRundll32() throws {
    let output = try hunts.run(
      #"""
      DeviceImageLoadEvents
      | where FolderPath startswith @"C:\Users\" and FileName endswith ".dll"
      | join kind=inner (DeviceProcessEvents | where FileName =~ "rundll32.exe" | project DeviceId, ProcessCommandLine) on DeviceId
      | where ProcessCommandLine contains FileName
      | project DeviceName, FileName, ProcessCommandLine
      """#)
    #expect(output.rows == [["SRV3", "x.dll", #"rundll32.exe C:\Users\Public\x.dll,Start"#]])
  }

  @Test("DLL prevalence: libraries loaded on exactly one device")
  func singleDeviceLibraries() throws {
    // System.Management.Automation.dll is on all three devices; the other three libraries on one each.
    let output = try hunts.run(
      """
      DeviceImageLoadEvents
      | summarize Devices = dcount(DeviceId), Loads = count() by FileName
      | where Devices == 1
      | sort by FileName asc
      """)
    #expect(output.rows == [["amsi.dll", "1", "1"], ["chrome_elf.dll", "1", "1"], ["x.dll", "1", "1"]])
  }

  @Test("Rare libraries outside Program Files, joined back to the loading process")
  func rareLibrariesOutsideProgramFiles() throws {
    // chrome_elf.dll is rare but lives under C:\Program Files; amsi.dll (mshta) and x.dll (rundll32) remain.
    let output = try hunts.run(
      #"""
      let Rare = DeviceImageLoadEvents | summarize Devices = dcount(DeviceId) by FileName | where Devices == 1;
      DeviceImageLoadEvents
      | join kind=inner (Rare) on FileName
      | where FolderPath !startswith @"C:\Program Files"
      | project DeviceName, FileName, InitiatingProcessFileName
      | sort by DeviceName asc
      """#)
    #expect(output.rows == [["SRV3", "x.dll", "rundll32.exe"], ["WS2", "amsi.dll", "mshta.exe"]])
  }
}
