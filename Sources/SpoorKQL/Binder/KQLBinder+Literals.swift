import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension KQLBinder {
  mutating func bindLiteral(_ literal: KQLLiteral, span: Span) -> ScalarExpression? {
    switch literal {
    case .string(let text): return .literal(.string(text), span: span)
    case .long(let value): return .literal(.long(value), span: span)
    case .real(let value): return .literal(.real(value), span: span)
    case .bool(let value): return .literal(.bool(value), span: span)
    case .timespan(let micro): return .literal(.timespan(microseconds: micro), span: span)
    case .dynamic(let json): return .literal(.dynamic(json: json), span: span)
    case .null(let typeName):
      guard let type = DataType(kqlName: typeName) else {
        report(KQLDiagnostics.unknownType(typeName, at: span))
        return nil
      }
      return ScalarExpression(.literal(.null(type)), type: type, span: span)
    case .typed(let typeName, let text):
      switch typeName {
      case "datetime", "date":
        guard let micro = Self.parseDatetime(text) else {
          report(KQLDiagnostics.malformedLiteral("datetime", text, at: span))
          return nil
        }
        return .literal(.datetime(microseconds: micro), span: span)
      case "guid":
        return ScalarExpression(.literal(.string(text)), type: .guid, span: span)
      default:
        guard let micro = Self.parseTimespan(text) else {
          report(KQLDiagnostics.malformedLiteral("timespan", text, at: span))
          return nil
        }
        return .literal(.timespan(microseconds: micro), span: span)
      }
    }
  }

  /// Microseconds since the epoch of an ISO 8601 datetime (`2024-01-01`, `2024/01/01`, `2024-01-01 10:15:00.5`,
  /// `2024-01-01T10:15:00Z`, `…+02:00`), or nil.
  static func parseDatetime(_ text: String) -> Int64? {
    TimestampParser.microseconds(text, dialect: .kusto)
  }

  /// Microseconds of a `timespan(...)` body: `2d`, `1.5h`, `15 seconds`, `2` (days), `0.12:34:56.7`, `12:34:56`.
  static func parseTimespan(_ text: String) -> Int64? {
    var body = text
    var sign: Int64 = 1
    if body.hasPrefix("-") {
      sign = -1
      body.removeFirst()
    }
    if body.contains(":") {
      var days: Int64 = 0
      var clock = Substring(body)
      if let dot = body.firstIndex(of: "."), let colon = body.firstIndex(of: ":"), dot < colon {
        guard let d = Int64(body[body.startIndex..<dot]) else { return nil }
        days = d
        clock = body[body.index(after: dot)...]
      }
      let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count >= 2, parts.count <= 3, let hours = Int64(parts[0]),
        let minutes = Int64(parts[1])
      else {
        return nil
      }
      var micro: Int64 = 0
      if parts.count == 3 {
        guard let seconds = Double(parts[2]) else { return nil }
        micro = Int64((seconds * 1_000_000).rounded())
      }
      return sign * (((days * 24 + hours) * 60 + minutes) * 60_000_000 + micro)
    }
    let trimmed = body.filter { $0 != " " }
    let digits = trimmed.prefix { $0.isNumber || $0 == "." }
    guard let amount = Double(digits) else { return nil }
    let unit = String(trimmed.dropFirst(digits.count)).lowercased()
    let perUnit = unit.isEmpty ? 86_400_000_000 : KQLLexer.timespanUnits[unit]
    guard let perUnit else { return nil }
    return sign * Int64((amount * perUnit).rounded())
  }

  /// The scalar elements of a flat JSON array (as rendered by the parser), or nil.
  static func jsonArrayElements(_ json: String) -> [Value]? {
    let bytes = Array(json.utf8)
    guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
    var values: [Value] = []
    var position = 1
    while position < bytes.count - 1 {
      let byte = bytes[position]
      if byte == UInt8(ascii: ",") {
        position += 1
        continue
      }
      if byte == UInt8(ascii: "\"") {
        var text: [UInt8] = []
        position += 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
          if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
            position += 1
            switch bytes[position] {
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
              guard position + 4 < bytes.count,
                let code = UInt32(
                  String(decoding: bytes[(position + 1)...(position + 4)], as: UTF8.self), radix: 16
                ),
                let scalar = Unicode.Scalar(code)
              else { return nil }
              text.append(contentsOf: Array(String(Character(scalar)).utf8))
              position += 4
            default: text.append(bytes[position])
            }
          } else {
            text.append(bytes[position])
          }
          position += 1
        }
        position += 1
        values.append(.string(String(decoding: text, as: UTF8.self)))
        continue
      }
      var end = position
      while end < bytes.count - 1, bytes[end] != UInt8(ascii: ",") { end += 1 }
      let token = String(decoding: bytes[position..<end], as: UTF8.self)
      switch token {
      case "true": values.append(.bool(true))
      case "false": values.append(.bool(false))
      case "null": return nil
      default:
        if let number = Int64(token) {
          values.append(.long(number))
        } else if let number = Double(token) {
          values.append(.real(number))
        } else {
          return nil
        }
      }
      position = end
    }
    return values
  }
}
