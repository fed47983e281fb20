/// SQL identifiers: the one place names are quoted (always double quotes, embedded quotes doubled) and long
/// names are mapped to what PostgreSQL can hold.
public enum SQLIdentifier {
  /// PostgreSQL's longest identifier, in bytes (`NAMEDATALEN - 1`); it silently truncates longer ones.
  public static let maximumBytes = 63

  /// The name PostgreSQL sees for `name`: the name itself when it fits in ``maximumBytes``, else its first bytes
  /// (whole characters) and a 64-bit FNV-1a hash of all of it, so that two long names sharing a prefix stay
  /// distinct instead of being truncated into one ("column reference is ambiguous").
  ///
  /// Result writers show the plan's full names (``SQLStatement/columns``), not these.
  public static func postgresName(_ name: String) -> String {
    guard name.utf8.count > maximumBytes else { return name }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let suffix = String(hash, radix: 16)
    let digest = "_" + String(repeating: "0", count: 16 - suffix.count) + suffix
    var prefix = ""
    for scalar in name.unicodeScalars {
      guard prefix.utf8.count + String(scalar).utf8.count + digest.utf8.count <= maximumBytes else { break }
      prefix.unicodeScalars.append(scalar)
    }
    return prefix + digest
  }

  /// `schema.name` with both parts quoted (``quoted(_:)``).
  public static func qualified(schema: String, name: String) -> String {
    quoted(schema) + "." + quoted(name)
  }

  /// `name` as a quoted identifier (mapped by ``postgresName(_:)`` when too long for PostgreSQL).
  public static func quoted(_ name: String) -> String {
    let name = name.utf8.count > maximumBytes ? postgresName(name) : name
    let hasQuote =
      name.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "\"")) }
      ?? name.utf8.contains(UInt8(ascii: "\""))
    guard hasQuote else {
      // One allocation: quoting is on the emitter's hot path.
      return String(unsafeUninitializedCapacity: name.utf8.count + 2) { buffer in
        buffer[0] = UInt8(ascii: "\"")
        var offset = 1
        for byte in name.utf8 {
          buffer[offset] = byte
          offset += 1
        }
        buffer[offset] = UInt8(ascii: "\"")
        return offset + 1
      }
    }
    var result = "\""
    for scalar in name.unicodeScalars {
      if scalar == "\"" { result.append("\"\"") } else { result.unicodeScalars.append(scalar) }
    }
    result.append("\"")
    return result
  }
}
