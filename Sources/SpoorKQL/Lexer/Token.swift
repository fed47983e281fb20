import SpoorDiagnostics

/// One lexical token of KQL text with its span and, for literals, its decoded value.
public struct Token: Hashable, Sendable {
  /// What the token is.
  public var kind: TokenKind
  /// Where it is, in UTF-8 bytes of the source.
  public var span: Span

  /// Creates a token.
  public init(kind: TokenKind, span: Span) {
    self.kind = kind
    self.span = span
  }

  /// The identifier or keyword text, when the token is one.
  public var word: String? {
    if case .identifier(let name) = kind { return name }
    return nil
  }

  /// True when the token is this punctuation symbol.
  public func isSymbol(_ symbol: String) -> Bool {
    if case .symbol(let text) = kind { return text == symbol }
    return false
  }

  /// True when the token is this identifier or keyword.
  public func isWord(_ text: String) -> Bool { word == text }

  /// The value of a bool literal: Kusto spells them `true`/`false`, `True`/`False` or `TRUE`/`FALSE`
  /// (BOOLEANLITERAL in microsoft/Kusto-Query-Language's grammar/KqlTokens.g4).
  public var booleanLiteral: Bool? {
    switch word {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }
}
