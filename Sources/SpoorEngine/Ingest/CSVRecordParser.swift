/// Splits one CSV record (RFC 4180: `,` separators, `"` quoting with `""` inside quotes) into fields.
enum CSVRecordParser {
  /// The outcome of parsing the lines gathered so far.
  enum Outcome: Equatable {
    /// A whole record.
    case record([String])
    /// A quoted field is still open at the end: the record continues on the next line.
    case needsMoreInput
  }

  /// The field's bytes as a string.
  /// - Throws: for invalid UTF-8 or a NUL character, which PostgreSQL text cannot hold.
  private static func text(_ bytes: ArraySlice<UInt8>, number: Int) throws(IngestReject.Reason) -> String {
    // One pass tells ASCII from the rest: ASCII is valid UTF-8 and decodes without the generic validation,
    // which cost about a thousand instructions per field.
    let scan = bytes.withUnsafeBufferPointer { buffer -> (text: String?, hasNUL: Bool) in
      var isASCII = true
      var hasNUL = false
      for byte in buffer {
        if byte >= 0x80 { isASCII = false }
        if byte == 0 { hasNUL = true }
      }
      if isASCII { return (String(decoding: buffer, as: UTF8.self), hasNUL) }
      return (String(validating: buffer, as: UTF8.self), hasNUL)
    }
    guard let text = scan.text else {
      throw IngestReject.Reason(message: "invalid UTF-8 in field \(number)")
    }
    if scan.hasNUL {
      throw IngestReject.Reason(message: "NUL character in field \(number) cannot be stored in PostgreSQL text")
    }
    return text
  }

  /// Parses `bytes` (one or more physical lines joined by `\n`, without the final line ending).
  /// - Throws: an ``IngestReject/Reason`` for text after a closing quote or invalid UTF-8.
  static func parse(_ bytes: [UInt8]) throws(IngestReject.Reason) -> Outcome {
    var fields: [String] = []
    var field: [UInt8] = []
    var index = 0
    let count = bytes.count
    var end = count
    while true {
      field.removeAll(keepingCapacity: true)
      if index < end, bytes[index] == UInt8(ascii: "\"") {
        index += 1
        var closed = false
        while index < count {
          let byte = bytes[index]
          if byte == UInt8(ascii: "\"") {
            if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\"") {
              field.append(byte)
              index += 2
              continue
            }
            index += 1
            closed = true
            break
          }
          field.append(byte)
          index += 1
        }
        guard closed else { return .needsMoreInput }
        if end == count, count > 0, bytes[count - 1] == 0x0D, index <= count - 1 { end = count - 1 }
        if index < end, bytes[index] != UInt8(ascii: ",") {
          throw IngestReject.Reason(message: "malformed CSV at column \(index + 1): expected ',' after a closing quote")
        }
        fields.append(try text(field[...], number: fields.count + 1))
      } else {
        if end == count, count > 0, bytes[count - 1] == 0x0D { end = count - 1 }
        let start = index
        while index < end, bytes[index] != UInt8(ascii: ",") { index += 1 }
        fields.append(try text(bytes[start..<index], number: fields.count + 1))
      }
      if index >= end { return .record(fields) }
      index += 1  // the comma
    }
  }
}
