/// A regular expression feature that PostgreSQL's ARE dialect cannot express exactly, or why the pattern is not
/// valid RE2.
public struct RegexTranslationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is unsupported or wrong, for the diagnostic, such as "Unicode class \\pL".
  public var message: String
  /// The offset of the offending construct in the pattern, in Unicode scalars.
  public var offset: Int
  /// True when the pattern is not valid RE2 at all (an unbalanced parenthesis, a repetition of nothing), rather
  /// than valid RE2 that ARE cannot express.
  public var isInvalidPattern: Bool

  /// Creates an error.
  public init(message: String, offset: Int, isInvalidPattern: Bool = false) {
    self.message = message
    self.offset = offset
    self.isInvalidPattern = isInvalidPattern
  }

  public var description: String { "\(message) (at offset \(offset))" }
}
