import SpoorDiagnostics

/// Every diagnostic the PostgreSQL emitter raises, with its stable `SQL-…` code.
///
/// Messages are written only here.
enum SQLDiagnostics {
  /// A scalar function the emitter cannot translate exactly (in general or with these argument types).
  private static func unsupportedFunction(_ name: String, detail: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U001"),
      message: "'\(name)' cannot be translated to PostgreSQL exactly: \(detail)", span: span)
  }

  /// A JSON path argument that is not made of plain members and indexes (`$.a.b[0]`).
  static func jsonPathNotPlain(_ function: String, path: String, at span: Span) -> Diagnostic {
    unsupportedFunction(function, detail: "JSON path '\(path)' is not a plain member/index path", at: span)
  }

  /// A `bag_has_key` key that is neither a member name nor a JSONPath of members.
  static func bagKeyNotPlain(_ key: String, at span: Span) -> Diagnostic {
    unsupportedFunction("bag_has_key", detail: "the key '\(key)' is not a plain member path", at: span)
  }

  /// `startofday(t, offset)` and its kin with their offset argument.
  static func offsetArgument(_ function: String, at span: Span) -> Diagnostic {
    unsupportedFunction(function, detail: "the offset argument is not supported", at: span)
  }

  /// A date part name (`datetime_diff`, `datetime_add`, `datetime_part`) Kusto does not define.
  static func unknownDatePart(_ function: String, part: String, at span: Span) -> Diagnostic {
    unsupportedFunction(function, detail: "unknown part '\(part)'", at: span)
  }

  /// A `parse_timestamp` format element Spoor has no translation for.
  static func timeFormatElement(_ element: String, at span: Span) -> Diagnostic {
    unsupportedFunction("parse_timestamp", detail: "the format element '\(element)' has no translation", at: span)
  }

  /// A `format_datetime` format with specifiers PostgreSQL's `to_char` has no equivalent for.
  static func formatNotReproducible(_ format: String, at span: Span) -> Diagnostic {
    unsupportedFunction(
      "format_datetime", detail: "format '\(format)' has specifiers to_char cannot reproduce", at: span)
  }

  /// `indexof_regex` with a start or a length and a pattern with anchors or word boundaries.
  static func indexOfRegexAssertions(at span: Span) -> Diagnostic {
    unsupportedFunction(
      "indexof_regex",
      detail: "a pattern with anchors or word boundaries (^, $, \\A, \\z, \\b, \\B) and a start or a length: Kusto "
        + "does not document whether they see the edges of the examined characters or of the whole text",
      at: span)
  }

  /// A `format_timespan` format with a run that is neither a format element nor a delimiter Kusto documents.
  static func timespanFormatElement(_ format: String, element: String, at span: Span) -> Diagnostic {
    unsupportedFunction(
      "format_timespan",
      detail:
        "format '\(format)' has '\(element)', which is neither a format element (d…dddddddd, h, hh, H, HH, m, mm, "
        + "s, ss, f…fffffff, F…FFFFFFF) nor a delimiter (space / - : , . _ [ ]) Kusto documents for format_timespan",
      at: span)
  }

  /// `bin()` called without its two arguments.
  static func binArguments(at span: Span) -> Diagnostic {
    unsupportedFunction("bin", detail: "expects two arguments", at: span)
  }

  /// `bin()` of a value that is neither a number nor a time.
  static func binType(_ type: String, at span: Span) -> Diagnostic {
    unsupportedFunction("bin", detail: "cannot bin a value of type \(type)", at: span)
  }

  /// An `incidr` range list that is not CIDR ranges.
  static func notCIDRList(_ list: String, at span: Span) -> Diagnostic {
    unsupportedFunction("incidr", detail: "'\(list)' is not a list of CIDR ranges", at: span)
  }

  /// A conversion between two column types that has no exact SQL.
  static func noExactConversion(from source: String, to target: String, at span: Span) -> Diagnostic {
    unsupportedFunction("to\(target)", detail: "no exact conversion from \(source) to \(target)", at: span)
  }

  /// The families of functions the emitter translates in separate places.
  enum FunctionFamily: String {
    case dynamic = "a dynamic function"
    case time = "a time function"
    case network = "a network function"
    case elementwise = "an element-wise function"
    case math = "a math function"
    case stringPredicate = "a string predicate"
    case string = "a string function"
    case parsing = "a parsing function"
    case xqlArray = "an XQL array function"
    case array = "an array function"
  }

  /// A function handed to the translator of another family: a plan bug.
  static func notInFamily(_ function: String, _ family: FunctionFamily, at span: Span) -> Diagnostic {
    unsupportedFunction(function, detail: "not \(family.rawValue)", at: span)
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

  /// `arg_max` without its key and value arguments.
  static func argMaxArguments(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("SQL-U004"),
      message: "aggregate 'arg_max' cannot be translated to PostgreSQL exactly: expects a key and a value",
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
