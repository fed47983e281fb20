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
      // One pass: copy runs of plain bytes, escaping the four special ones between them.
      var runStart = 0
      for index in 0..<bytes.count {
        let escape: UInt8
        switch bytes[index] {
        case 0x5C: escape = 0x5C
        case 0x0A: escape = UInt8(ascii: "n")
        case 0x0D: escape = UInt8(ascii: "r")
        case 0x09: escape = UInt8(ascii: "t")
        default: continue
        }
        if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
        buffer.append(0x5C)
        buffer.append(escape)
        runStart = index + 1
      }
      if runStart < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
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
