/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable {
  case error
  case warning
  case note
}

/// What kind of problem a diagnostic reports; `unsupported` and `bug` are kept apart from user mistakes.
public enum DiagnosticCategory: String, Sendable, Hashable, Codable {
  /// The text does not follow the grammar.
  case syntax
  /// A name, type or argument is wrong.
  case semantic
  /// The construct is valid in the source language but cannot be translated faithfully.
  case unsupported
  /// Spoor itself failed; the message blames Spoor, not the user.
  case bug
}

/// A stable diagnostic code such as `KQL-P001` or `BIND-003`.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible, Codable {
  /// The code text.
  public let rawValue: String
  /// Creates a code.
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
}

/// One problem found in a query, anchored at a span of its source.
public struct Diagnostic: Hashable, Sendable, Error {
  /// Error, warning or note.
  public var severity: Severity
  /// Syntax, semantic, unsupported or bug.
  public var category: DiagnosticCategory
  /// A stable code.
  public var code: DiagnosticCode
  /// A one-line message.
  public var message: String
  /// Where the problem is.
  public var span: Span
  /// Extra lines printed after the caret.
  public var notes: [String]
  /// A suggested fix, printed as `help: …` (for example "did you mean 'FileName'?").
  public var help: String?

  /// Creates a diagnostic.
  public init(
    severity: Severity = .error,
    category: DiagnosticCategory,
    code: DiagnosticCode,
    message: String,
    span: Span,
    notes: [String] = [],
    help: String? = nil
  ) {
    self.severity = severity
    self.category = category
    self.code = code
    self.message = message
    self.span = span
    self.notes = notes
    self.help = help
  }

  /// True when the diagnostic is an error (as opposed to a warning or note).
  public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
  /// True when any element is an error.
  public var containsErrors: Bool { contains { $0.isError } }
}
