/// The kinds of KQL token; literal kinds carry their decoded value.
public enum TokenKind: Hashable, Sendable {
  /// A name or keyword, including operator words such as `!contains`, `in~`, `project-away` and `$left`.
  case identifier(String)
  /// A string literal after escape processing (adjacent literals are joined by the parser).
  case string(String)
  /// An integer literal.
  case long(Int64)
  /// A real literal.
  case real(Double)
  /// A timespan literal such as `1d` or `30m`, in microseconds.
  case timespan(microseconds: Int64)
  /// A literal written as `type(raw text)`: `datetime(2024-01-01)`, `timespan(1.02:03:04)`, `guid(...)`.
  case typedLiteral(typeName: String, text: String)
  /// Punctuation or an operator symbol: `|`, `(`, `==`, `=~`, `..`, ….
  case symbol(String)
  /// Text that is not a token; the message says why.
  case invalid(String)
  /// The end of the text.
  case end
}
