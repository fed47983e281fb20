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
      guard !bytes.isEmpty else { return }
      let start = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: 2 * bytes.count))
      let written = buffer.withUnsafeMutableBufferPointer { write(bytes, to: $0.baseAddress! + start) }
      buffer.removeLast(2 * bytes.count - written)
    }
  }

  /// Writes `\N`, the NULL field, at `out`; returns 2.
  static func writeNull(to out: UnsafeMutablePointer<UInt8>) -> Int {
    out[0] = 0x5C
    out[1] = UInt8(ascii: "N")
    return 2
  }

  /// Writes one field given as UTF-8 bytes at `out` (room for twice its length), escaped in one pass that copies
  /// the runs between special bytes; returns the number of bytes written.
  static func write(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var written = 0
    var runStart = 0
    while runStart < bytes.count {
      let special = ByteScan.firstCopySpecial(in: bytes, from: runStart, to: bytes.count)
      if special > runStart {
        (out + written).update(from: bytes.baseAddress! + runStart, count: special - runStart)
        written += special - runStart
      }
      guard special < bytes.count else { break }
      let escape: UInt8
      switch bytes[special] {
      case 0x0A: escape = UInt8(ascii: "n")
      case 0x0D: escape = UInt8(ascii: "r")
      case 0x09: escape = UInt8(ascii: "t")
      default: escape = 0x5C
      }
      out[written] = 0x5C
      out[written + 1] = escape
      written += 2
      runStart = special + 1
    }
    return written
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
