import Foundation

/// The one grammar for lengths of time that people write, in hunt files and on the command line: groups of
/// `<number><unit>`, for example `500ms`, `30s`, `15m`, `1h30m`, `1.5h`, `7d`, `2w`.
public enum IntervalText {
  /// Microseconds per unit; `ms` is matched before `m`.
  private static let units: [(suffix: String, microseconds: Double)] = [
    ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000),
    ("w", 604_800_000_000),
  ]

  /// The length of `text` in microseconds, or nil when it is not made of `<number><unit>` groups (surrounding
  /// spaces are ignored).
  ///
  /// Numbers are decimal and may have a fraction; zero is a valid length.
  public static func microseconds(_ text: String) -> Int64? {
    var rest = Substring(text.trimmingCharacters(in: .whitespaces))
    guard !rest.isEmpty else { return nil }
    var total = 0.0
    while !rest.isEmpty {
      let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
      guard let value = Double(number) else { return nil }
      rest = rest.dropFirst(number.count)
      guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
      rest = rest.dropFirst(unit.suffix.count)
      total += value * unit.microseconds
    }
    guard total < Double(Int64.max) else { return nil }
    return Int64(total.rounded())
  }
}
