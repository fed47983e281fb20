import Testing

/// Hunts whose answer depends on an operator default that a naive translation gets wrong: semi-join
/// duplication, `top`/`sort` defaults and null placement, generated column names, join clash suffixes,
/// integer division, `let` names shadowed by columns, `union kind=inner`, `mv-expand` of null.
///
/// Every expected row is derived by hand from ``HuntFixture``.
@Suite("HuntScenario: operator defaults inside hunts")
struct HuntScenarioOperatorTrapTests {
  static let database = HuntDatabase(named: "hunts_traps")

  let hunts: HuntRunner

  init() throws {
    hunts = try Self.database.runner()
  }

  @Test("Beaconing binary: leftsemi returns the process once although it has five connections")
  func leftsemiDoesNotDuplicate() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName == "p.exe"
      | join kind=leftsemi (DeviceNetworkEvents) on DeviceId, $left.FileName == $right.InitiatingProcessFileName
      | project ReportId, FileName
      """)
    #expect(output.rows == [["110", "p.exe"]])
  }

  @Test("Connections from hosts that ran shells: rightsemi returns each right row once")
  func rightsemiDoesNotDuplicate() throws {
    // Left keys d1 ×2, d2 ×3, d3 ×1; right rows 208 (d1) and 209 (d2).
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName in ("cmd.exe", "powershell.exe")
      | join kind=rightsemi (DeviceNetworkEvents | where RemotePort in (80, 445)) on DeviceId
      | project ReportId, RemoteIP
      | sort by ReportId asc
      """)
    #expect(output.rows == [["208", "198.51.100.9"], ["209", "172.16.5.5"]])
  }

  @Test("Smallest files on the server: top ... asc puts the null size first")
  func topAscendingNullsFirst() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where DeviceId == "d3"
      | top 2 by FileSize asc
      | project ReportId, FileSize
      """)
    #expect(output.rows == [["406", nil], ["404", "5000"]])
  }

  @Test("Per-device connection order: sort by a key without direction is descending")
  func sortFirstKeyDefaultsToDescending() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where DeviceId != "d1"
      | sort by DeviceId, Timestamp asc
      | project DeviceId, ReportId
      """)
    #expect(output.rows == [["d3", "210"], ["d3", "211"], ["d3", "212"], ["d2", "207"], ["d2", "209"]])
  }

  @Test("Most common parents: generated names Column1, count_ and dcount_DeviceId")
  func generatedSummarizeNames() throws {
    // explorer.exe: 101-105, 111 on d1-d3; cmd.exe: 107, 109, 110, 112, 115 on d1-d3; four parents once each.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize count(), dcount(DeviceId) by tolower(InitiatingProcessFileName)
      | sort by count_ desc, Column1 asc
      | take 3
      """)
    #expect(output.columns == ["Column1", "count_", "dcount_DeviceId"])
    #expect(output.rows == [["explorer.exe", "6", "3"], ["cmd.exe", "5", "3"], ["excel.exe", "1", "1"]])
  }

  @Test("Normalised registry keys: extend over an existing column replaces it in place")
  func extendReplacesColumnInPlace() throws {
    let output = try hunts.run(
      #"""
      DeviceRegistryEvents
      | where ActionType == "RegistryValueSet"
      | project ReportId, RegistryKey, RegistryValueName
      | extend RegistryKey = tolower(RegistryKey)
      | extend Hive = tostring(split(RegistryKey, @"\")[0])
      | sort by ReportId asc
      | take 2
      """#)
    #expect(output.columns == ["ReportId", "RegistryKey", "RegistryValueName", "Hive"])
    #expect(
      output.rows == [
        ["301", #"hkey_current_user\software\microsoft\windows\currentversion\run"#, "Updater", "hkey_current_user"],
        [
          "302", #"hkey_local_machine\software\microsoft\windows\currentversion\runonce"#, "Once", "hkey_local_machine",
        ],
      ])
  }

  @Test("Drop-to-run delay with clashing right columns renamed DeviceId1, Timestamp1, SHA2561")
  func joinClashSuffixes() throws {
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where FileName == "p.exe"
      | project DeviceId, Timestamp, SHA256
      | join kind=inner (DeviceProcessEvents | project DeviceId, Timestamp, SHA256) on DeviceId, SHA256
      | extend DelaySeconds = datetime_diff("second", Timestamp1, Timestamp)
      """)
    #expect(
      output.columns == ["DeviceId", "Timestamp", "SHA256", "DeviceId1", "Timestamp1", "SHA2561", "DelaySeconds"])
    #expect(
      output.rows == [
        ["d1", "2026-03-01 10:16:00+00", "h-p", "d1", "2026-03-01 10:20:00+00", "h-p", "240"]
      ])
  }

  @Test("Daily process volume: bin(Timestamp, 1d) under an explicit name")
  func dailyVolume() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize Processes = count(), Devices = dcount(DeviceId) by Day = bin(Timestamp, 1d)
      | sort by Day asc
      """)
    #expect(output.columns == ["Day", "Processes", "Devices"])
    #expect(output.rows == [["2026-02-27 00:00:00+00", "1", "1"], ["2026-03-01 00:00:00+00", "14", "3"]])
  }

  @Test("Credentials on the command line: parse with literal delimiters and no leading wildcard")
  func parseLiteralDelimiters() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where FileName == "net.exe"
      | parse ProcessCommandLine with "net.exe user " User " " Password " /add"
      | project ReportId, User, Password
      """)
    #expect(output.rows == [["112", "admin", "P@ss"]])
  }

  @Test("Deleted values parsed as JSON: mv-expand of a null value keeps one row with null")
  func mvExpandOfNullKeepsTheRow() throws {
    // parse_json("") is null; mv-expand produces a single record for a null value.
    let output = try hunts.run(
      """
      DeviceRegistryEvents
      | where ActionType == "RegistryValueDeleted"
      | extend Items = parse_json(RegistryValueData)
      | mv-expand Items
      | project ReportId, Items
      """)
    #expect(output.rows == [["305", nil]])
  }

  @Test("Server activity stream: union kind=inner keeps only the columns both sides have")
  func unionKindInner() throws {
    let output = try hunts.run(
      """
      union kind=inner
        (DeviceFileEvents | where DeviceId == "d3" | project DeviceId, Timestamp, FileName, FileSize),
        (DeviceImageLoadEvents | where DeviceId == "d3" | project DeviceId, Timestamp, FileName)
      | sort by Timestamp asc
      """)
    #expect(output.columns == ["DeviceId", "Timestamp", "FileName"])
    #expect(
      output.rows == [
        ["d3", "2026-03-01 10:00:05+00", "System.Management.Automation.dll"],
        ["d3", "2026-03-01 10:00:06+00", "x.dll"],
        ["d3", "2026-03-01 10:05:00+00", "doc.pdf.locked"], ["d3", "2026-03-01 10:06:00+00", "xls.xlsx.locked"],
        ["d3", "2026-03-01 10:07:00+00", "old.txt"],
      ])
  }

  @Test("Share of recent connections: toscalar count, between ago() and now(), long division truncates")
  func recentShareWithIntegerDivision() throws {
    // 10:00-12:00: 201-205 and 210-212 = 8 of 12; 800 / 12 = 66 in long arithmetic.
    let output = try hunts.run(
      """
      let Total = toscalar(DeviceNetworkEvents | count);
      DeviceNetworkEvents
      | where Timestamp between (ago(2h) .. now())
      | summarize Recent = count()
      | extend Share = Recent * 100 / Total
      """)
    #expect(output.columns == ["Recent", "Share"])
    #expect(output.rows == [["8", "66"]])
  }

  @Test("External reach and private ports: dcountif and make_set_if over the whole table")
  func dcountifAndMakeSetIf() throws {
    // Only d1 reaches public IPv4 addresses; private destinations use ports 53, 445 and 4444.
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize ExternalDevices = dcountif(DeviceId, not(ipv4_is_private(RemoteIP)) and RemoteIP contains "."),
          PrivatePorts = make_set_if(tostring(RemotePort), ipv4_is_private(RemoteIP))
      """)
    #expect(output.rows.map { $0.first ?? nil } == ["1"])
    #expect(output.rows.map { HuntRunner.set($0.last ?? nil) } == [["53", "445", "4444"]])
  }

  @Test("A let named like a column: the column wins inside where, the let still feeds another let")
  func letShadowedByColumn() throws {
    // Target is "SRV3"; `DeviceName` in the where clause is the column, so only SRV3's four events match.
    let output = try hunts.run(
      """
      let DeviceName = "SRV3";
      let Target = DeviceName;
      DeviceProcessEvents
      | where DeviceName == Target
      | summarize Processes = count(), Accounts = make_set(AccountName)
      """)
    #expect(output.rows.map { $0.first ?? nil } == ["4"])
    #expect(output.rows.map { HuntRunner.set($0.last ?? nil) } == [["carol", "system"]])
  }

  @Test("Average and largest binary per device: avg ignores the null size, default names avg_ and max_")
  func averageAndMaxPerDevice() throws {
    // d1: 9300 / 6 = 1550; d2: 7190 / 5 = 1438; d3: 2400 / 3 = 800 (108's size is null).
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize avg(FileSize), max(FileSize) by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.columns == ["DeviceId", "avg_FileSize", "max_FileSize"])
    #expect(output.rows.map { [$0[0], $0[2]] } == [["d1", "4500"], ["d2", "4500"], ["d3", "2000"]])
    #expect(output.rows.map { $0[1].flatMap(Double.init) } == [1550, 1438, 800])
  }

  @Test("Largest file per action: arg_max skips null sizes unless the whole group is null")
  func argMaxWithNullGroup() throws {
    // FileRenamed: 404 (5000), 405 (7000); FileDeleted: only 406, whose size is null.
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType in ("FileDeleted", "FileRenamed")
      | summarize arg_max(FileSize, FileName) by ActionType
      | sort by ActionType asc
      """)
    #expect(output.columns == ["ActionType", "FileSize", "FileName"])
    #expect(output.rows == [["FileDeleted", nil, "old.txt"], ["FileRenamed", "7000", "xls.xlsx.locked"]])
  }

  @Test("Non-HTTPS traffic per device: != and !in keep the connection whose port is null")
  func inequalityKeepsNullPorts() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where RemotePort != 443
      | summarize NotHttps = count(), NotWeb = countif(RemotePort !in (80, 443)) by DeviceId
      | sort by DeviceId asc
      """)
    #expect(output.rows == [["d1", "1", "0"], ["d2", "2", "2"], ["d3", "3", "3"]])
  }

  @Test("Files in staging folders: has_any with path needles that start and end with a backslash")
  func hasAnyWithPathNeedles() throws {
    let output = try hunts.run(
      #"""
      let StagingFolders = dynamic([@"\Temp\", @"\AppData\"]);
      DeviceFileEvents
      | where FolderPath has_any (StagingFolders)
      | project ReportId, FolderPath
      | sort by ReportId asc
      """#)
    #expect(
      output.rows == [
        ["401", #"C:\Temp\p.exe"#], ["402", #"C:\Users\alice\AppData\Local\Temp\a.ps1"#],
        ["403", #"C:\Users\bob\AppData\Local\Temp\b.ps1"#],
      ])
  }

  @Test("Recent process creations with a timespan let: ago(90m)")
  func timespanLetLookback() throws {
    // now - 90m = 10:30: 113 (10:55), 112 (11:00), 114 (11:30), 115 (11:45).
    let output = try hunts.run(
      """
      let Lookback = 90m;
      DeviceProcessEvents
      | where Timestamp > ago(Lookback)
      | summarize Processes = count(), Latest = max(Timestamp)
      """)
    #expect(output.rows == [["4", "2026-03-01 11:45:00+00"]])
  }

  @Test("Server endpoints: strcat with tostring of a null port gives an empty piece, not null")
  func tostringOfNullIsEmpty() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where DeviceId == "d3"
      | extend Endpoint = strcat(RemoteIP, ":", tostring(RemotePort)), PortText = tostring(RemotePort)
      | project ReportId, Endpoint, PortText
      | sort by ReportId asc
      """)
    #expect(output.rows == [["210", "192.168.7.7:4444", "4444"], ["211", "fe80::1:135", "135"], ["212", ":", ""]])
  }

  @Test("Autorun writers with the deprecated names iif() and makeset()")
  func deprecatedIifAndMakeset() throws {
    // "Run"/"RunOnce" terms: 301, 302, 303, 305; the services key (304) and ms-settings key (306) are "other".
    let output = try hunts.run(
      """
      DeviceRegistryEvents
      | extend Kind = iif(RegistryKey has "Run" or RegistryKey has "RunOnce", "autorun", "other")
      | summarize Writers = makeset(InitiatingProcessFileName), Events = count() by Kind
      | sort by Kind asc
      """)
    #expect(output.columns == ["Kind", "Writers", "Events"])
    #expect(output.rows.map { [$0[0], $0[2]] } == [["autorun", "4"], ["other", "2"]])
    #expect(
      output.rows.map { HuntRunner.set($0[1]) } == [
        ["p.exe", "powershell.exe", "msiexec.exe", "explorer.exe"], ["services.exe", "reg.exe"],
      ])
  }

  @Test("Well-known port connections: between on an int column, the null port never matches")
  func wellKnownPortsBetween() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where RemotePort between (1 .. 1023) and RemotePort != 443
      | summarize Ports = make_set(RemotePort), Events = count() by DeviceName
      | sort by DeviceName asc
      """)
    #expect(output.rows.map { [$0[0], $0[2]] } == [["SRV3", "1"], ["WS1", "1"], ["WS2", "2"]])
    #expect(output.rows.map { HuntRunner.set($0[1]) } == [["135"], ["80"], ["53", "445"]])
  }

  @Test("Server hashes without intel: lookup leaves the unmatched Verdict as an empty string")
  func lookupUnmatchedIsEmptyString() throws {
    let output = try hunts.run(
      """
      let Intel = datatable(SHA256:string, Verdict:string)["h-p", "malicious"];
      DeviceProcessEvents
      | where DeviceId == "d3"
      | lookup (Intel) on SHA256
      | project ReportId, Verdict
      | sort by ReportId asc
      """)
    #expect(output.rows == [["103", ""], ["108", ""], ["112", ""], ["113", ""]])
  }

  @Test("Registry writers with or without renames: rightouter fills the left string key with an empty string")
  func rightouterFillsEmptyString() throws {
    // Registry events: d1 ×3 (301, 304, 306), d2 ×1, d3 ×2; renames only on d3 (×2).
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where ActionType == "FileRenamed"
      | summarize Renames = count() by DeviceId
      | join kind=rightouter (DeviceRegistryEvents | summarize Writes = count() by DeviceId) on DeviceId
      | project LeftDevice = DeviceId, DeviceId1, Renames, Writes
      | sort by DeviceId1 asc
      """)
    #expect(output.rows == [["", "d1", nil, "3"], ["", "d2", nil, "1"], ["d3", "d3", "2", "2"]])
  }

  @Test("Command lines with and without URLs: extract() without a match is an empty string")
  func extractWithoutMatchIsEmpty() throws {
    // Only 109 carries a URL; the other 14 command lines give "".
    let output = try hunts.run(
      #"""
      DeviceProcessEvents
      | extend Url = extract(@"(https?://\S+)", 1, ProcessCommandLine)
      | summarize WithUrl = countif(isnotempty(Url)), WithoutUrl = countif(Url == "")
      """#)
    #expect(output.rows == [["1", "14"]])
  }

  @Test("Command lines without -enc: parse leaves the unmatched column as an empty string")
  func parseWithoutMatchIsEmpty() throws {
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | parse ProcessCommandLine with * "-enc " Encoded
      | summarize Encoded = countif(isnotempty(Encoded)), Plain = countif(Encoded == "")
      """)
    #expect(output.rows == [["2", "13"]])
  }

  @Test("Port bands: bin() on an int column, the null port forms its own group, sorted first ascending")
  func portBandsWithNullGroup() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | summarize Connections = count(), MissingPort = countif(isempty(RemotePort)) by PortBand = bin(RemotePort, 1000)
      | sort by PortBand asc
      """)
    #expect(output.columns == ["PortBand", "Connections", "MissingPort"])
    #expect(output.rows == [[nil, "1", "1"], ["0", "10", "0"], ["4000", "1", "0"]])
  }

  @Test("Off-hours process creations: hourofday() !between (9 .. 17)")
  func offHoursProcesses() throws {
    // Only the three chrome starts (08:00, 08:05, 08:10) fall outside 09:00-17:59.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | where hourofday(Timestamp) !between (9 .. 17)
      | summarize OffHours = count(), Devices = make_set(DeviceName)
      """)
    #expect(output.rows.map { $0.first ?? nil } == ["3"])
    #expect(output.rows.map { HuntRunner.set($0.last ?? nil) } == [["WS1", "WS2", "SRV3"]])
  }

  @Test("Folder depth of written files: array_length of split() on backslashes")
  func folderDepthFromSplit() throws {
    // C:\Temp\p.exe → 2; C:\Users\alice\AppData\Local\Temp\a.ps1 → 6; C:\Users\bob\Documents\report.docx → 4.
    let output = try hunts.run(
      #"""
      DeviceFileEvents
      | extend Depth = array_length(split(FolderPath, @"\")) - 1
      | summarize MaxDepth = max(Depth), MinDepth = min(Depth) by DeviceId
      | sort by DeviceId asc
      """#)
    #expect(output.rows == [["d1", "6", "2"], ["d2", "6", "4"], ["d3", "2", "2"]])
  }

  @Test("No traffic on a port: summarize without by gives null min, zero count and an empty list")
  func emptyInputAggregates() throws {
    let output = try hunts.run(
      """
      DeviceNetworkEvents
      | where RemotePort == 9999
      | summarize First = min(Timestamp), Hits = count(), Ports = make_list(RemotePort)
      """)
    #expect(output.rows.map { [$0[0], $0[1]] } == [[nil, "0"]])
    #expect(output.rows.map { HuntRunner.strings($0[2]) } == [[]])
  }

  @Test("File sizes in kilobytes: long / long truncates, long / real does not")
  func longAndRealDivision() throws {
    // Sizes 800, 120, 120, 5000, 7000, 3000 → 0+0+0+5+7+3 = 15 whole kilobytes; the largest is 7.0.
    let output = try hunts.run(
      """
      DeviceFileEvents
      | where isnotnull(FileSize)
      | extend KB = FileSize / 1000, KBReal = FileSize / 1000.0
      | summarize sum(KB), max(KBReal), avg(KBReal)
      """)
    #expect(output.columns == ["sum_KB", "max_KBReal", "avg_KBReal"])
    #expect(output.rows.map { $0[0] } == ["15"])
    #expect(output.rows.map { $0[1].flatMap(Double.init) } == [7.0])
    let average = output.rows.first?[2].flatMap(Double.init)
    #expect(average.map { abs($0 - 16.04 / 6) < 1e-9 } == true)
  }

  @Test("Weekly volume per device: bin(Timestamp, 7d) buckets start on Monday (Kusto's epoch 0001-01-01)")
  func weeklyBinStartsMonday() throws {
    // 2026-02-27 (Friday) and 2026-03-01 (Sunday) both fall in the week starting Monday 2026-02-23.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize Events = count() by Week = bin(Timestamp, 7d), DeviceId
      | sort by DeviceId asc
      """)
    #expect(
      output.rows == [
        ["2026-02-23 00:00:00+00", "d1", "6"], ["2026-02-23 00:00:00+00", "d2", "5"],
        ["2026-02-23 00:00:00+00", "d3", "4"],
      ])
  }

  @Test("Weekly volume by startofweek(): Kusto weeks start on Sunday")
  func startOfWeekIsSunday() throws {
    // 2026-03-01 is a Sunday (its own week start); 2026-02-27 belongs to the week of Sunday 2026-02-22.
    let output = try hunts.run(
      """
      DeviceProcessEvents
      | summarize Events = count() by Week = startofweek(Timestamp)
      | sort by Week asc
      """)
    #expect(output.rows == [["2026-02-22 00:00:00+00", "1"], ["2026-03-01 00:00:00+00", "14"]])
  }
}
