import SpoorDiagnostics

/// Every diagnostic the XQL front end raises, with its stable code.
///
/// Messages are written only here.
///
/// Codes: `XQL-P…` lexer and parser, `XQL-B…` binder, `XQL-U…` recognised but not translatable.
public enum XQLDiagnostics {
  // MARK: Lexer and parser

  static func unterminatedString(_ span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P001"), message: "unterminated string literal", span: span,
      notes: ["XQL \"...\" strings are raw: a backslash does not escape the closing quote"])
  }

  static func unterminatedComment(_ span: Span) -> Diagnostic {
    Diagnostic(category: .syntax, code: DiagnosticCode("XQL-P002"), message: "unterminated /* comment", span: span)
  }

  static func unexpectedCharacter(_ text: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P003"), message: "unexpected character '\(text)'", span: span,
      help: text == "`"
        ? "a back-ticked field name closes on the same line (`name`); a string value goes in \"…\"" : nil)
  }

  static func expected(_ what: String, found: XQLToken) -> Diagnostic {
    let shown = found.kind == .endOfInput ? "end of query" : "'\(found.text)'"
    return Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P004"), message: "expected \(what), found \(shown)", span: found.span
    )
  }

  static func unknownStage(_ name: XQLName, help: String?) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P005"), message: "unknown stage '\(name.text)'", span: name.span,
      help: help)
  }

  static func invalidNumber(_ text: String, _ span: Span) -> Diagnostic {
    Diagnostic(category: .syntax, code: DiagnosticCode("XQL-P006"), message: "invalid number '\(text)'", span: span)
  }

  static func invalidDuration(_ text: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P007"),
      message: "invalid duration '\(text)'; expected a number and a unit (MS, S, M, H, D, W, MO, Y)", span: span)
  }

  static func trailingText(_ token: XQLToken) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P008"),
      message: "unexpected '\(token.text)' after the end of the stage", span: token.span,
      help: "stages are separated by '|'")
  }

  // MARK: Binder

  /// The code of ``unknownField(_:_:help:)``.
  static let unknownFieldCode = DiagnosticCode("XQL-B001")

  static func unknownField(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(category: .semantic, code: unknownFieldCode, message: "unknown field '\(name)'", span: span, help: help)
  }

  static func unknownDataset(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B002"), message: "unknown dataset '\(name)'", span: span,
      help: help)
  }

  static func presetAsDataset(_ name: String, _ span: Span) -> Diagnostic {
    unknownDataset(name, span, help: "'\(name.lowercased())' is a preset: write `preset = \(name.lowercased())`")
  }

  static func emptyRawDataset(_ name: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("XQL-W001"),
      message: "dataset '\(name)' has no data yet: it reads as an empty raw dataset, so the query returns no rows",
      span: span,
      help: "load its records with `spoor ingest --dataset \(name) FILE` (NDJSON, one record a line); fields then bind "
        + "by name")
  }

  static func emptyPreset(_ name: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("XQL-W002"),
      message: "preset '\(name)' is not one of the documented xdr_data presets and has no data yet: it reads as an "
        + "empty raw dataset, so the query returns no rows",
      span: span,
      help: "load its records with `spoor ingest --dataset \(name) FILE` (NDJSON, one record a line); fields then bind "
        + "by name")
  }

  static func unknownPreset(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B003"), message: "unknown preset '\(name)'", span: span, help: help
    )
  }

  static func unknownTimeZone(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B015"),
      message: "unknown time zone '\(name)' (a UTC offset such as \"+03:00\" or an IANA name such as \"Europe/Paris\")",
      span: span, help: help)
  }

  static func unknownFunction(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B004"), message: "unknown function '\(name)'", span: span,
      help: help)
  }

  static func argumentCount(_ name: String, expected: String, found: Int, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B005"),
      message: "'\(name)' takes \(expected) argument\(expected == "1" ? "" : "s"), found \(found)", span: span)
  }

  static func typeMismatch(_ message: String, _ span: Span, help: String? = nil) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("XQL-B006"), message: message, span: span, help: help)
  }

  static func unknownEnumConstant(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B007"), message: "unknown ENUM constant '\(name)'", span: span,
      help: help)
  }

  static func enumOfUnknownSet(_ name: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("XQL-W003"),
      message: "ENUM.\(name) is no ENUM constant of Spoor's reference, which does not list this dataset's ENUM "
        + "values: it compares as the text '\(name)'",
      span: span,
      help: "check the stored values of the field this is compared with (`comp count() by FIELD`)")
  }

  static func unboundParameter(_ name: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B022"),
      message: "query parameter '$\(name)' has no value", span: span,
      help: "give it a value, a string (`--param \(name)=VALUE`, or `parameters` in an API request)")
  }

  static func placeholderParameter(_ name: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("XQL-W004"),
      message: "query parameter '$\(name)' has no value: checked with an empty string in its place", span: span,
      help: "`--param \(name)=VALUE` gives it a value")
  }

  static func misplacedSource(_ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B008"),
      message: "the data source (dataset or preset) must be the first stage after config", span: span)
  }

  static func misplacedConfig(_ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B009"),
      message: "config stages must come before every other stage",
      span: span)
  }

  static func invalidTimeframe(_ text: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B010"),
      message:
        "invalid timeframe bound '\(text)'; expected \"now\", \"begin\", a duration such as \"-7d\" or \"YYYY-MM-DD HH:MM:SS [+hhmm]\"",
      span: span)
  }

  static func unknownAggregate(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B011"), message: "unknown comp function '\(name)'", span: span,
      help: help)
  }

  static func unknownAlias(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B012"), message: "'\(name)' is not a join alias in scope",
      span: span,
      help: help)
  }

  static func invalidOption(_ message: String, _ span: Span) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("XQL-B013"), message: message, span: span)
  }

  static func missingTimeField(_ what: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B014"),
      message: "\(what) needs the _time field, which is not in scope here", span: span)
  }

  // MARK: Unsupported

  static func xdmField(_ path: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U004"),
      message: "'\(path)' is a field of the Cortex Data Model (XDM), which Spoor does not support",
      span: span,
      help: "XDM fields come from Cortex's data-model rules, which Spoor has no copy of: query the dataset's own "
        + "fields (dataset = xdr_data, microsoft_windows_raw, ...)")
  }

  static func unsupportedStage(_ name: String, _ span: Span) -> Diagnostic {
    let reason = XQLParser.unsupportedStages[name.lowercased()].map { ": " + $0 } ?? ""
    return Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U001"),
      message: "the '\(name)' stage is valid XQL but Spoor cannot translate it" + reason, span: span)
  }

  static func viewIgnored(_ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("XQL-N001"),
      message: "view is ignored: it changes how Cortex shows results, not which rows there are", span: span)
  }

  static func viewGraphNotDrawnByCLI(_ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("XQL-N015"),
      message: "view graph changes no row: the CLI prints the rows, the console of `spoor serve` draws the chart",
      span: span)
  }

  static func graphDrawnAsTable(_ type: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("XQL-N016"),
      message: "the console draws no '\(type)' graph; it shows the rows as a table", span: span)
  }

  static func graphWithoutType(_ span: Span) -> Diagnostic {
    Diagnostic(
      category: .syntax, code: DiagnosticCode("XQL-P040"),
      message: "view graph needs 'type = …' (column, line, pie, …)",
      span: span)
  }

  static func unknownGraphType(_ type: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B040"), message: "unknown graph type '\(type)'", span: span,
      help: help)
  }

  static func unknownStoredQuery(_ name: String, _ span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B020"),
      message: "no stored query named '\(name)' in the hunt library", span: span, help: help)
  }

  static func storedQueryFails(_ name: String, _ first: Diagnostic?, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B021"),
      message: "the stored query '\(name)' does not translate" + (first.map { ": " + $0.message } ?? ""), span: span)
  }

  static func unsupportedFunction(_ name: String, _ span: Span, reason: String? = nil, help: String? = nil)
    -> Diagnostic
  {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U002"),
      message: "the function '\(name)' is valid XQL but Spoor cannot translate it" + (reason.map { ": " + $0 } ?? ""),
      span: span, help: help)
  }

  /// The help of a refused `json_path_extract` whose path has only keys and indexes, which json_extract reads.
  static func jsonPathExtractInstead(_ path: String) -> String {
    "json_extract(value, \"\(path)\") reads this path of keys and indexes (JSON text); json_extract_scalar its "
      + "plain text"
  }

  static func jsonKeyWithQuote(_ span: Span) -> Diagnostic {
    unsupported("a JSON key holding a quote", span)
  }

  /// `now() - 10d`: durations exist only in `config timeframe` and `bin … span`.
  static func durationInExpression(_ text: String, _ span: Span) -> Diagnostic {
    unsupported(
      "a duration ('\(text)') in an expression (XQL has no timestamp arithmetic: set config timeframe, or "
        + "compare timestamp_diff(current_time(), _time, \"DAY\") with a number)", span)
  }

  /// `comp … addrawdata = true`: the raw events it adds have no documented shape.
  static func addRawDataTrue(_ span: Span) -> Diagnostic {
    unsupported("'addrawdata = true' (the shape of the raw events it adds is not documented)", span)
  }

  static func tooDeep(_ span: Span) -> Diagnostic {
    unsupported("nesting deeper than \(XQLParser.maximumDepth) levels", span)
  }

  static func unsupported(_ what: String, _ span: Span) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U003"), message: "\(what) is not supported", span: span)
  }

  /// A word other query languages use as an operator (`startswith`, `endswith`) where XQL has none.
  static func notAnXQLOperator(_ word: String, _ span: Span) -> Diagnostic {
    let pattern = word.lowercased() == "startswith" ? "\"prefix*\"" : "\"*suffix\""
    return Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U005"),
      message: "'\(word)' is not an XQL operator (Palo Alto's supported operators have no such word)", span: span,
      help: "write field = \(pattern) (a wildcard), or a regular expression with ~=")
  }

  /// A function other query languages have that XQL's function reference does not, with its XQL counterpart.
  static func notAnXQLFunction(_ name: String, _ span: Span, instead: String) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U006"),
      message: "'\(name)' is not in Palo Alto's XQL function reference", span: span, help: instead)
  }

  /// `dataset = panw_ngfw_*`: Palo Alto documents `dataset = <name>` and `dataset in (<name>, …)`, no patterns.
  static func datasetPattern(_ pattern: String, _ span: Span, matches: [String]) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("XQL-U007"),
      message: "a dataset name pattern ('\(pattern)') is not supported: Palo Alto documents dataset = <name> and "
        + "dataset in (<name>, …) only",
      span: span,
      help: matches.isEmpty
        ? "no dataset matches it" : "name the datasets: dataset in (\(matches.joined(separator: ", ")))")
  }

  // MARK: Messages of the binder, each written once

  static func nullComparison(_ span: Span) -> Diagnostic {
    typeMismatch("null can only be tested with '=' or '!='", span)
  }

  static func booleanOrdering(_ span: Span) -> Diagnostic {
    typeMismatch("booleans can only be compared with '=' or '!='", span)
  }

  static func booleanComparand(_ span: Span) -> Diagnostic {
    typeMismatch("a boolean field can only be compared with true, false, \"true\" or \"false\"", span)
  }

  static func timestampComparand(_ span: Span) -> Diagnostic {
    typeMismatch("a timestamp can only be compared with a timestamp, a date string or epoch milliseconds", span)
  }

  /// `right` is a type name or the value as written.
  static func cannotCompare(_ left: Expectation, with right: String, _ span: Span) -> Diagnostic {
    typeMismatch("cannot compare \(left.rawValue) with \(right)", span)
  }

  static func inListType(_ subject: String, _ item: String, _ span: Span) -> Diagnostic {
    typeMismatch("cannot compare \(subject) with \(item) in 'in'", span)
  }

  static func comparisonOfType(_ type: String, _ op: String, _ span: Span) -> Diagnostic {
    unsupported("comparing a \(type) value with '\(op)'", span)
  }

  static func notACondition(_ type: String, _ span: Span) -> Diagnostic {
    typeMismatch("expected a boolean condition, found \(type)", span)
  }

  /// What an operator or function argument must be.
  enum Expectation: String {
    case number = "a number"
    case numbers
    case integer = "an integer"
    case string = "a string"
    case array = "an array"
    case object = "an object"
  }

  /// `arr contains "x"` on an array or object: the element test to write instead.
  static func containsOnJSON(_ span: Span) -> Diagnostic {
    typeMismatch(
      "'contains' needs a string, found an array or JSON value", span,
      help: "array_any(field, \"@element\" = \"x\") tests the elements; arraystring(field, \",\") contains \"x\" "
        + "searches their text")
  }

  /// `subject` (an operator or function as shown to the user) got a value of the wrong type.
  static func needs(_ subject: String, _ expected: Expectation, found: String, _ span: Span) -> Diagnostic {
    typeMismatch("\(subject) needs \(expected.rawValue), found \(found)", span)
  }

  static func inQueryFields(_ count: Int, _ span: Span) -> Diagnostic {
    typeMismatch("an 'in' sub-query must return exactly one field, found \(count)", span)
  }

  /// What to write instead of arithmetic on strings or timestamps.
  enum ArithmeticHelp {
    case concat, timestamps
  }

  static func arithmeticTypes(_ op: String, _ left: String, _ right: String, _ span: Span, help: ArithmeticHelp?)
    -> Diagnostic
  {
    let text: String?
    switch help {
    case .concat: text = "join strings with concat(a, b)"
    case .timestamps:
      text =
        "XQL has no timestamp arithmetic: to_timestamp(add(to_epoch(t), n)) is n seconds later; "
        + "timestamp_diff(t1, t2, \"SECOND\") is the distance"
    case nil: text = nil
    }
    return typeMismatch("'\(op)' needs numbers, found \(left) and \(right)", span, help: text)
  }

  static func notACIDRRange(_ text: String, _ span: Span) -> Diagnostic {
    typeMismatch("'\(text)' is not an IPv4 or IPv6 CIDR range", span)
  }

  static func noCIDRRange(_ span: Span) -> Diagnostic {
    typeMismatch("'incidr' needs at least one CIDR range", span)
  }

  /// Arguments Spoor translates only when written as a literal.
  enum LiteralArgument: String {
    case regex = "a regular expression"
    case jsonPath = "a JSON path"
    case format = "a format"
    case timeZone = "a time zone"
    case callParameter = "a call parameter"
  }

  static func notALiteral(_ argument: LiteralArgument, _ span: Span) -> Diagnostic {
    unsupported("\(argument.rawValue) that is not \(argument == .callParameter ? "a" : "a string") literal", span)
  }

  static func recursiveStoredQuery(_ name: String, _ span: Span) -> Diagnostic {
    unsupported("a stored query that calls itself ('\(name)')", span)
  }

  /// The kind of field a stage needs.
  enum FieldKind: String {
    case string = "a string field"
    case array = "an array field"
    case timestamp = "a timestamp field"
  }

  static func fieldType(_ stage: String, _ kind: FieldKind, _ field: String, _ type: String, _ span: Span)
    -> Diagnostic
  {
    typeMismatch("\(stage) needs \(kind.rawValue), '\(field)' is \(type)", span)
  }

  static func unionFieldTypes(_ field: String, _ left: String, _ right: String, _ span: Span) -> Diagnostic {
    typeMismatch("union: field '\(field)' is \(left) on one side and \(right) on the other", span)
  }

  static func windowAliasTaken(_ alias: String, _ span: Span) -> Diagnostic {
    unsupported("a windowcomp result named like an existing field ('\(alias)')", span)
  }

  static func windowFunction(_ name: String, translated: [String], _ span: Span) -> Diagnostic {
    unsupported("the window function '\(name)' (\(translated.joined(separator: ", ")) are translated)", span)
  }

  static func windowedMedian(_ span: Span) -> Diagnostic {
    unsupported("median over a window frame (PostgreSQL has no windowed percentile; use comp median)", span)
  }

  static func rangeFrameOffsets(_ span: Span) -> Diagnostic {
    unsupported("frame_type = range with offsets, except over one integer sort field", span)
  }

  static func patternOverDocument(_ pattern: String, _ span: Span) -> Diagnostic {
    unsupported(
      "a field pattern ('\(pattern)') over a raw dataset's document fields (their names are known "
        + "only from the data; list the fields)", span)
  }

  static func renamedPattern(_ span: Span) -> Diagnostic {
    unsupported("renaming a field pattern with 'as'", span)
  }

  static func conflictBoth(_ field: String, _ span: Span) -> Diagnostic {
    unsupported("'conflict_strategy = both' when the field '\(field)' already exists", span)
  }

  static func binOption(_ option: String, _ span: Span) -> Diagnostic {
    unsupported("the bin option '\(option)'", span)
  }

  static func binCount(_ span: Span) -> Diagnostic {
    unsupported("'bin … bins = n'", span)
  }

  static func binSpan(_ amount: Int64, _ unit: String, _ span: Span) -> Diagnostic {
    unsupported("a bin span of \(amount)\(unit)", span)
  }

  /// `alter first = min(_time)`: Palo Alto's aggregates are arguments of `comp` and `windowcomp`, not functions.
  static func aggregateOutsideComp(_ name: String, _ span: Span) -> Diagnostic {
    let call = name.lowercased() == "count" ? "count()" : "\(name.lowercased())(field)"
    return Diagnostic(
      category: .semantic, code: DiagnosticCode("XQL-B016"),
      message: "'\(name)' is an aggregate: XQL computes it in a comp or windowcomp stage, not in an expression",
      span: span,
      help: "write comp \(call) as name by …, or windowcomp \(call) by … as name to keep every row")
  }

  static func arrayIndexType(_ span: Span) -> Diagnostic {
    typeMismatch("arrayindex needs an integer index", span)
  }

  static func trimCharacters(_ span: Span) -> Diagnostic {
    unsupported("a trim character set that is not a non-empty string literal", span)
  }

  static func wildcardPattern(_ span: Span) -> Diagnostic {
    unsupported("a wildcard_match pattern that is not a string literal without '?'", span)
  }

  static func replexArguments(_ span: Span) -> Diagnostic {
    unsupported("a replex pattern or replacement that is not a string literal", span)
  }

  static func objectCreatePairs(_ span: Span) -> Diagnostic {
    typeMismatch("object_create takes key and value pairs", span)
  }

  static func toJSONStringType(_ type: String, _ span: Span) -> Diagnostic {
    unsupported(
      "to_json_string of a \(type) (strings, integers and booleans are translated: the JSON"
        + " spelling Cortex gives other types is undocumented)", span)
  }

  static func toStringOfTimestamp(_ span: Span) -> Diagnostic {
    unsupported(
      "to_string of a timestamp (Cortex's text spelling of a timestamp is undocumented: format it with"
        + " format_timestamp, or compare to_epoch values)", span)
  }

  static func elementCondition(_ function: String, _ type: String, _ span: Span) -> Diagnostic {
    typeMismatch("\(function) needs a condition on \"@element\", found \(type)", span)
  }

  static func arrayRangeBounds(_ span: Span) -> Diagnostic {
    unsupported("arrayrange bounds other than integer literals with 0 ≤ start < end", span)
  }

  static func formatStringSpecifier(_ specifier: String, _ span: Span) -> Diagnostic {
    unsupported("the format_string specifier '%\(specifier)' (%s, %d and %% are translated)", span)
  }

  /// `expected` is the count of specifiers, or nil when the format runs out of specifiers first.
  static func formatStringValues(expected: Int?, found: Int, _ span: Span) -> Diagnostic {
    argumentCount(
      "format_string", expected: expected.map { "\($0) values" } ?? "one value per specifier", found: found, span)
  }

  static func regextractGroups(_ span: Span) -> Diagnostic {
    typeMismatch("regextract takes a pattern with at most one capture group", span)
  }

  static func dateFloorTimeZone(_ span: Span) -> Diagnostic {
    unsupported("a date_floor time zone other than UTC", span)
  }

  static func dateFloorUnit(_ unit: String, _ span: Span) -> Diagnostic {
    unsupported("the date_floor unit '\(unit)' (y, mo, w, d and h are)", span)
  }

  static func epochUnit(_ unit: String, _ span: Span) -> Diagnostic {
    unsupported("the epoch unit '\(unit)' (SECONDS and MILLIS are)", span)
  }

  static func ifCondition(_ span: Span) -> Diagnostic {
    typeMismatch("an if condition must be boolean", span)
  }

  static func notATimestamp(_ type: String, _ span: Span) -> Diagnostic {
    typeMismatch("expected a timestamp, found \(type)", span)
  }

  static func extractTimePart(_ part: String, _ span: Span) -> Diagnostic {
    unsupported(
      "extract_time part '\(part)' (YEAR, QUARTER, MONTH, DAY, DAYOFWEEK, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND"
        + " and MICROSECOND are)", span)
  }

  static func timestampDiffPart(_ part: String, _ span: Span) -> Diagnostic {
    unsupported("timestamp_diff part '\(part)' (DAY, HOUR, MINUTE, SECOND and MILLISECOND are)", span)
  }

  static func formatTimestampSpecifier(_ span: Span) -> Diagnostic {
    unsupported(
      "a format_timestamp specifier of this format (%Y, %y, %m, %d, %H, %I, %p, %M, %S, %F, %T, %D, %R and %% are; "
        + "the others, such as weekday and month names, %e, %z, %s and fractions, are not)", span)
  }

  static func parseTimestampElement(_ function: String, _ element: String, _ span: Span) -> Diagnostic {
    unsupported("the format element '\(element)' in a \(function) format", span)
  }

  static func parseEpochUnit(_ unit: String, _ span: Span) -> Diagnostic {
    unsupported("the parse_epoch unit '\(unit)' (SECONDS, MILLIS and MICROS are)", span)
  }

  static func frameNotTaken(_ function: String, _ span: Span) -> Diagnostic {
    invalidOption("'\(function)' takes no window frame", span)
  }

  static func sortNeeded(_ function: String, _ span: Span) -> Diagnostic {
    invalidOption("'\(function)' needs a sort", span)
  }

  static func frameType(_ span: Span) -> Diagnostic {
    invalidOption("frame_type must be rows or range", span)
  }

  static func frameBound(_ span: Span) -> Diagnostic {
    invalidOption("a frame bound is null, 0, n or -n", span)
  }

  static func frameOrder(_ span: Span) -> Diagnostic {
    invalidOption("a frame must not end before it starts", span)
  }

  static func allFieldsAlias(_ function: String, _ span: Span) -> Diagnostic {
    invalidOption("'\(function)(*)' can only be named 'as *'", span)
  }

  static func joinType(_ found: String, _ span: Span) -> Diagnostic {
    invalidOption("join type must be inner, left or right, found '\(found)'", span)
  }

  static func conflictStrategy(_ found: String, _ span: Span) -> Diagnostic {
    invalidOption("conflict_strategy must be right, left or both, found '\(found)'", span)
  }
}
