import ArgumentParser
import SpoorEngine

/// A duration on the command line, in the grammar hunt files use (``IntervalText``): `500ms`, `30s`, `5m`,
/// `1h30m`, `7d`; a bare number is seconds.
struct DurationArgument: ExpressibleByArgument, Sendable {
  /// The duration in microseconds.
  var microseconds: Int64
  /// The text it was written as, shown as the default in `--help`.
  var text: String

  init?(argument: String) {
    text = argument
    if let microseconds = IntervalText.microseconds(argument) {
      self.microseconds = microseconds
    } else if let seconds = Double(argument), seconds >= 0, seconds < Double(Int64.max / 1_000_000) {
      self.microseconds = Int64((seconds * 1_000_000).rounded())
    } else {
      return nil
    }
  }

  var defaultValueDescription: String { text }

  /// The duration in whole milliseconds.
  var milliseconds: Int { Int(microseconds / 1_000) }

  /// The duration in seconds.
  var seconds: Double { Double(microseconds) / 1_000_000 }
}
