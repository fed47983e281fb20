import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension XQLBinder {
  /// Applies one `config` option.
  mutating func apply(_ config: XQLConfig, to options: inout XQLOptions) {
    switch config {
    case .caseSensitive(let value):
      options.caseSensitive = value
    case .timeframeLast(let duration):
      guard let lower = relativeTime(duration) else { return }
      options.timeframe = XQLTimeWindow(lower: lower, upper: nil)
    case .timeframeBetween(let from, let to):
      guard let lower = timeBound(from), let upper = timeBound(to) else { return }
      options.timeframe = XQLTimeWindow(lower: lower, upper: upper)
    case .other:
      break
    }
  }

  /// `now` moved by a signed duration (`config timeframe = 7d` means 7 days back).
  mutating func relativeTime(_ duration: XQLDuration, past: Bool = true) -> ScalarExpression? {
    let now = ScalarExpression.call(.now, [], type: .datetime)
    let amount = past ? -abs(duration.amount) : duration.amount
    let microsecondsPerUnit: [String: Int64] = [
      "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000, "w": 604_800_000_000,
    ]
    if let perUnit = microsecondsPerUnit[duration.unit] {
      let (product, overflow) = amount.multipliedReportingOverflow(by: perUnit)
      if overflow {
        report(XQLDiagnostics.invalidDuration("\(duration.amount)\(duration.unit)", duration.span))
        return nil
      }
      return .call(.add, [now, .literal(.timespan(microseconds: product))], type: .datetime)
    }
    let part = duration.unit == "mo" ? "month" : "year"
    return .call(.datetimeAdd, [.literal(.string(part)), .literal(.long(amount)), now], type: .datetime)
  }

  /// One bound of `config timeframe between "a" and "b"`.
  mutating func timeBound(_ bound: XQLName) -> ScalarExpression? {
    let text = XQLParser.trimmed(bound.text)
    switch text.lowercased() {
    case "now": return .call(.now, [], type: .datetime)
    case "begin": return .literal(.datetime(microseconds: 0))
    default: break
    }
    if let duration = XQLParser.duration(text, span: bound.span) {
      return relativeTime(duration, past: !text.hasPrefix("+"))
    }
    if let microseconds = Self.absoluteTime(text) { return .literal(.datetime(microseconds: microseconds)) }
    report(XQLDiagnostics.invalidTimeframe(bound.text, bound.span))
    return nil
  }

  /// Microseconds since the epoch of `YYYY-MM-DD HH:MM:SS [±hhmm]` (UTC when no offset is given).
  static func absoluteTime(_ text: String) -> Int64? {
    // Cortex's shape (seconds required, the zone after a space, as ±hhmm); the reading is the shared ISO 8601 one.
    let parts = text.split(separator: " ")
    guard parts.count == 2 || parts.count == 3, parts[1].split(separator: ":").count == 3,
      parts[1].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }),
      parts.count == 2 || (parts[2].count == 5 && parts[2].dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    else { return nil }
    return TimestampParser.microseconds(text)
  }
}
