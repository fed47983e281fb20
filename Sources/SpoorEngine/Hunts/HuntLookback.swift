import Foundation

/// How far back a hunt's first scheduled run looks, before it has a watermark.
public enum HuntLookback: Sendable, Hashable, CustomStringConvertible {
  /// Every event already ingested (`lookback: all`).
  case all
  /// Events ingested within this interval before the first window's end (to the ingest transaction).
  case interval(HuntInterval)

  /// Parses `all` or an interval such as `7d`.
  public init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.lowercased() == "all" {
      self = .all
    } else if let interval = HuntInterval(parsing: trimmed) {
      self = .interval(interval)
    } else {
      return nil
    }
  }

  /// `all` or the interval's text.
  public var description: String {
    switch self {
    case .all: "all"
    case .interval(let interval): interval.description
    }
  }
}
