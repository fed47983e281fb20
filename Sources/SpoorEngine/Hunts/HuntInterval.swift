import Foundation

/// A length of time written the way hunt files and the CLI write it: `30s`, `15m`, `1h`, `7d`, `1h30m`.
public struct HuntInterval: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The length in seconds (always positive).
  public var seconds: Int64

  /// Creates an interval of a positive number of seconds.
  public init(seconds: Int64) {
    precondition(seconds > 0, "an interval is positive")
    self.seconds = seconds
  }

  /// Parses `<number><unit>` groups (units `s`, `m`, `h`, `d`, `w`), e.g. `15m` or `1h30m`; `nil` when the text
  /// is not such a duration or is zero.
  public init?(parsing text: String) {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
    var total: Int64 = 0
    var digits = ""
    var sawGroup = false
    for character in text.trimmingCharacters(in: .whitespaces) {
      if character.isASCII, character.isNumber {
        digits.append(character)
      } else if let unit = units[character], let number = Int64(digits) {
        let (product, productOverflow) = number.multipliedReportingOverflow(by: unit)
        let (sum, sumOverflow) = total.addingReportingOverflow(product)
        guard !productOverflow, !sumOverflow else { return nil }
        total = sum
        digits = ""
        sawGroup = true
      } else {
        return nil
      }
    }
    guard sawGroup, digits.isEmpty, total > 0 else { return nil }
    self.seconds = total
  }

  /// The interval in microseconds.
  public var microseconds: Int64 { seconds * 1_000_000 }

  /// The shortest text that parses back to this interval, e.g. `1h30m`.
  public var description: String {
    var rest = seconds
    var text = ""
    for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
      text += "\(rest / size)\(unit)"
      rest %= size
    }
    return text
  }

  /// Orders intervals by length.
  public static func < (lhs: HuntInterval, rhs: HuntInterval) -> Bool { lhs.seconds < rhs.seconds }
}
