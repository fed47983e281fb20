/// Suggests the closest known names for a misspelt one ("did you mean …").
public enum NameSuggester {
  /// Candidates closest to `name`: an exact case-insensitive match first, otherwise up to three names within
  /// a Damerau-Levenshtein distance of max(2, length/3), nearest first.
  public static func suggestions(for name: String, among candidates: [String]) -> [String] {
    let lowered = name.lowercased()
    if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return [exact] }
    let limit = max(2, name.count / 3)
    let scored = candidates.compactMap { candidate -> (String, Int)? in
      let distance = damerauLevenshtein(lowered, candidate.lowercased(), limit: limit)
      return distance <= limit ? (candidate, distance) : nil
    }
    let sorted = scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    guard let best = sorted.first else { return [] }
    let clearlyBest = sorted.count == 1 || sorted[1].1 > best.1
    return clearlyBest ? [best.0] : Array(sorted.prefix(3).map(\.0))
  }

  /// A `help:` text for the suggestions, or nil when there are none.
  public static func help(for name: String, among candidates: [String]) -> String? {
    let found = suggestions(for: name, among: candidates)
    switch found.count {
    case 0: return nil
    case 1: return "did you mean '\(found[0])'?"
    default: return "did you mean one of " + found.map { "'\($0)'" }.joined(separator: ", ") + "?"
    }
  }

  /// The optimal-string-alignment distance, giving up early once every path exceeds `limit`.
  public static func damerauLevenshtein(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return limit + 1 }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
