/// A length of time written the way hunt files and the CLI write it: `30s`, `15m`, `1h`, `7d`, `1h30m`.
public struct HuntInterval: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The length in seconds (always positive).
  public var seconds: Int64

  /// Creates an interval of a positive number of seconds.
  public init(seconds: Int64) {
    precondition(seconds > 0, "an interval is positive")
    self.seconds = seconds
  }

  /// Parses a positive whole number of seconds written as ``IntervalText`` (for example `15m`, `1h30m`); `nil` when the
  /// text is not such a duration, is zero, or has a fraction of a second.
  public init?(parsing text: String) {
    guard let microseconds = IntervalText.microseconds(text), microseconds > 0, microseconds % 1_000_000 == 0 else {
      return nil
    }
    self.seconds = microseconds / 1_000_000
  }

  /// The interval in microseconds.
  public var microseconds: Int64 { seconds * 1_000_000 }

  /// The shortest text that parses back to this interval, for example `1h30m`.
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
