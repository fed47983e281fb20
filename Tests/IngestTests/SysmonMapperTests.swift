import SpoorCatalog
import SpoorEngine
import Testing

@testable import SpoorIngest

@Suite("Sysmon mapping")
struct SysmonMapperTests {
  static func event(_ values: [String: String], id: Int) -> [InputField] {
    [InputField(name: "EventID", value: .number(String(id)))]
      + values.sorted { $0.key < $1.key }.map { InputField(name: $0.key, value: .text($0.value)) }
  }

  static func row(_ rows: [MappedRow]?, _ table: String) -> [String: String] {
    guard let row = rows?.first(where: { $0.table == table }) else { return [:] }
    var values: [String: String] = [:]
    for field in row.fields { if case .text(let text) = field.value { values[field.name] = text } }
    return values
  }

  static let common = ["Computer": "WS01.corp", "UtcTime": "2020-05-03 10:00:00.123", "event_key": "k#1"]

  @Test func processCreation() throws {
    let fields = Self.event(
      Self.common.merging(
        [
          "Image": #"C:\Users\a\run.py"#, "ParentImage": #"C:\Python39\python.exe"#, "User": #"CORP\alice"#,
          "Hashes": "SHA1=AA,MD5=BB,SHA256=CC,IMPHASH=DD", "LogonId": "0x3e7", "IntegrityLevel": "High",
          "CommandLine": "run.py", "ProcessId": "42", "ParentProcessId": "7",
        ], uniquingKeysWith: { $1 }), id: 1)
    let rows = try SysmonMapper(target: .both).rows(for: fields)
    #expect(rows?.map(\.table) == ["DeviceProcessEvents", "xdr_data"])
    let defender = Self.row(rows, "DeviceProcessEvents")
    #expect(defender["ActionType"] == "ProcessCreated")
    #expect(defender["FolderPath"] == #"C:\Users\a\run.py"#)
    #expect(defender["FileName"] == "run.py")
    #expect(defender["InitiatingProcessFileName"] == "python.exe")
    #expect(defender["AccountDomain"] == "CORP")
    #expect(defender["AccountName"] == "alice")
    #expect(defender["SHA1"] == "aa")
    #expect(defender["MD5"] == "bb")
    #expect(defender["SHA256"] == "cc")
    #expect(defender["AdditionalFields"]?.contains(#""IMPHASH":"dd""#) == true)
    #expect(defender["AdditionalFields"]?.contains(#""SourceEventKey":"k#1""#) == true)
    #expect(defender["Timestamp"] == "2020-05-03 10:00:00.123")
    let xdr = Self.row(rows, "xdr_data")
    #expect(xdr["event_type"] == "PROCESS")
    #expect(xdr["event_sub_type"] == "PROCESS_START")
    #expect(xdr["agent_os_type"] == "AGENT_OS_WINDOWS")
    #expect(xdr["action_process_image_name"] == "run.py")
    #expect(xdr["actor_process_image_name"] == "python.exe")
    #expect(xdr["action_process_integrity_level"] == "12288")
    #expect(xdr["action_process_username"] == #"CORP\alice"#)
    #expect(xdr["event_timestamp"] == "1588500000123")
    #expect(xdr["agent_id"] == defender["DeviceId"])
  }

  @Test func imageLoadPutsTheDLLsVersionInfoWherePySigmaLooks() throws {
    let fields = Self.event(
      Self.common.merging(
        ["Image": #"C:\Users\a\tool.exe"#, "ImageLoaded": #"C:\Users\a\python39.dll"#, "Description": "Python Core"],
        uniquingKeysWith: { $1 }), id: 7)
    let rows = try SysmonMapper(target: .defender).rows(for: fields)
    let row = Self.row(rows, "DeviceImageLoadEvents")
    #expect(row["InitiatingProcessVersionInfoFileDescription"] == "Python Core")
    #expect(row["InitiatingProcessFolderPath"] == #"C:\Users\a\tool.exe"#)
    #expect(row["FileName"] == "python39.dll")
    #expect(rows?.count == 1)
  }

  @Test(arguments: [
    ("SetValue", 13, "RegistryValueSet", "REGISTRY_SET_VALUE"),
    ("CreateKey", 12, "RegistryKeyCreated", "REGISTRY_CREATE_KEY"),
    ("DeleteKey", 12, "RegistryKeyDeleted", "REGISTRY_DELETE_KEY"),
    ("DeleteValue", 12, "RegistryValueDeleted", "REGISTRY_DELETE_VALUE"),
  ])
  func registryEvents(eventType: String, id: Int, action: String, subType: String) throws {
    let fields = Self.event(
      Self.common.merging(
        ["EventType": eventType, "TargetObject": #"HKLM\SOFTWARE\Run\Spotify"#, "Details": "DWORD (0x00000001)"],
        uniquingKeysWith: { $1 }), id: id)
    let rows = try SysmonMapper(target: .both).rows(for: fields)
    let defender = Self.row(rows, "DeviceRegistryEvents")
    #expect(defender["ActionType"] == action)
    #expect(defender["RegistryKey"] == #"HKEY_LOCAL_MACHINE\SOFTWARE\Run\Spotify"#)
    #expect(defender["RegistryValueData"] == "DWORD (0x00000001)")
    let xdr = Self.row(rows, "xdr_data")
    #expect(xdr["event_sub_type"] == subType)
    #expect(xdr["action_registry_key_name"] == #"HKLM\SOFTWARE\Run\Spotify"#)
  }

  @Test func networkKeepsSysmonsOrientation() throws {
    let fields = Self.event(
      Self.common.merging(
        [
          "Initiated": "true", "Protocol": "tcp", "SourceIp": "10.0.0.5", "SourcePort": "50000",
          "DestinationIp": "8.8.8.8", "DestinationPort": "443",
        ], uniquingKeysWith: { $1 }), id: 3)
    let rows = try SysmonMapper(target: .both).rows(for: fields)
    let defender = Self.row(rows, "DeviceNetworkEvents")
    #expect(defender["ActionType"] == "ConnectionSuccess")
    #expect(defender["Protocol"] == "Tcp")
    #expect(defender["LocalIPType"] == "Private")
    #expect(defender["RemoteIPType"] == "Public")
    let xdr = Self.row(rows, "xdr_data")
    #expect(xdr["event_sub_type"] == "NETWORK_STREAM_CONNECT")
    #expect(xdr["action_network_protocol"] == "TCP")
    #expect(xdr["action_network_success"] == "true")
  }

  @Test func otherEventIDsAreSkipped() throws {
    #expect(try SysmonMapper(target: .both).rows(for: Self.event(Self.common, id: 10)) == nil)
  }

  @Test func anEventWithoutAnIntegerEventIDIsRefused() {
    #expect(
      throws: IngestReject.Reason(field: "EventID", message: "missing (a Sysmon event's EventID chooses its table)")
    ) {
      try SysmonMapper(target: .both).rows(for: [InputField(name: "Computer", value: .text("x"))])
    }
    #expect(throws: IngestReject.Reason(field: "EventID", message: "not an integer: \"1.5\"")) {
      try SysmonMapper(target: .both).rows(for: [InputField(name: "EventID", value: .number("1.5"))])
    }
  }

  /// Every column the mapper names exists in the built-in catalog, so no mapped row is refused as unknown.
  @Test(arguments: [1, 3, 7, 11, 12, 13, 14, 22])
  func everyMappedColumnExists(id: Int) throws {
    let all = [
      "Image", "ParentImage", "User", "ParentUser", "Hashes", "ImageLoaded", "TargetFilename", "TargetObject",
      "NewName", "Details", "Initiated", "SourceIp", "DestinationIp", "Protocol", "SourceHostname",
      "DestinationHostname", "QueryName", "QueryResults", "IntegrityLevel", "CurrentDirectory", "EventType",
      "Description", "Product", "Company", "FileVersion", "OriginalFileName", "ProcessGuid", "ParentProcessGuid",
    ]
    var values = Self.common
    for name in all { values[name] = "x" }
    values["Initiated"] = "true"
    values["IntegrityLevel"] = "Medium"
    for row in try SysmonMapper(target: .both).rows(for: Self.event(values, id: id)) ?? [] {
      let table = Catalog.builtIn.table(named: row.table)
      #expect(table != nil)
      for field in row.fields { #expect(table?.column(named: field.name) != nil, "\(row.table).\(field.name)") }
    }
  }
}
