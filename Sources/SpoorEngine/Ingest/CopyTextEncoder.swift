/// Appends rows in PostgreSQL's `COPY … FROM STDIN` text format: tab-separated, `\N` for NULL, and
/// backslash escapes for backslash, newline, carriage return and tab.
enum CopyTextEncoder {
  /// Appends one field (without separator).
  static func appendField(_ value: String?, to buffer: inout [UInt8]) {
    guard var value else {
      buffer.append(0x5C)
      buffer.append(UInt8(ascii: "N"))
      return
    }
    value.withUTF8 { bytes in
      var needsEscape = false
      for byte in bytes where byte == 0x5C || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        needsEscape = true
        break
      }
      guard needsEscape else {
        buffer.append(contentsOf: bytes)
        return
      }
      for byte in bytes {
        switch byte {
        case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
        case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
        default: buffer.append(byte)
        }
      }
    }
  }

  /// Appends a whole row and its line ending.
  static func appendRow(_ values: [String?], to buffer: inout [UInt8]) {
    for (index, value) in values.enumerated() {
      if index > 0 { buffer.append(0x09) }
      appendField(value, to: &buffer)
    }
    buffer.append(0x0A)
  }
}
