/// A typed view of one text-format result cell, chosen by the column's type OID.
public enum PostgresCell: Sendable, Hashable {
  /// SQL NULL.
  case null
  /// A `boolean`.
  case bool(Bool)
  /// A `smallint`, `integer`, `bigint` or `oid`.
  case integer(Int64)
  /// A `real` or `double precision` (including `NaN` and the infinities).
  case double(Double)
  /// A `text`, `varchar`, `char` or `name`.
  case text(String)
  /// A `timestamptz` as ISO 8601 UTC with microseconds: `2024-01-02T03:04:05.123456Z`.
  case timestamp(String)
  /// A `json` or `jsonb` document, as the server printed it.
  case json(String)
  /// Any other type, in PostgreSQL's text format (numeric, interval, arrays, bytea as `\x…`, …).
  case other(String)

  /// Decodes the text `text` of a column of type `typeOID`; text that does not parse as its type becomes `.other`.
  public init(text: String?, typeOID: UInt32) {
    guard let text else {
      self = .null
      return
    }
    switch typeOID {
    case PostgresTypeOID.bool:
      switch text {
      case "t": self = .bool(true)
      case "f": self = .bool(false)
      default: self = .other(text)
      }
    case PostgresTypeOID.int2, PostgresTypeOID.int4, PostgresTypeOID.int8, PostgresTypeOID.oid:
      self = Int64(text).map(PostgresCell.integer) ?? .other(text)
    case PostgresTypeOID.float4, PostgresTypeOID.float8:
      self = Self.parseDouble(text).map(PostgresCell.double) ?? .other(text)
    case PostgresTypeOID.text, PostgresTypeOID.varchar, PostgresTypeOID.bpchar, PostgresTypeOID.name:
      self = .text(text)
    case PostgresTypeOID.timestamptz:
      self = Self.isoTimestamp(fromServerText: text).map(PostgresCell.timestamp) ?? .other(text)
    case PostgresTypeOID.json, PostgresTypeOID.jsonb:
      self = .json(text)
    default:
      self = .other(text)
    }
  }

  /// Parses PostgreSQL's float text, which spells the specials `NaN`, `Infinity` and `-Infinity`.
  static func parseDouble(_ text: String) -> Double? {
    switch text {
    case "NaN": .nan
    case "Infinity": .infinity
    case "-Infinity": -.infinity
    default: Double(text)
    }
  }

  /// Converts a `timestamptz` printed with `DateStyle=ISO` and `TimeZone=UTC` (`2024-01-02 03:04:05.12+00`) to ISO
  /// 8601 with six fractional digits (`2024-01-02T03:04:05.120000Z`).
  ///
  /// Returns `nil` for text it does not recognise (`infinity`, BC dates, another time zone), so the caller keeps the
  /// server's text instead of a wrong timestamp.
  static func isoTimestamp(fromServerText text: String) -> String? {
    guard text.hasSuffix("+00") else { return nil }
    let body = text.dropLast(3)
    guard let space = body.firstIndex(of: " ") else { return nil }
    let date = body[..<space]
    let time = body[body.index(after: space)...]
    var clock = time
    var fraction = Substring("")
    if let dot = time.firstIndex(of: ".") {
      clock = time[..<dot]
      fraction = time[time.index(after: dot)...]
    }
    let dateParts = date.split(separator: "-", omittingEmptySubsequences: false)
    let clockParts = clock.split(separator: ":", omittingEmptySubsequences: false)
    guard dateParts.count == 3, dateParts[0].count >= 4, dateParts[1].count == 2, dateParts[2].count == 2,
      clockParts.count == 3, clockParts.allSatisfy({ $0.count == 2 }), fraction.count <= 6,
      (dateParts + clockParts + [fraction]).allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) })
    else { return nil }
    let micros = fraction + String(repeating: "0", count: 6 - fraction.count)
    return "\(date)T\(clock).\(micros)Z"
  }
}

extension Character {
  /// Whether the character is one of the ASCII digits 0–9.
  var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
