import ArgumentParser

/// A duration on the command line: `30s`, `5m`, `24h`, `7d`, `500ms`, or plain seconds.
struct DurationArgument: ExpressibleByArgument, Sendable {
  /// The duration in microseconds.
  var microseconds: Int64

  init?(argument: String) {
    let units: [(String, Int64)] = [("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000)]
    for (suffix, scale) in units where argument.hasSuffix(suffix) {
      let number = argument.dropLast(suffix.count)
      guard let value = Double(number), value >= 0 else { return nil }
      microseconds = Int64(value * Double(scale))
      return
    }
    guard let seconds = Double(argument), seconds >= 0 else { return nil }
    microseconds = Int64(seconds * 1_000_000)
  }

  /// The duration in whole milliseconds.
  var milliseconds: Int { Int(microseconds / 1_000) }
}
