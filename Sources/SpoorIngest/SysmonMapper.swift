import SpoorCatalog
import SpoorFormats
import SpoorPlan

/// Maps flattened Sysmon events onto the Defender tables and `xdr_data`, following
/// `reference/sysmon-mapping.md` and DESIGN §7 (image-load version fields follow pySigma: the DLL's
/// `Description` lands in `InitiatingProcessVersionInfoFileDescription`).
///
/// The mapper only names values; ``ValueConverter`` converts them, so Sysmon data obeys the same rules as any
/// other input. Fields that need the process's own creation event (marked J in the mapping) are left to
/// ``ProcessLineage``.
public struct SysmonMapper: Sendable {
  /// The tables to fill.
  public var target: SysmonTarget

  /// The Defender table each supported EventID fills.
  public static let defenderTables: [Int: String] = [
    1: "DeviceProcessEvents", 3: "DeviceNetworkEvents", 7: "DeviceImageLoadEvents", 11: "DeviceFileEvents",
    12: "DeviceRegistryEvents", 13: "DeviceRegistryEvents", 14: "DeviceRegistryEvents", 22: "DeviceEvents",
  ]

  /// Creates a mapper.
  public init(target: SysmonTarget) {
    self.target = target
  }

  /// The tables this mapper may write, in a stable order.
  public var tables: [String] {
    var names: [String] = []
    if target.includesDefender {
      for name in Set(Self.defenderTables.values).sorted() { names.append(name) }
    }
    if target.includesXDR { names.append("xdr_data") }
    return names
  }

  /// The rows of one event, or nil when its EventID is not mapped (the event is counted as skipped).
  /// - Throws: why the event cannot be mapped at all: it has no `EventID`, or one that is not an integer.
  public func rows(for fields: [InputField]) throws(IngestReject.Reason) -> [MappedRow]? {
    let event = SysmonEvent(fields: fields)
    guard let eventText = event["EventID"] else {
      throw IngestReject.Reason(field: "EventID", message: "missing (a Sysmon event's EventID chooses its table)")
    }
    guard let eventID = Int(eventText) else {
      throw IngestReject.Reason(field: "EventID", message: "not an integer: \(ValueConverter.quoted(eventText))")
    }
    guard let defenderTable = Self.defenderTables[eventID] else { return nil }
    var rows: [MappedRow] = []
    if target.includesDefender {
      rows.append(MappedRow(table: defenderTable, fields: defenderFields(event, eventID: eventID)))
    }
    if target.includesXDR {
      rows.append(MappedRow(table: "xdr_data", fields: xdrFields(event, eventID: eventID)))
    }
    return rows
  }

  // MARK: Defender

  /// The Defender tables that have an `AdditionalFields` column (image loads and registry events have none).
  static let tablesWithAdditionalFields: Set<String> = Set(
    defenderTables.values.filter { Catalog.builtIn.table(named: $0)?.column(named: "AdditionalFields") != nil })

  private func defenderFields(_ event: SysmonEvent, eventID: Int) -> [InputField] {
    let defenderTable = Self.defenderTables[eventID] ?? ""
    var row = RowFields()
    var extra = RowFields()
    row["Timestamp"] = event.time
    row["DeviceName"] = event["Computer"]
    row["DeviceId"] = event["Computer"].map(SysmonEvent.deviceId)
    row["ReportId"] = event["EventRecordID"] ?? event["source_record"]
    extra["SourceEventKey"] = event["event_key"]
    extra["RuleName"] = event["RuleName"]

    switch eventID {
    case 1:
      row["ActionType"] = "ProcessCreated"
      row.path(event["Image"], full: "FolderPath", name: "FileName")
      row["ProcessCommandLine"] = event["CommandLine"]
      row["ProcessId"] = event["ProcessId"]
      row["ProcessVersionInfoOriginalFileName"] = event["OriginalFileName"]
      row["ProcessVersionInfoFileDescription"] = event["Description"]
      row["ProcessVersionInfoProductName"] = event["Product"]
      row["ProcessVersionInfoCompanyName"] = event["Company"]
      row["ProcessVersionInfoProductVersion"] = event["FileVersion"]
      row.hashes(event["Hashes"], prefix: "", extra: &extra)
      row.user(event["User"], domain: "AccountDomain", name: "AccountName")
      row["LogonId"] = event["LogonId"]
      row["ProcessIntegrityLevel"] = event["IntegrityLevel"]
      row["ProcessCreationTime"] = event.time
      row.path(event["ParentImage"], full: "InitiatingProcessFolderPath", name: "InitiatingProcessFileName")
      row["InitiatingProcessCommandLine"] = event["ParentCommandLine"]
      row["InitiatingProcessId"] = event["ParentProcessId"]
      row.user(event["ParentUser"], domain: "InitiatingProcessAccountDomain", name: "InitiatingProcessAccountName")
      row["ProcessUniqueId"] = event["ProcessGuid"]
      row["InitiatingProcessUniqueId"] = event["ParentProcessGuid"]
      extra["ProcessGuid"] = event["ProcessGuid"]
      extra["ParentProcessGuid"] = event["ParentProcessGuid"]
      extra["CurrentDirectory"] = event["CurrentDirectory"]
      extra["TerminalSessionId"] = event["TerminalSessionId"]
      extra["LogonGuid"] = event["LogonGuid"]
    case 3:
      switch event["Initiated"]?.lowercased() {
      case "true": row["ActionType"] = "ConnectionSuccess"
      case "false": row["ActionType"] = "InboundConnectionAccepted"
      default: break
      }
      initiatingProcess(event, into: &row)
      row.user(event["User"], domain: "InitiatingProcessAccountDomain", name: "InitiatingProcessAccountName")
      row["Protocol"] = event["Protocol"].map(SysmonEvent.capitalized)
      row["LocalIP"] = event["SourceIp"]
      row["LocalPort"] = event["SourcePort"]
      row["RemoteIP"] = event["DestinationIp"]
      row["RemotePort"] = event["DestinationPort"]
      row["RemoteUrl"] = event["DestinationHostname"]
      if let source = event["SourceHostname"], !source.isEmpty { row["DeviceName"] = source }
      row["LocalIPType"] = event["SourceIp"].map(SysmonEvent.ipType)
      row["RemoteIPType"] = event["DestinationIp"].map(SysmonEvent.ipType)
      for name in ["SourceIsIpv6", "DestinationIsIpv6", "SourcePortName", "DestinationPortName", "Initiated"] {
        extra[name] = event[name]
      }
      extra["ProcessGuid"] = event["ProcessGuid"]
    case 7:
      row["ActionType"] = "ImageLoaded"
      row.path(event["ImageLoaded"], full: "FolderPath", name: "FileName")
      row.hashes(event["Hashes"], prefix: "", extra: &extra)
      initiatingProcess(event, into: &row)
      row.user(event["User"], domain: "InitiatingProcessAccountDomain", name: "InitiatingProcessAccountName")
      // DESIGN §7: the loaded DLL's version info goes where pySigma's pipeline looks for it.
      row["InitiatingProcessVersionInfoFileDescription"] = event["Description"]
      row["InitiatingProcessVersionInfoProductName"] = event["Product"]
      row["InitiatingProcessVersionInfoCompanyName"] = event["Company"]
      row["InitiatingProcessVersionInfoProductVersion"] = event["FileVersion"]
      row["InitiatingProcessVersionInfoOriginalFileName"] = event["OriginalFileName"]
    case 11:
      row["ActionType"] = "FileCreated"
      row.path(event["TargetFilename"], full: "FolderPath", name: "FileName")
      initiatingProcess(event, into: &row)
      row.user(event["User"], domain: "RequestAccountDomain", name: "RequestAccountName")
      extra["CreationUtcTime"] = event["CreationUtcTime"]
      extra["ProcessGuid"] = event["ProcessGuid"]
    case 12, 13, 14:
      let kind = SysmonEvent.registryKind(eventType: event["EventType"], eventID: eventID)
      row["ActionType"] = kind.actionType
      initiatingProcess(event, into: &row)
      row.user(event["User"], domain: "InitiatingProcessAccountDomain", name: "InitiatingProcessAccountName")
      let target = event["TargetObject"].map(SysmonEvent.expandHive)
      if eventID == 14, let newName = event["NewName"] {
        row["RegistryKey"] = SysmonEvent.expandHive(newName)
        row["PreviousRegistryKey"] = target
      } else {
        row["RegistryKey"] = target
      }
      if kind.isValueEvent { row["RegistryValueName"] = event["TargetObject"].map(SysmonEvent.lastSegment) }
      row["RegistryValueData"] = event["Details"]
    default:  // 22
      row["ActionType"] = "DnsQueryResponse"
      initiatingProcess(event, into: &row)
      row.user(event["User"], domain: "InitiatingProcessAccountDomain", name: "InitiatingProcessAccountName")
      row["RemoteUrl"] = event["QueryName"]
      extra["DnsQueryString"] = event["QueryName"]
      extra["DnsQueryResult"] = event["QueryResults"]
      extra["DnsQueryStatus"] = event["QueryStatus"]
      extra["ProcessGuid"] = event["ProcessGuid"]
    }
    if Self.tablesWithAdditionalFields.contains(defenderTable) { row.json("AdditionalFields", extra) }
    return row.fields
  }

  private func initiatingProcess(_ event: SysmonEvent, into row: inout RowFields) {
    row.path(event["Image"], full: "InitiatingProcessFolderPath", name: "InitiatingProcessFileName")
    row["InitiatingProcessId"] = event["ProcessId"]
    row["InitiatingProcessUniqueId"] = event["ProcessGuid"]
  }

  // MARK: xdr_data

  private func xdrFields(_ event: SysmonEvent, eventID: Int) -> [InputField] {
    var row = RowFields()
    row["_time"] = event.time
    row["event_timestamp"] = event.time.flatMap { TimestampParser.microseconds($0) }.map { String($0 / 1000) }
    row["event_id"] = event["event_key"]
    row["agent_hostname"] = event["Computer"]
    row["agent_id"] = event["Computer"].map(SysmonEvent.deviceId)
    row["agent_os_type"] = "AGENT_OS_WINDOWS"
    row["_product"] = "Sysmon"
    row["_vendor"] = "Microsoft"
    let hashes = SysmonEvent.hashes(event["Hashes"])

    if eventID == 1 {
      row["event_type"] = "PROCESS"
      row["event_sub_type"] = "PROCESS_START"
      row.path(event["Image"], full: "action_process_image_path", name: "action_process_image_name")
      row["action_process_image_command_line"] = event["CommandLine"]
      row["action_process_username"] = event["User"]
      row["action_process_os_pid"] = event["ProcessId"]
      row["action_process_integrity_level"] = event["IntegrityLevel"].flatMap(SysmonEvent.integrityLevel)
      row["action_process_logon_id"] = event["LogonId"]
      row["action_process_cwd"] = event["CurrentDirectory"]
      row["action_process_signature_product"] = event["Product"]
      row["action_process_signature_vendor"] = event["Company"]
      row["action_process_image_md5"] = hashes["MD5"]
      row["action_process_image_sha256"] = hashes["SHA256"]
      row["action_process_instance_id"] = event["ProcessGuid"]
      row.path(event["ParentImage"], full: "actor_process_image_path", name: "actor_process_image_name")
      row["actor_process_command_line"] = event["ParentCommandLine"]
      row["actor_process_os_pid"] = event["ParentProcessId"]
      row["actor_effective_username"] = event["ParentUser"]
      row["actor_process_instance_id"] = event["ParentProcessGuid"]
      return row.fields
    }
    row.path(event["Image"], full: "actor_process_image_path", name: "actor_process_image_name")
    row["actor_process_os_pid"] = event["ProcessId"]
    row["actor_effective_username"] = event["User"]
    row["actor_process_instance_id"] = event["ProcessGuid"]
    switch eventID {
    case 3:
      row["event_type"] = "NETWORK"
      switch event["Initiated"]?.lowercased() {
      case "true": row["event_sub_type"] = "NETWORK_STREAM_CONNECT"
      case "false": row["event_sub_type"] = "NETWORK_STREAM_ACCEPT"
      default: break
      }
      row["action_local_ip"] = event["SourceIp"]
      row["action_local_port"] = event["SourcePort"]
      row["action_remote_ip"] = event["DestinationIp"]
      row["action_remote_port"] = event["DestinationPort"]
      row["action_network_protocol"] = event["Protocol"]?.uppercased()
      row["action_external_hostname"] = event["DestinationHostname"]
      row["action_network_success"] = event["Initiated"]
      row["action_network_is_ipv6"] = event["DestinationIsIpv6"]
      if let source = event["SourceHostname"], !source.isEmpty { row["agent_hostname"] = source }
    case 7:
      row["event_type"] = "LOAD_IMAGE"
      row["event_sub_type"] = "LOAD_IMAGE_MODULE"
      row["action_module_path"] = event["ImageLoaded"]
      row["action_module_md5"] = hashes["MD5"]
      row["action_module_sha256"] = hashes["SHA256"]
      row["actor_process_signature_product"] = event["Product"]
      row["actor_process_signature_vendor"] = event["Company"]
    case 11:
      row["event_type"] = "FILE"
      row["event_sub_type"] = "FILE_CREATE_NEW"
      row.path(event["TargetFilename"], full: "action_file_path", name: "action_file_name")
      row["action_file_extension"] = event["TargetFilename"].flatMap(SysmonEvent.fileExtension)
      row["action_file_md5"] = hashes["MD5"]
      row["action_file_sha256"] = hashes["SHA256"]
    case 12, 13, 14:
      let kind = SysmonEvent.registryKind(eventType: event["EventType"], eventID: eventID)
      row["event_type"] = "REGISTRY"
      row["event_sub_type"] = kind.xdrSubType
      row["action_registry_key_name"] = event["TargetObject"]
      if kind.isValueEvent { row["action_registry_value_name"] = event["TargetObject"].map(SysmonEvent.lastSegment) }
      row["action_registry_data"] = event["Details"]
    default:  // 22
      row["event_type"] = "NETWORK"
      row["dns_query_name"] = event["QueryName"]
    }
    return row.fields
  }
}

/// The fields of one output row, in insertion order, set by column name; nil values are not set.
private struct RowFields {
  private(set) var fields: [InputField] = []

  subscript(name: String) -> String? {
    get { fields.first { $0.name == name }.flatMap { if case .text(let text) = $0.value { text } else { nil } } }
    set {
      guard let newValue else { return }
      if let index = fields.firstIndex(where: { $0.name == name }) {
        fields[index].value = .text(newValue)
      } else {
        fields.append(InputField(name: name, value: .text(newValue)))
      }
    }
  }

  /// Sets the full-path column and the last-segment column from a Windows path.
  mutating func path(_ path: String?, full: String, name: String) {
    guard let path else { return }
    self[full] = path
    self[name] = SysmonEvent.lastSegment(path)
  }

  /// Splits `DOMAIN\user` into two columns (the Defender pipeline's split).
  mutating func user(_ user: String?, domain: String, name: String) {
    guard let user else { return }
    if let slash = user.lastIndex(of: "\\") {
      self[domain] = String(user[..<slash])
      self[name] = String(user[user.index(after: slash)...])
    } else {
      self[name] = user
    }
  }

  /// Sets `SHA1`, `MD5`, `SHA256` (with `prefix`) from Sysmon's `Hashes`; `IMPHASH` goes to `extra`.
  mutating func hashes(_ text: String?, prefix: String, extra: inout RowFields) {
    let parsed = SysmonEvent.hashes(text)
    for algorithm in ["SHA1", "MD5", "SHA256"] { self[prefix + algorithm] = parsed[algorithm] }
    extra["IMPHASH"] = parsed["IMPHASH"]
  }

  /// Sets `column` to a JSON object of `members` (kept out when there are none).
  mutating func json(_ column: String, _ members: RowFields) {
    guard !members.fields.isEmpty else { return }
    var text = "{"
    for (index, field) in members.fields.enumerated() {
      if index > 0 { text += "," }
      guard case .text(let value) = field.value else { continue }
      text += JSONText.quote(field.name) + ":" + JSONText.quote(value)
    }
    text += "}"
    self[column] = text
  }
}
