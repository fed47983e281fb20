import SpoorPlan
import SpoorXQL

/// Decides whether query text is KQL or XQL when neither a flag nor a file extension says.
public enum LanguageDetector {
  /// The language of a file, from its extension (`.kql`, `.xql`), or nil.
  public static func language(ofPath path: String) -> QueryLanguage? {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".kql") || lowered.hasSuffix(".csl") || lowered.hasSuffix(".kusto") { return .kql }
    if lowered.hasSuffix(".xql") { return .xql }
    return nil
  }

  /// XQL when the text reads like XQL (`dataset =`, `preset =`, `config …`, XQL stages), KQL otherwise.
  public static func detect(_ text: String) -> QueryLanguage {
    XQLDetector.looksLikeXQL(text) ? .xql : .kql
  }
}
