import SpoorDiagnostics

/// Every diagnostic the PostgreSQL emitter raises, with its stable `SQL-…` code.
enum SQLDiagnostics {
  /// A scalar function the emitter cannot translate exactly (in general or with these argument types).
  static func unsupportedFunction(_ name: String, detail: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U001"),
      message: "'\(name)' cannot be translated to PostgreSQL exactly: \(detail)", span: span)
  }

  /// An argument that must be a constant (a pattern, a format, a part name) is computed.
  static func nonConstantArgument(_ name: String, argument: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U002"),
      message: "'\(name)' needs a constant \(argument) to be translated to PostgreSQL", span: span)
  }

  /// A regular expression using a feature PostgreSQL's ARE engine lacks.
  static func unsupportedRegex(_ error: RegexTranslationError, at span: Span) -> Diagnostic {
    if error.isInvalidPattern {
      return Diagnostic(
        category: .semantic, code: DiagnosticCode("SQL-E001"), message: "invalid regex: \(error.message)", span: span,
        notes: ["the pattern is RE2 syntax, which Kusto and XQL both use"])
    }
    return Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U003"),
      message: "unsupported regex feature: \(error.message)", span: span,
      notes: [
        "the pattern is RE2 syntax; PostgreSQL runs its own ARE dialect, which lacks this feature"
      ])
  }

  /// An aggregate the emitter cannot translate exactly.
  static func unsupportedAggregate(_ name: String, detail: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U004"),
      message: "aggregate '\(name)' cannot be translated to PostgreSQL exactly: \(detail)",
      span: span)
  }

  /// A plan that refers to a column its input does not have: a binder bug, not a user mistake.
  static func unknownColumn(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .bug, code: DiagnosticCode("SQL-B001"),
      message: "internal error: the plan refers to column '\(name)', which its input does not have",
      span: span,
      notes: ["this is a bug in Spoor, not in the query; please report it with the query text"])
  }
}
