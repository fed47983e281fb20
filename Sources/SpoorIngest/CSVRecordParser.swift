/// Splits one CSV record (RFC 4180: `,` separators, `"` quoting with `""` inside quotes) into fields; the same rules
/// with a tab separator read TSV (`externaldata`).
package enum CSVRecordParser {
  /// Parses `bytes` (one or more physical lines joined by `\n`, without the final line ending), leaving the
  /// unquoted, validated field bytes in `fields`.
  /// - Returns: false when a quoted field is still open at the end (the record continues on the next line).
  /// - Throws: an ``IngestReject/Reason`` for text after a closing quote, invalid UTF-8 or a NUL character, for the
  ///   first field (in file order) that has one.
  package static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ","), into fields: inout CSVFields
  ) throws(IngestReject.Reason) -> Bool {
    // The fields never hold more bytes than the record: the buffer (never shrunk) is written through a pointer.
    var storage = fields.bytes
    var ends = fields.ends
    fields.bytes = []
    fields.ends = []
    if storage.count < bytes.count { storage.append(contentsOf: repeatElement(0, count: bytes.count - storage.count)) }
    ends.removeAll(keepingCapacity: true)
    // A record of ASCII without NUL (most) has only valid fields: then no field needs checking.
    let scan = ByteScan.nonASCIIAndNUL(in: bytes, from: 0, to: bytes.count)
    let outcome = storage.withUnsafeMutableBufferPointer { out in
      split(bytes, separator: separator, into: out, ends: &ends, validating: scan.nonASCII || scan.nul)
    }
    fields.bytes = storage
    fields.ends = ends
    if let failure = outcome.failure { throw failure }
    return outcome.complete
  }

  /// The work of ``parse(_:into:)``: the field bytes written to `out`, their ends appended to `ends`.
  private static func split(
    _ bytes: UnsafeBufferPointer<UInt8>, separator comma: UInt8, into out: UnsafeMutableBufferPointer<UInt8>,
    ends: inout [Int], validating: Bool
  ) -> (written: Int, complete: Bool, failure: IngestReject.Reason?) {
    let quote = UInt8(ascii: "\"")
    var written = 0
    var index = 0
    let count = bytes.count
    var end = count
    while true {
      let fieldStart = written
      if index < end, bytes[index] == quote {
        index += 1
        var closed = false
        while index <= count {
          let next = ByteScan.firstIndex(of: quote, in: bytes, from: index, to: count)
          if next > index {
            (out.baseAddress! + written).update(from: bytes.baseAddress! + index, count: next - index)
            written += next - index
          }
          guard next < count else { break }
          if next + 1 < count, bytes[next + 1] == quote {
            out[written] = quote
            written += 1
            index = next + 2
            continue
          }
          index = next + 1
          closed = true
          break
        }
        guard closed else { return (written, false, nil) }
        if end == count, count > 0, bytes[count - 1] == 0x0D, index <= count - 1 { end = count - 1 }
        if index < end, bytes[index] != comma {
          let reason = IngestReject.Reason(
            message:
              "malformed CSV at column \(index + 1): expected \(comma == 0x09 ? "a tab" : "','") after a closing quote")
          return (written, true, reason)
        }
      } else {
        if end == count, count > 0, bytes[count - 1] == 0x0D { end = count - 1 }
        let next = ByteScan.firstIndex(of: comma, in: bytes, from: index, to: end)
        if next > index {
          (out.baseAddress! + written).update(from: bytes.baseAddress! + index, count: next - index)
          written += next - index
        }
        index = next
      }
      if validating,
        let reason = problem(UnsafeBufferPointer(rebasing: out[fieldStart..<written]), number: ends.count + 1)
      {
        return (written, true, reason)
      }
      ends.append(written)
      if index >= end { return (written, true, nil) }
      index += 1  // the comma
    }
  }

  /// Why field `number` cannot be stored: invalid UTF-8 or a NUL character, which PostgreSQL text cannot hold.
  private static func problem(_ field: UnsafeBufferPointer<UInt8>, number: Int) -> IngestReject.Reason? {
    // ASCII is valid UTF-8: only the rest needs validating.
    let scan = ByteScan.nonASCIIAndNUL(in: field, from: 0, to: field.count)
    if scan.nonASCII, String(validating: field, as: UTF8.self) == nil {
      return IngestReject.Reason(message: "invalid UTF-8 in field \(number)")
    }
    if scan.nul {
      return IngestReject.Reason(message: "NUL character in field \(number) cannot be stored in PostgreSQL text")
    }
    return nil
  }
}
