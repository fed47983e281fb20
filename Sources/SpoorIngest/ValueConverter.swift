import SpoorCatalog
import SpoorFormats
import SpoorPlan

/// Converts a ``FieldValue`` to the PostgreSQL text form of a column's type: one set of rules for every input
/// format and every table.
///
/// | column type | accepted | stored |
/// |---|---|---|
/// | string, guid | any scalar; objects/arrays as their compact JSON text (Kusto's `tostring()` of the value) | the text; missing → `''` (NULL in nullable columns) |
/// | long, int | integers (decimal, `0x` hex, or an integral number such as `3.0`) in the column's range | the integer |
/// | real | finite numbers | the number |
/// | bool | `true`/`false`, `1`/`0` (any case) | the boolean |
/// | datetime | ISO 8601, with or without zone (none means UTC) | the UTC instant |
/// | timespan | `[-][d.]hh:mm:ss[.f…]` (Kusto's form) | the interval |
/// | dynamic | JSON objects, arrays, numbers, booleans; text starting with `{`/`[` must be JSON, other text is a JSON string | jsonb |
///
/// For every type but string, JSON `null`, an absent field and empty text mean NULL.
public enum ValueConverter {
  /// The PostgreSQL text input for `value` in `column` (nil for NULL).
  /// - Throws: an ``IngestReject/Reason`` naming the column when the value does not fit.
  public static func convert(_ value: FieldValue, to column: IngestColumn) throws(IngestReject.Reason) -> String? {
    func refuse(_ message: String) -> IngestReject.Reason {
      IngestReject.Reason(field: column.name, message: message)
    }
    if column.type == .string || column.type == .guid {
      switch value {
      case .null: return column.isNullable ? nil : ""
      case .text(let text): return text
      case .number(let literal): return literal
      case .bool(let flag): return flag ? "true" : "false"
      case .json(let text):
        // Kusto stores a dynamic value given for a string column as `tostring()` renders it: compact JSON. The
        // input's own spacing would make equal values compare unequal (`{"a": 1}` vs `{"a":1}`).
        return JSONLineParser.compact(text) ?? text
      }
    }
    let text: String
    switch value {
    case .null:
      guard column.isNullable else { throw refuse("missing value for a NOT NULL \(column.type.rawValue) column") }
      return nil
    case .text(let string):
      let trimmed = trimmed(string)
      if trimmed.isEmpty {
        guard column.isNullable else { throw refuse("missing value for a NOT NULL \(column.type.rawValue) column") }
        return nil
      }
      text = trimmed
    case .number(let literal): text = literal
    case .bool(let flag):
      switch column.type {
      case .bool: return flag ? "true" : "false"
      case .dynamic: return flag ? "true" : "false"
      default: throw refuse("expected \(article(column.type)), got a boolean")
      }
    case .json(let json):
      guard column.type == .dynamic else {
        throw refuse("expected \(article(column.type)), got a JSON object or array")
      }
      return json
    }
    switch column.type {
    case .long, .int:
      guard let integer = integerValue(text) else { throw refuse("not an integer: \(quoted(text))") }
      let range = integerRange(column.postgresType)
      guard range.contains(integer) else {
        throw refuse("\(integer) is out of range for \(column.postgresType) (\(range.lowerBound)…\(range.upperBound))")
      }
      return String(integer)
    case .real:
      guard !text.contains("x"), !text.contains("X"), let number = Double(text) else {
        throw refuse("not a number: \(quoted(text))")
      }
      guard number.isFinite, !isSpelledNonFinite(text) else { throw refuse("not a finite number: \(quoted(text))") }
      return text
    case .bool:
      switch text.lowercased() {
      case "true", "1": return "true"
      case "false", "0": return "false"
      default: throw refuse("not a boolean (true, false, 1 or 0): \(quoted(text))")
      }
    case .datetime:
      guard let micros = TimestampParser.microseconds(text) else {
        throw refuse("not an ISO 8601 timestamp: \(quoted(text))")
      }
      return TimestampParser.format(microseconds: micros)
    case .timespan:
      guard let interval = TimespanParser.postgresInterval(text) else {
        throw refuse("not a timespan ([-][d.]hh:mm:ss[.fffffff]): \(quoted(text))")
      }
      return interval
    case .dynamic:
      if case .number = value { return text }
      if let first = text.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
        guard JSONLineParser.isValidDocument(text) else { throw refuse("invalid JSON: \(quoted(text))") }
        return text
      }
      if case .text(let original) = value { return JSONText.quote(original) }
      return text
    case .string, .guid:
      return text
    }
  }

  /// The inclusive range of a PostgreSQL integer type.
  static func integerRange(_ postgresType: String) -> ClosedRange<Int64> {
    switch postgresType {
    case "smallint": return Int64(Int16.min)...Int64(Int16.max)
    case "integer": return Int64(Int32.min)...Int64(Int32.max)
    default: return Int64.min...Int64.max
    }
  }

  /// An integer from decimal text, `0x` hex, or an integral decimal number (`3.0`, `1e3`).
  static func integerValue(_ text: String) -> Int64? {
    if let value = Int64(text) { return value }
    let lower = text.lowercased()
    if lower.hasPrefix("0x"), let value = UInt64(lower.dropFirst(2), radix: 16) { return Int64(bitPattern: value) }
    if lower.hasPrefix("-0x"), let value = Int64(lower.dropFirst(3), radix: 16) { return -value }
    guard !isSpelledNonFinite(text), let number = Double(text), number.rounded() == number,
      number >= -9.223_372_036_854_775_808e18, number < 9.223_372_036_854_775_808e18
    else { return nil }
    return Int64(number)
  }

  private static func isSpelledNonFinite(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.contains("nan") || lower.contains("inf")
  }

  private static func trimmed(_ text: String) -> String {
    let utf8 = text.utf8
    guard let first = utf8.first, let last = utf8.last, first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09
    else { return text }
    var slice = Substring(text)
    while let character = slice.first, character == " " || character == "\t" { slice.removeFirst() }
    while let character = slice.last, character == " " || character == "\t" { slice.removeLast() }
    return String(slice)
  }

  private static func article(_ type: DataType) -> String {
    switch type {
    case .int, .long: return "an integer"
    case .real: return "a number"
    case .bool: return "a boolean"
    case .datetime: return "an ISO 8601 timestamp"
    case .timespan: return "a timespan"
    case .dynamic: return "JSON"
    case .string, .guid: return "a string"
    }
  }

  /// `text` in double quotes, cut to 60 characters, for messages.
  static func quoted(_ text: String) -> String {
    let cut = text.count > 60 ? String(text.prefix(60)) + "…" : text
    return "\"" + cut + "\""
  }

}
