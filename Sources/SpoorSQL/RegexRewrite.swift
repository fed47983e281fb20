/// A replacement text in RE2's form (Kusto `replace_regex`, BigQuery `REGEXP_REPLACE`): literal text and
/// references to capture groups, `\0` the whole match, `\1`…`\9` a group, `\\` a backslash.
///
/// A backslash before any other character, or at the end, stays literal.
enum RegexRewrite {
  /// One part of a rewrite.
  enum Part: Hashable {
    /// Text copied as it is.
    case text(String)
    /// The text a capture group matched (0: the whole match); nothing when the pattern has no such group.
    case group(Int)
  }

  /// The parts of `rewrite`, adjacent text joined.
  static func parts(_ rewrite: String) -> [Part] {
    var parts: [Part] = []
    func append(_ text: String) {
      if case .text(let previous) = parts.last {
        parts[parts.count - 1] = .text(previous + text)
      } else {
        parts.append(.text(text))
      }
    }
    var iterator = rewrite.makeIterator()
    while let character = iterator.next() {
      guard character == "\\" else {
        append(String(character))
        continue
      }
      guard let next = iterator.next() else {
        append("\\")
        break
      }
      if let digit = next.wholeNumberValue, next.isASCII {
        parts.append(.group(digit))
      } else if next == "\\" {
        append("\\")
      } else {
        append("\\" + String(next))
      }
    }
    return parts
  }

  /// The rewrite in PostgreSQL's `regexp_replace` form (`\&` the whole match, `\\` a backslash).
  static func postgres(_ parts: [Part]) -> String {
    parts.map { part in
      switch part {
      case .text(let text):
        return text.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\\\")
      case .group(0): return "\\&"
      case .group(let number): return "\\" + String(number)
      }
    }.joined()
  }
}
