/// A regular expression feature that PostgreSQL's ARE dialect cannot express exactly.
public struct RegexTranslationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is unsupported, for the diagnostic (e.g. "Unicode class \\pL").
  public var message: String
  /// The offset of the offending construct in the pattern, in Unicode scalars.
  public var offset: Int

  /// Creates an error.
  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }

  public var description: String { "\(message) (at offset \(offset))" }
}
