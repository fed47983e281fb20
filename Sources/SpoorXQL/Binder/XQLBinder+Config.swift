import SpoorCatalog
import SpoorDiagnostics
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
    let parts = text.split(separator: " ")
    guard parts.count == 2 || parts.count == 3 else { return nil }
    let date = parts[0].split(separator: "-").compactMap { Int64($0) }
    let time = parts[1].split(separator: ":").compactMap { Int64($0) }
    guard date.count == 3, time.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]),
      (0...23).contains(time[0]), (0...59).contains(time[1]), (0...59).contains(time[2])
    else { return nil }
    var offsetSeconds: Int64 = 0
    if parts.count == 3 {
      let zone = parts[2]
      guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
        let hhmm = Int64(zone.dropFirst()), hhmm % 100 < 60
      else { return nil }
      offsetSeconds = (hhmm / 100 * 3600 + hhmm % 100 * 60) * (sign == "-" ? -1 : 1)
    }
    // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
    let year = date[1] <= 2 ? date[0] - 1 : date[0]
    let era = (year >= 0 ? year : year - 399) / 400
    let yearOfEra = year - era * 400
    let monthIndex = date[1] > 2 ? date[1] - 3 : date[1] + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + date[2] - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    let seconds = days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2] - offsetSeconds
    return seconds * 1_000_000
  }
}
