/// One flattened Sysmon event, with the small derivations the mapping needs.
struct SysmonEvent {
  private var values: [String: String] = [:]

  init(fields: [InputField]) {
    for field in fields {
      switch field.value {
      case .null: continue
      case .text(let text), .number(let text), .json(let text): values[field.name] = text
      case .bool(let flag): values[field.name] = flag ? "true" : "false"
      }
    }
  }

  subscript(name: String) -> String? { values[name] }

  /// When the event happened: Sysmon's `UtcTime`, else the collector's `TimeCreated`.
  var time: String? { values["UtcTime"] ?? values["TimeCreated"] }

  /// The last segment of a Windows path or registry key.
  static func lastSegment(_ path: String) -> String {
    guard let slash = path.lastIndex(where: { $0 == "\\" || $0 == "/" }) else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The file extension of a path, without the dot, or nil.
  static func fileExtension(_ path: String) -> String? {
    let name = lastSegment(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    return String(name[name.index(after: dot)...])
  }

  /// `SHA1=..,MD5=..` as a dictionary keyed by upper-case algorithm, values in lower-case hex.
  static func hashes(_ text: String?) -> [String: String] {
    guard let text else { return [:] }
    var result: [String: String] = [:]
    for part in text.split(separator: ",") {
      guard let equals = part.firstIndex(of: "=") else { continue }
      result[part[..<equals].uppercased()] = part[part.index(after: equals)...].lowercased()
    }
    return result
  }

  /// A stable device id per host: a 128-bit FNV-1a digest of the lower-cased name, in hex.
  static func deviceId(_ computer: String) -> String {
    let bytes = Array(computer.lowercased().utf8)
    var text = ""
    for seed: UInt64 in [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4] {
      var hash = seed
      for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
      }
      let hex = String(hash, radix: 16)
      text += String(repeating: "0", count: 16 - hex.count) + hex
    }
    return text
  }

  /// `tcp` → `Tcp`.
  static func capitalized(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst().lowercased()
  }

  /// Defender's IP type of an address: Loopback, Private, LinkLocal, Multicast, Broadcast, Reserved or Public.
  static func ipType(_ address: String) -> String {
    let lower = address.lowercased()
    if lower.contains(":") {
      if lower == "::1" { return "Loopback" }
      if lower == "::" { return "Reserved" }
      if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") {
        return "LinkLocal"
      }
      if lower.hasPrefix("fc") || lower.hasPrefix("fd") { return "Private" }
      if lower.hasPrefix("ff") { return "Multicast" }
      if lower.hasPrefix("::ffff:") { return ipType(String(lower.dropFirst(7))) }
      return "Public"
    }
    let octets = address.split(separator: ".").compactMap { Int($0) }
    guard octets.count == 4 else { return "Reserved" }
    switch (octets[0], octets[1]) {
    case (127, _): return "Loopback"
    case (10, _), (192, 168), (172, 16...31): return "Private"
    case (169, 254): return "LinkLocal"
    case (224...239, _): return "Multicast"
    case (255, 255) where octets[2] == 255 && octets[3] == 255: return "Broadcast"
    case (0, _): return "Reserved"
    default: return "Public"
    }
  }

  /// Cortex's integer for a Sysmon integrity level (AppContainer counts as Low).
  static func integrityLevel(_ level: String) -> String? {
    switch level.lowercased() {
    case "untrusted": return "0"
    case "low", "appcontainer": return "4096"
    case "medium": return "8192"
    case "mediumplus", "medium+", "medium plus": return "8448"
    case "high": return "12288"
    case "system": return "16384"
    case "protected": return "20480"
    default: return nil
    }
  }

  /// `HKLM\` → `HKEY_LOCAL_MACHINE\`, `HKU\` → `HKEY_USERS\`, `HKCR\` → `HKEY_LOCAL_MACHINE\CLASSES\`.
  static func expandHive(_ key: String) -> String {
    let hives = [
      ("HKLM\\", "HKEY_LOCAL_MACHINE\\"), ("HKU\\", "HKEY_USERS\\"), ("HKCR\\", "HKEY_LOCAL_MACHINE\\CLASSES\\"),
    ]
    for (short, long) in hives where key.uppercased().hasPrefix(short) {
      return long + key.dropFirst(short.count)
    }
    return key
  }

  /// What a registry event did, from Sysmon's `EventType` (or its EventID when `EventType` is missing).
  struct RegistryKind {
    /// Defender `ActionType` (nil when unknown).
    var actionType: String?
    /// `xdr_data` `event_sub_type` (nil when unknown).
    var xdrSubType: String?
    /// True when the event concerns a value (its name is the last segment of `TargetObject`).
    var isValueEvent: Bool
  }

  static func registryKind(eventType: String?, eventID: Int) -> RegistryKind {
    switch eventType {
    case "CreateKey":
      return RegistryKind(actionType: "RegistryKeyCreated", xdrSubType: "REGISTRY_CREATE_KEY", isValueEvent: false)
    case "DeleteKey":
      return RegistryKind(actionType: "RegistryKeyDeleted", xdrSubType: "REGISTRY_DELETE_KEY", isValueEvent: false)
    case "DeleteValue":
      return RegistryKind(actionType: "RegistryValueDeleted", xdrSubType: "REGISTRY_DELETE_VALUE", isValueEvent: true)
    case "SetValue":
      return RegistryKind(actionType: "RegistryValueSet", xdrSubType: "REGISTRY_SET_VALUE", isValueEvent: true)
    case "RenameKey":
      return RegistryKind(actionType: "RegistryKeyCreated", xdrSubType: "REGISTRY_RENAME_KEY", isValueEvent: false)
    default:
      if eventID == 13 {
        return RegistryKind(actionType: "RegistryValueSet", xdrSubType: "REGISTRY_SET_VALUE", isValueEvent: true)
      }
      return RegistryKind(actionType: nil, xdrSubType: nil, isValueEvent: false)
    }
  }
}
