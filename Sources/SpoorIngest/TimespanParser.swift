/// Parses Kusto/.NET timespans (`[-][d.]hh:mm:ss[.fffffff]`) into PostgreSQL interval input.
enum TimespanParser {
  /// `[-]D days hh:mm:ss.ffffff`, or nil when `text` is not a timespan.
  static func postgresInterval(_ text: String) -> String? {
    var rest = Substring(text)
    var negative = false
    if rest.first == "-" {
      negative = true
      rest.removeFirst()
    }
    let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var days = 0
    var hourText = parts[0]
    if let dot = hourText.firstIndex(of: ".") {
      guard let d = Int(hourText[..<dot]), d >= 0 else { return nil }
      days = d
      hourText = hourText[hourText.index(after: dot)...]
    }
    var secondText = parts[2]
    var fraction = ""
    if let dot = secondText.firstIndex(of: ".") {
      fraction = String(secondText[secondText.index(after: dot)...])
      secondText = secondText[..<dot]
      guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    }
    guard hourText.count == 2 || hourText.count == 1, parts[1].count == 2, secondText.count == 2,
      let hours = Int(hourText), let minutes = Int(parts[1]), let seconds = Int(secondText),
      hours <= 23, minutes <= 59, seconds <= 59
    else { return nil }
    let sign = negative ? "-" : ""
    let clock = "\(hours):\(minutes < 10 ? "0" : "")\(minutes):\(seconds < 10 ? "0" : "")\(seconds)"
    return "\(sign)\(days) days \(sign)\(clock)" + (fraction.isEmpty ? "" : ".\(fraction)")
  }
}
