import SpoorCatalog
import SpoorFormats

/// Turns CSV records of one header straight into `COPY` text rows of one table, from the fields' bytes.
///
/// It gives exactly what ``RowEncoder/cells(of:hints:)`` and ``ValueConverter`` give for the same record, without a
/// `String` per field: string columns copy the field's bytes (escaped), integers and timestamps in their usual
/// spelling are converted on the bytes, and anything else (other types, unusual spellings, values that are refused)
/// goes through ``ValueConverter`` itself, so the conversions and reject reasons are the same.
///
/// It only takes a "plain" header: every name a distinct column (or dropped with `--ignore-unknown`), at least one
/// column, and every `NOT NULL` column a record must name among them. Other headers refuse records in ways that
/// depend on the order of checks, so they keep the general path.
struct CSVCopyEncoder: Sendable {
  /// How a field's bytes become its column's text.
  private enum Conversion: Sendable {
    /// Not loaded (`--ignore-unknown` dropped the name).
    case dropped
    /// String and GUID columns: the bytes as they are.
    case text
    /// Integer columns: decimal digits with an optional sign, in this range; other spellings via ``ValueConverter``.
    case integer(ClosedRange<Int64>)
    /// Timestamp columns: ISO 8601, normalised to UTC.
    case timestamp
    /// Every other type: through ``ValueConverter``.
    case general
  }

  /// The table's column positions the `COPY` lists, in header order.
  let columns: [Int]
  private let table: IngestTable
  /// The index of the first header field that is loaded (the others are preceded by a tab).
  private let firstKept: Int
  /// The conversion, the column and whether it is nullable, for each header field.
  private let conversions: [(conversion: Conversion, column: Int, isNullable: Bool)]

  /// An encoder for records under `header`, or nil when the header is not plain (see the type's description).
  init?(header: [String], encoder: RowEncoder) {
    // An XQL raw dataset derives _document, _raw_log and _time from each record: the general path does that.
    guard encoder.rawDataset == nil else { return nil }
    let table = encoder.table
    var conversions: [(conversion: Conversion, column: Int, isNullable: Bool)] = []
    var columns: [Int] = []
    var seen = Set<Int>()
    for name in header {
      guard let position = table.positions[name] else {
        guard encoder.ignoreUnknown else { return nil }
        conversions.append((.dropped, -1, true))
        continue
      }
      guard seen.insert(position).inserted else { return nil }
      let column = table.columns[position]
      let conversion: Conversion
      switch column.type {
      case .string, .guid: conversion = .text
      case .long, .int: conversion = .integer(ValueConverter.integerRange(column.postgresType))
      case .datetime: conversion = .timestamp
      default: conversion = .general
      }
      conversions.append((conversion, position, column.isNullable))
      columns.append(position)
    }
    guard !columns.isEmpty, table.requiredColumns.allSatisfy(seen.contains) else { return nil }
    self.table = table
    self.columns = columns
    self.conversions = conversions
    firstKept = conversions.firstIndex { if case .dropped = $0.conversion { false } else { true } } ?? 0
  }

  /// Writes the `COPY` row of `fields` (one per header name) into `data` from `used` on and moves `used` past it.
  ///
  /// `data` grows as needed and its bytes past `used` are scratch: rows are written through a pointer into room
  /// made once, not appended byte run by byte run.
  /// - Throws: the ``IngestReject/Reason`` of the first field that does not convert; `used` is then unchanged.
  func appendRow(_ fields: CSVFields, to data: inout [UInt8], used: inout Int) throws(IngestReject.Reason) {
    // Room for every field converted on its bytes: escaping at most doubles text; an integer or a timestamp
    // takes at most 29 bytes, a separator 1.
    let room = 2 * fields.byteCount + 32 * conversions.count
    var end = used
    var next = 0
    while true {
      Self.makeRoom(room, after: end, in: &data)
      let (from, at) = (next, end)
      let stop = data.withUnsafeMutableBufferPointer { out in
        fields.bytes.withUnsafeBufferPointer { bytes in
          writeFields(bytes, fields: fields, from: from, to: out.baseAddress! + at)
        }
      }
      end += stop.written
      guard stop.field < conversions.count else { break }
      // ValueConverter decides (and words any refusal).
      let index = stop.field
      var text: [UInt8] = index > firstKept ? [0x09] : []
      let converted = try ValueConverter.convert(
        .text(fields.text(at: index)), to: table.columns[conversions[index].column])
      CopyTextEncoder.appendField(converted, to: &text)
      Self.makeRoom(text.count, after: end, in: &data)
      data.replaceSubrange(end..<end + text.count, with: text)
      end += text.count
      next = index + 1
    }
    Self.makeRoom(1, after: end, in: &data)
    data[end] = 0x0A
    used = end + 1
  }

  /// Grows `data` (by at least 64 KiB, within its capacity when it has some) so that it holds `count` bytes
  /// after `end`.
  private static func makeRoom(_ count: Int, after end: Int, in data: inout [UInt8]) {
    let missing = end + count - data.count
    if missing > 0 { data.append(contentsOf: repeatElement(0, count: max(missing, 1 << 16))) }
  }

  /// Writes fields `from…` at `out` until one needs ``ValueConverter``; returns that field's index (or the field
  /// count) and the bytes written.
  private func writeFields(
    _ bytes: UnsafeBufferPointer<UInt8>, fields: CSVFields, from start: Int, to out: UnsafeMutablePointer<UInt8>
  ) -> (field: Int, written: Int) {
    var at = out
    var index = start
    while index < conversions.count {
      let (conversion, _, isNullable) = conversions[index]
      if case .dropped = conversion {
        index += 1
        continue
      }
      let separator = index > firstKept ? 1 : 0
      let value = UnsafeBufferPointer(rebasing: bytes[fields.range(of: index)])
      guard let written = Self.write(value, as: conversion, to: at + separator, nullable: isNullable) else { break }
      if separator == 1 { at.pointee = 0x09 }
      at += separator + written
      index += 1
    }
    return (index, out.distance(to: at))
  }

  /// Writes `value` converted on its bytes at `out` and returns the bytes written; nil (nothing written) when
  /// ``ValueConverter`` must decide.
  private static func write(
    _ value: UnsafeBufferPointer<UInt8>, as conversion: Conversion, to out: UnsafeMutablePointer<UInt8>,
    nullable: Bool
  ) -> Int? {
    switch conversion {
    case .dropped, .general:
      return nil
    case .text:
      return CopyTextEncoder.write(value, to: out)
    case .integer(let range):
      let digits = trimmed(value)
      if digits.isEmpty { return nullable ? CopyTextEncoder.writeNull(to: out) : nil }
      guard let integer = integer(digits), range.contains(integer) else { return nil }
      guard isCanonical(digits) else { return writeDecimal(integer, to: out) }
      out.update(from: digits.baseAddress!, count: digits.count)
      return digits.count
    case .timestamp:
      let text = trimmed(value)
      if text.isEmpty { return nullable ? CopyTextEncoder.writeNull(to: out) : nil }
      if TimestampParser.isValidFormatted(text) {
        out.update(from: text.baseAddress!, count: text.count)
        return text.count
      }
      // Non-ASCII text never parses; leaving it to ValueConverter keeps its character-wise trimming exact.
      guard text.allSatisfy({ $0 < 0x80 }), let micros = TimestampParser.microseconds(utf8: text) else { return nil }
      TimestampParser.write(microseconds: micros, to: out)
      return TimestampParser.formattedLength
    }
  }

  /// `value` without leading and trailing spaces and tabs, as ``ValueConverter`` trims text.
  private static func trimmed(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = value.count
    while start < end, value[start] == 0x20 || value[start] == 0x09 { start += 1 }
    while end > start, value[end - 1] == 0x20 || value[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: value[start..<end])
  }

  /// `[+-]digits` as an Int64, as `Int64(_: String)` reads it; nil for anything else or an overflow.
  private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    var index = 0
    var negative = false
    if let sign = text.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      index = 1
    }
    guard index < text.count else { return nil }
    var magnitude: UInt64 = 0
    while index < text.count {
      let digit = text[index] &- 0x30
      guard digit < 10 else { return nil }
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
      guard !overflow1, !overflow2 else { return nil }
      magnitude = sum
      index += 1
    }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return Int64(magnitude)
  }

  /// Whether the digits `integer(_:)` read are spelled as `String(value)` spells the value: no `+`, no leading
  /// zero, no `-0`.
  private static func isCanonical(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let digits = text[0] == UInt8(ascii: "-") ? UnsafeBufferPointer(rebasing: text[1...]) : text
    guard let first = digits.first, first != UInt8(ascii: "+") else { return false }
    return first != UInt8(ascii: "0") || (digits.count == 1 && text.count == 1)
  }

  /// Writes `value` in decimal, as `String(value)` spells it; returns the bytes written (at most 20: Int64 has at most 19 digits).
  private static func writeDecimal(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var magnitude = value.magnitude
    var length = 1
    var scale: UInt64 = 10
    while length < 19, magnitude >= scale {
      length += 1
      scale &*= 10
    }
    var at = out
    if value < 0 {
      at.pointee = UInt8(ascii: "-")
      at += 1
    }
    for position in stride(from: length - 1, through: 0, by: -1) {
      at[position] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
      magnitude /= 10
    }
    return length + (value < 0 ? 1 : 0)
  }
}
