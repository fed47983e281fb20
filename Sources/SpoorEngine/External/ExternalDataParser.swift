import SpoorCatalog
import SpoorFormats
import SpoorIngest
import SpoorPlan

/// Turns one fetched blob into `externaldata` rows: JSON objects keyed by the declared column names, each value
/// already in its column type's PostgreSQL text form (``ValueConverter``, the rules `spoor ingest` uses), ready for
/// `jsonb_to_recordset`.
///
/// - csv / tsv: RFC 4180 records (a quoted field may span lines), fields by position; a record must have exactly one
///   field per declared column. Empty lines are skipped.
/// - json: one JSON object per line; multijson: JSON objects separated by any whitespace, or arrays of them.
///   Properties map to columns by name (exact case); a column without a property is null (`""` for a string).
/// - txt: each non-empty line is the one declared column.
///
/// `ignoreFirstRecord` drops the first record of the blob. A missing or empty value is null (`""` for strings, which
/// KQL never makes null); a value that does not fit its column stops the query with the line and column.
enum ExternalDataParser {
  /// Appends the blob's rows to `rows` (each a JSON object text).
  /// - Throws: ``ExternalDataError`` with the 1-based line of the first bad record.
  static func parse(
    _ bytes: [UInt8], source: ExternalSource, address: String, into rows: inout [String]
  ) throws(ExternalDataError) {
    let columns = source.columns.map {
      IngestColumn(name: $0.name, type: $0.type, isNullable: $0.type != .string && $0.type != .guid)
    }
    var skipFirst = source.ignoreFirstRecord
    func emit(_ values: [FieldValue], line: Int) throws(ExternalDataError) {
      if skipFirst {
        skipFirst = false
        return
      }
      rows.append(try object(values, columns: columns, address: address, line: line))
    }
    switch source.format {
    case .csv, .tsv:
      let separator = source.format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
      var fields = CSVFields()
      var record: [UInt8] = []
      var recordLine = 0
      for (number, line) in lines(bytes) {
        if record.isEmpty {
          if line.isEmpty || line == [0x0D] { continue }
          recordLine = number
        } else {
          record.append(0x0A)
        }
        record.append(contentsOf: line)
        let complete: Bool
        do {
          complete = try record.withUnsafeBufferPointer { (buffer) throws(IngestReject.Reason) -> Bool in
            try CSVRecordParser.parse(buffer, separator: separator, into: &fields)
          }
        } catch {
          throw .atLine(address, line: recordLine, error.description)
        }
        guard complete else { continue }
        record.removeAll(keepingCapacity: true)
        guard fields.count == columns.count else {
          throw .atLine(
            address, line: recordLine,
            "\(fields.count) field\(fields.count == 1 ? "" : "s"), but externaldata declares \(columns.count) column"
              + (columns.count == 1 ? "" : "s"))
        }
        try emit(fields.indices.map { .text(fields.text(at: $0)) }, line: recordLine)
      }
      if !record.isEmpty { throw .atLine(address, line: recordLine, "a quoted field is never closed") }
    case .txt:
      for (number, line) in lines(bytes) {
        var text = line
        if text.last == 0x0D { text.removeLast() }
        if text.isEmpty { continue }
        guard let string = String(validating: text, as: UTF8.self) else {
          throw .atLine(address, line: number, "invalid UTF-8")
        }
        try emit([.text(string)], line: number)
      }
    case .json:
      for (number, line) in lines(bytes) {
        guard line.contains(where: { !isWhitespace($0) }) else { continue }
        try emit(try members(ArraySlice(line), columns: columns, address: address, line: number), line: number)
      }
    case .multijson:
      for (start, line) in try multiJSONObjects(bytes, address: address) {
        try emit(try members(bytes[start], columns: columns, address: address, line: line), line: line)
      }
    }
  }

  /// The blob's lines (split at `\n`) with their 1-based numbers.
  private static func lines(_ bytes: [UInt8]) -> [(Int, [UInt8])] {
    var result: [(Int, [UInt8])] = []
    var start = 0
    var number = 1
    while start < bytes.count {
      let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
      result.append((number, Array(bytes[start..<end])))
      start = end + 1
      number += 1
    }
    return result
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// One JSON object's values in column order, by property name.
  private static func members(
    _ object: ArraySlice<UInt8>, columns: [IngestColumn], address: String, line: Int
  ) throws(ExternalDataError) -> [FieldValue] {
    let fields: [InputField]
    do {
      fields = try JSONLineParser.parse(object)
    } catch {
      throw .atLine(address, line: line, "invalid JSON: \(error.description)")
    }
    var byName: [String: FieldValue] = [:]
    for field in fields { byName[field.name] = field.value }
    return columns.map { byName[$0.name] ?? .null }
  }

  /// The byte ranges of the top-level objects of a multijson blob (whitespace-separated objects, or arrays of
  /// objects), with the line each starts on.
  private static func multiJSONObjects(_ bytes: [UInt8], address: String) throws(ExternalDataError)
    -> [(Range<Int>, Int)]
  {
    var objects: [(Range<Int>, Int)] = []
    var line = 1
    var index = 0
    var arrayDepth = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A {
        line += 1
        index += 1
      } else if isWhitespace(byte) || (arrayDepth > 0 && byte == UInt8(ascii: ",")) {
        index += 1
      } else if byte == UInt8(ascii: "[") {
        arrayDepth += 1
        index += 1
      } else if byte == UInt8(ascii: "]"), arrayDepth > 0 {
        arrayDepth -= 1
        index += 1
      } else if byte == UInt8(ascii: "{") {
        let start = index
        let startLine = line
        var depth = 0
        var inString = false
        while index < bytes.count {
          let current = bytes[index]
          if current == 0x0A { line += 1 }
          if inString {
            if current == UInt8(ascii: "\\") {
              index += 1
            } else if current == UInt8(ascii: "\"") {
              inString = false
            }
          } else if current == UInt8(ascii: "\"") {
            inString = true
          } else if current == UInt8(ascii: "{") || current == UInt8(ascii: "[") {
            depth += 1
          } else if current == UInt8(ascii: "}") || current == UInt8(ascii: "]") {
            depth -= 1
            if depth == 0 { break }
          }
          index += 1
        }
        guard index < bytes.count else { throw .atLine(address, line: startLine, "a JSON object is never closed") }
        index += 1
        objects.append((start..<index, startLine))
      } else {
        throw .atLine(address, line: line, "expected a JSON object, found '\(Character(Unicode.Scalar(byte)))'")
      }
    }
    return objects
  }

  /// The JSON object of one record: each column's converted value, as a JSON string (its PostgreSQL text form),
  /// raw JSON for a dynamic column, or null.
  private static func object(
    _ values: [FieldValue], columns: [IngestColumn], address: String, line: Int
  ) throws(ExternalDataError) -> String {
    var text = "{"
    for (position, column) in columns.enumerated() {
      if position > 0 { text += "," }
      text += JSONText.quote(column.name) + ":"
      let converted: String?
      do {
        converted = try ValueConverter.convert(values[position], to: column)
      } catch {
        throw .atLine(address, line: line, error.description)
      }
      guard let converted else {
        text += "null"
        continue
      }
      text += column.type == .dynamic ? converted : JSONText.quote(converted)
    }
    return text + "}"
  }
}
