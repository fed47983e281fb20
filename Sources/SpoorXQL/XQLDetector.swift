import SpoorDiagnostics

/// Guesses whether query text is XQL rather than KQL.
public enum XQLDetector {
  /// Stages that exist in XQL but not in KQL.
  static let xqlOnlyStages: Set<String> = ["filter", "fields", "alter", "comp", "dedup", "arrayexpand", "iploc"]

  /// True when the text starts (after comments) with `dataset =`, `preset =`, `dataset in` or `config …`, or has a
  /// `| filter`, `| fields`, `| alter` or `| comp` stage.
  public static func looksLikeXQL(_ text: String) -> Bool {
    let tokens = XQLLexer.tokenize(.init(name: "<detect>", text: text)).tokens
    guard let first = tokens.first else { return false }
    let second = tokens.count > 1 ? tokens[1] : first
    if first.isKeyword("config"), second.kind == .identifier { return true }
    if first.isKeyword("dataset") || first.isKeyword("preset") || first.isKeyword("cold_dataset") {
      if second.kind == .equal || second.isKeyword("in") { return true }
    }
    for (index, token) in tokens.enumerated() where token.kind == .pipe && index + 1 < tokens.count {
      let next = tokens[index + 1]
      if next.kind == .identifier, xqlOnlyStages.contains(next.text.lowercased()) { return true }
    }
    return false
  }
}
