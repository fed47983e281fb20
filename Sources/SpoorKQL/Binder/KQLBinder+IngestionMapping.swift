extension KQLBinder {
  /// True when an `externaldata` JSON `ingestionMapping` maps every declared column, once, from the top-level
  /// property of the same name (`{"Column": "A", "Properties": {"Path": "$.A"}}`, or `$['A']`): the mapping Spoor
  /// applies to JSON rows without one, so the rows are the same.
  static func isIdentityJSONMapping(_ mapping: String, columns: [String]) -> Bool {
    var parser = MappingParser(bytes: Array(mapping.utf8))
    guard case .array(let entries)? = parser.document(), entries.count == columns.count else { return false }
    var mapped: Set<String> = []
    for entry in entries {
      guard case .object(let fields) = entry, fields.count == 2,
        case .string(let column)? = fields.first(where: { $0.key == "Column" })?.value,
        case .object(let properties)? = fields.first(where: { $0.key == "Properties" })?.value,
        properties.count == 1, properties[0].key == "Path", case .string(let path) = properties[0].value,
        path.hasPrefix("$"), memberPath(path) == [column], columns.contains(column),
        mapped.insert(column).inserted
      else { return false }
    }
    return true
  }
}

/// A JSON value as far as a mapping needs it: strings, objects (keys in order) and arrays; anything else is
/// `other`.
private enum MappingValue {
  case string(String)
  case object([(key: String, value: MappingValue)])
  case array([MappingValue])
  case other
}

/// A small strict reader of one JSON document.
private struct MappingParser {
  let bytes: [UInt8]
  var position = 0

  /// The document's value, or nil when the text is not one JSON value.
  mutating func document() -> MappingValue? {
    guard let result = value() else { return nil }
    skipSpace()
    return position == bytes.count ? result : nil
  }

  mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  mutating func value() -> MappingValue? {
    skipSpace()
    guard position < bytes.count else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "\""):
      return string().map(MappingValue.string)
    case UInt8(ascii: "{"):
      position += 1
      var fields: [(key: String, value: MappingValue)] = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(fields)
      }
      while true {
        skipSpace()
        guard let key = string() else { return nil }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        guard let member = value() else { return nil }
        fields.append((key, member))
        skipSpace()
        guard position < bytes.count else { return nil }
        position += 1
        if bytes[position - 1] == UInt8(ascii: "}") { return .object(fields) }
        guard bytes[position - 1] == UInt8(ascii: ",") else { return nil }
      }
    case UInt8(ascii: "["):
      position += 1
      var items: [MappingValue] = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(items)
      }
      while true {
        guard let item = value() else { return nil }
        items.append(item)
        skipSpace()
        guard position < bytes.count else { return nil }
        position += 1
        if bytes[position - 1] == UInt8(ascii: "]") { return .array(items) }
        guard bytes[position - 1] == UInt8(ascii: ",") else { return nil }
      }
    default:
      // A number, true, false or null: read up to the next delimiter.
      let start = position
      while position < bytes.count, !Array(",]} \t\r\n".utf8).contains(bytes[position]) { position += 1 }
      return position > start ? .other : nil
    }
  }

  /// A JSON string at the cursor (its escapes decoded), or nil.
  mutating func string() -> String? {
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
    position += 1
    var scalars = String.UnicodeScalarView()
    var pending: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      if byte == UInt8(ascii: "\"") {
        scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
        return String(scalars)
      }
      guard byte == UInt8(ascii: "\\") else {
        pending.append(byte)
        continue
      }
      guard position < bytes.count else { return nil }
      let escaped = bytes[position]
      position += 1
      let simple: [UInt8: UInt8] = [
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
      ]
      if let byte = simple[escaped] {
        pending.append(byte)
        continue
      }
      guard escaped == UInt8(ascii: "u"), position + 4 <= bytes.count,
        let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
        let scalar = Unicode.Scalar(code)
      else { return nil }
      position += 4
      pending.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
    return nil
  }
}
