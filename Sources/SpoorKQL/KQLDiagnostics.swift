import SpoorDiagnostics

/// Every diagnostic the KQL front end reports, as factories with stable codes (`KQL-Pnnn` syntax,
/// `BIND-nnn` binding, `KQL-Unnn` unsupported).
///
/// Message text is written only here.
enum KQLDiagnostics {
  // MARK: Lexer and parser

  static func invalidToken(_ message: String, at span: Span) -> Diagnostic {
    Diagnostic(category: .syntax, code: DiagnosticCode("KQL-P001"), message: message, span: span)
  }

  static func expected(_ what: String, found: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("KQL-P002"),
      message: "expected \(what), found \(found)", span: span)
  }

  static func unknownOperator(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("KQL-P003"),
      message: "unknown tabular operator '\(name)'", span: span,
      help: help)
  }

  static func missingQuery(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("KQL-P004"),
      message: "expected a tabular expression after the let statements", span: span)
  }

  static func tooDeep(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("KQL-P005"),
      message: "expression nests too deeply (limit \(KQLParserState.maximumDepth) levels)",
      span: span)
  }

  // MARK: Binder

  static func unknownColumn(_ name: String, in relation: String, at span: Span, help: String?)
    -> Diagnostic
  {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-001"),
      message: "unknown column '\(name)' in \(relation)",
      span: span, help: help)
  }

  static func unknownTable(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-002"), message: "unknown table '\(name)'",
      span: span, help: help)
  }

  static func fuzzyUnionSkipped(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("KQL-W001"),
      message: "union isfuzzy=true leaves out '\(name)': no table or let of that name", span: span)
  }

  static func unknownFunction(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-003"), message: "unknown function '\(name)'",
      span: span,
      help: help)
  }

  static func argumentCount(_ name: String, expected: String, got: Int, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-004"),
      message: "function '\(name)' expects \(expected) argument(s), got \(got)", span: span)
  }

  static func typeMismatch(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-005"), message: message, span: span, help: help)
  }

  static func invalidLiteral(_ message: String, at span: Span) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-006"), message: message, span: span)
  }

  static func unknownTimeZone(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-015"),
      message: "unknown time zone '\(name)' (an IANA name such as 'Europe/Paris' or 'UTC')", span: span, help: help)
  }

  static func expectedConstant(_ what: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-007"), message: "\(what) must be a constant",
      span: span)
  }

  static func notTabular(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-008"),
      message: "'\(name)' is not a tabular expression",
      span: span)
  }

  static func queryNotTabular(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-014"),
      message:
        "a query must end with a tabular expression such as a table name; use 'print' for a single value",
      span: span)
  }

  static func notScalar(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-009"),
      message: "a tabular expression cannot be used as a scalar value here", span: span)
  }

  static func duplicateColumn(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-010"),
      message: "column '\(name)' is defined twice",
      span: span)
  }

  static func notAggregate(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-011"),
      message:
        "'\(name)' is not an aggregate function; summarize needs one such as count() or dcount(x)",
      span: span)
  }

  static func aggregateOutsideSummarize(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-012"),
      message: "aggregate function '\(name)' can only be used in summarize", span: span)
  }

  static func invalidJoinKey(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-013"),
      message: "join keys must be column names or $left.a == $right.b", span: span)
  }

  // MARK: Unsupported and notes

  static func unsupported(_ feature: String, at span: Span, note: String? = nil) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("KQL-U001"),
      message: "\(feature) is not supported: it cannot be translated to PostgreSQL faithfully",
      span: span,
      notes: note.map { [$0] } ?? [])
  }

  static func renderNotDrawnByCLI(at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("KQL-N001"),
      message: "render changes no row: the CLI prints the rows, the console of `spoor serve` draws the chart",
      span: span)
  }

  static func visualizationDrawnAs(_ name: String, _ drawn: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("KQL-N015"),
      message: "the console draws '\(name)' as \(drawn)", span: span)
  }

  static func unknownVisualization(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-040"), message: "unknown visualization '\(name)'",
      span: span, help: help)
  }

  static func unknownRenderProperty(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-041"), message: "unknown render property '\(name)'",
      span: span, help: help)
  }

  static func hintIgnored(_ hint: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("KQL-N002"),
      message: "join hint '\(hint)' is ignored (PostgreSQL plans joins itself)", span: span)
  }

  static func setIgnored(_ option: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("KQL-N003"),
      message: "query option '\(option)' is ignored", span: span)
  }

  /// `array_shift_left`/`array_shift_right` without a fill value: the documented default depends on an array type
  /// that Kusto's dynamic arrays do not have.
  static func shiftWithoutFill(_ function: String, at span: Span) -> Diagnostic {
    unsupported(
      "\(function) without a fill value", at: span,
      note:
        "Kusto documents the default fill as \"null value or empty string (depending on the arr type)\" without "
        + "saying how a dynamic array's type is decided; give the fill value as the third argument")
  }

  /// `bag_set_key` with a JSONPath of more than one member.
  static func bagSetKeyPath(at span: Span) -> Diagnostic {
    unsupported(
      "bag_set_key with a nested JSONPath", at: span,
      note:
        "Kusto documents that missing levels are created but not what happens when a level on the path holds a "
        + "value that is not a property bag")
  }

  /// `top-nested … with others = value`.
  static func topNestedOthers(at span: Span) -> Diagnostic {
    unsupported(
      "top-nested's 'with others' row", at: span,
      note:
        "Kusto documents the others row only by example, not which value columns it leaves empty below it; "
        + "leave 'with others' out, or compute the remainder with a separate summarize")
  }

  /// An `externaldata` `ingestionMapping` other than a JSON mapping of each column from its own property.
  static func externalDataMapping(at span: Span) -> Diagnostic {
    unsupported(
      "externaldata's ingestionMapping", at: span,
      note:
        "Spoor maps CSV, TSV and TXT fields by position and JSON properties by column name; a JSON mapping is "
        + "accepted when it maps every declared column from the property of its name ($.Column)")
  }
}
