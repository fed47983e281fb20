import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// Every diagnostic the KQL front end reports, as factories with stable codes (`KQL-Pnnn` syntax,
/// `BIND-nnn` binding, `KQL-Unnn` unsupported, `KQL-Wnnn` warnings, `KQL-Nnnn` notes).
///
/// Message text is written only here, the lexer's invalid-token messages too (``LexerMessage``): call sites pass
/// names, types and spans, and the generic builders the factories share are private, so no call site can pass a
/// sentence of its own.
enum KQLDiagnostics {
  // MARK: Lexer and parser

  /// The messages of the lexer's invalid tokens, which the parser reports with ``invalidToken(_:at:)``.
  enum LexerMessage {
    static let invalidHexadecimal = "invalid hexadecimal literal"
    static let timespanOutOfRange = "timespan literal out of range"
    static let invalidUnicodeEscape = "invalid \\u escape"
    static let unterminatedString = "unterminated string literal"
    static let unterminatedFencedString = "unterminated ``` string literal"

    static func unterminatedTypedLiteral(_ typeName: String) -> String {
      "unterminated \(typeName)(...) literal"
    }

    static func unknownTimespanUnit(_ unit: String) -> String {
      "unknown timespan unit '\(unit)'"
    }

    static func unexpectedCharacter(_ text: String) -> String {
      "unexpected character '\(text)'"
    }
  }

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

  static func unknownTimeZone(_ name: String, at span: Span, help: String?) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-015"),
      message: "unknown time zone '\(name)' (an IANA name such as 'Europe/Paris' or 'UTC')", span: span, help: help)
  }

  static func bagPackColumnsArgument(at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-016"),
      message: "each argument of bag_pack_columns must be a column: its name is the property's name", span: span)
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

  /// A `declare query_parameters` name without a default, and no value from the caller.
  static func unboundQueryParameter(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      category: .semantic, code: DiagnosticCode("BIND-020"), message: "query parameter '\(name)' has no value",
      span: span,
      help:
        "give it a value (`--param \(name)=VALUE`, or `parameters` in an API request), or declare a default (`\(name): type = value`)"
    )
  }

  /// The same, where a placeholder stands in for the value (`spoor validate`).
  static func placeholderQueryParameter(_ name: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .warning, category: .semantic, code: DiagnosticCode("KQL-W005"),
      message: "query parameter '\(name)' has no value: checked with an empty value of its type in its place",
      span: span, help: "`--param \(name)=VALUE` gives it a value")
  }

  /// A caller's value for a query parameter that is no value of its declared type.
  static func queryParameterValue(_ name: String, _ type: String, _ value: String, at span: Span) -> Diagnostic {
    invalidLiteral("the value '\(value)' given for query parameter '\(name)' is not a \(type)", at: span)
  }

  static func partitionHintIgnored(_ hint: String, at span: Span) -> Diagnostic {
    Diagnostic(
      severity: .note, category: .semantic, code: DiagnosticCode("KQL-N004"),
      message:
        "partition hint '\(hint)' is ignored (Kusto's strategies change how the subqueries run, not their result)",
      span: span)
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

  // MARK: Tables and sources

  /// What Microsoft's documentation says replaces a table it retired.
  enum RetiredTable {
    /// `DeviceAlertEvents`: `AlertInfo` joined with `AlertEvidence`.
    case splitIntoAlertTables
    /// A Defender ATP name from before the 2020 schema rename, with the table's name since.
    case renamed(String)
  }

  /// `help` (a name suggestion) is shown when the table is not a retired one.
  static func unknownTable(_ name: String, at span: Span, retired: RetiredTable?, help: String?) -> Diagnostic {
    let retiredHelp: String? =
      switch retired {
      case .splitIntoAlertTables:
        "Microsoft replaced \(name) with AlertInfo and AlertEvidence: query AlertInfo and join AlertEvidence on "
          + "AlertId"
      case .renamed(let new):
        "'\(name)' is Defender ATP's name from before Microsoft's 2020 schema rename: write \(new), whose columns "
          + "were renamed too (EventTime → Timestamp, ComputerName → DeviceName, MachineId → DeviceId)"
      case nil: nil
      }
    return unknownTable(name, at: span, help: retiredHelp ?? help)
  }

  static func tableDataScope(_ scope: String, at span: Span) -> Diagnostic {
    unsupported(
      "table()'s data scope '\(scope)'", at: span,
      note: "Spoor has no hot cache: its tables hold every row, as with 'all' or 'default'")
  }

  /// A source the parser recognised but Spoor does not translate (`search` or `find` in an unsupported form, …).
  static func unsupportedSource(_ name: String, at span: Span) -> Diagnostic {
    unsupported("'\(name)'", at: span, note: unsupportedNote(name))
  }

  static func datatableValueCount(_ values: Int, columns: Int, at span: Span) -> Diagnostic {
    invalidLiteral("datatable has \(values) values, not a multiple of its \(columns) columns", at: span)
  }

  static func datatableValue(_ column: String, _ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("datatable value for column '\(column)' must be a \(type.rawValue) constant", at: span)
  }

  static func findPredicateColumns(at span: Span) -> Diagnostic {
    typeMismatch("no table of the find has a column the predicate uses", at: span)
  }

  // MARK: Literals and types

  static func unknownType(_ name: String, at span: Span) -> Diagnostic {
    invalidLiteral("unknown type '\(name)'", at: span)
  }

  /// `type` is the literal's type as written (`datetime`, `timespan`).
  static func malformedLiteral(_ type: String, _ text: String, at span: Span) -> Diagnostic {
    invalidLiteral("invalid \(type) literal '\(text)'", at: span)
  }

  // MARK: Tabular operators

  static func tabularOperator(_ name: String, at span: Span) -> Diagnostic {
    unsupported("the '\(name)' operator", at: span, note: unsupportedNote(name))
  }

  /// Why an operator or source cannot run on PostgreSQL.
  private static func unsupportedNote(_ name: String) -> String {
    switch name {
    case "externaldata":
      return "write externaldata (column:type, …) [\"address\", …] with (format=\"csv\")"
    case "search", "find":
      return "search every table by querying the tables you mean with 'where … has …'"
    case "evaluate": return "evaluate starts a pipeline only with a source Spoor has no translation for"
    default: return "'\(name)' has no faithful PostgreSQL translation"
    }
  }

  static func tupleAssignment(at span: Span) -> Diagnostic {
    unsupported(
      "a tuple assignment here", at: span,
      note:
        "a tuple names the columns of a function that returns several: Spoor translates it for series_stats in "
        + "extend/project and for the aggregates of summarize (arg_max, arg_min, percentiles, …); here the value "
        + "returns one column")
  }

  static func lookupKind(_ kind: String, at span: Span) -> Diagnostic {
    unsupported("lookup kind '\(kind)'", at: span)
  }

  static func sortByDynamic(at span: Span) -> Diagnostic {
    typeMismatch("cannot sort by a dynamic value; convert it first", at: span)
  }

  /// A union column of several types whose `Name_type` spelling is taken by another column.
  static func unionColumnClash(_ column: String, next name: String, at span: Span) -> Diagnostic {
    unsupported("union of column '\(column)' with several types next to a column named '\(name)'", at: span)
  }

  /// `operatorName` is `mv-expand` or `mv-apply`.
  static func expandType(_ operatorName: String, _ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("\(operatorName) needs a dynamic array or bag, not \(type.rawValue)", at: span)
  }

  static func insideMvApply(_ name: String, at span: Span) -> Diagnostic {
    unsupported("'\(name)' inside mv-apply", at: span)
  }

  static func parseWithoutColumns(at span: Span) -> Diagnostic {
    typeMismatch("parse needs at least one column in its pattern", at: span)
  }

  /// A `parse-kv` mode or option Spoor does not translate; `reason` says why.
  static func parseKVMode(_ mode: String, reason: String, at span: Span) -> Diagnostic {
    unsupported("parse-kv \(mode)", at: span, note: reason)
  }

  static func parseKVOption(_ name: String, at span: Span) -> Diagnostic {
    invalidLiteral(
      "unknown parse-kv option '\(name)': pair_delimiter, kv_delimiter, quote, escape, greedy and regex are", at: span)
  }

  /// `what` is `pair_delimiter` or `kv_delimiter`.
  static func parseKVDelimiter(_ what: String, at span: Span) -> Diagnostic {
    invalidLiteral("parse-kv's \(what) must be a non-empty constant string", at: span)
  }

  static func parseKVWithoutKeys(at span: Span) -> Diagnostic {
    typeMismatch("parse-kv needs at least one key", at: span)
  }

  // MARK: Joins

  static func unknownJoinKind(_ kind: String, at span: Span) -> Diagnostic {
    typeMismatch("unknown join kind '\(kind)'", at: span)
  }

  static func joinKeyTypes(_ left: String, _ leftType: DataType, _ right: String, _ rightType: DataType, at span: Span)
    -> Diagnostic
  {
    typeMismatch(
      "join keys '\(left)' (\(leftType.rawValue)) and '\(right)' (\(rightType.rawValue)) cannot be compared", at: span)
  }

  // MARK: Scalar expressions

  static func cannotNegate(_ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("cannot negate a \(type.rawValue) value", at: span)
  }

  static func indexType(at span: Span) -> Diagnostic {
    typeMismatch("an index must be a number or a string key", at: span)
  }

  static func listOutsideIn(at span: Span) -> Diagnostic {
    typeMismatch("a parenthesised list is only allowed after in, has_any or has_all", at: span)
  }

  static func rangeOutsideBetween(at span: Span) -> Diagnostic {
    typeMismatch("'..' is only allowed inside between (…)", at: span)
  }

  static func starNotAValue(at span: Span) -> Diagnostic {
    typeMismatch("'*' is not a value here", at: span)
  }

  static func memberAccess(on type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("member access needs a dynamic value, not \(type.rawValue); use parse_json(…) first", at: span)
  }

  static func notAPredicate(_ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("expected a bool predicate, found a \(type.rawValue) value", at: span)
  }

  /// `quotable` is the number a string was compared with, when writing it as a string is the likely fix.
  static func cannotCompare(_ left: DataType, _ right: DataType, using op: String, at span: Span, quotable: Double?)
    -> Diagnostic
  {
    typeMismatch(
      "cannot compare \(left.rawValue) with \(right.rawValue) using '\(op)'", at: span,
      help: quotable.map(quoteNumberHelp))
  }

  /// `quotable` as in ``cannotCompare(_:_:using:at:quotable:)``.
  static func inListType(_ op: String, _ subject: DataType, _ value: DataType, at span: Span, quotable: Double?)
    -> Diagnostic
  {
    typeMismatch(
      "'\(op)' compares a \(subject.rawValue) value with a \(value.rawValue) value", at: span,
      help: quotable.map(quoteNumberHelp))
  }

  private static func quoteNumberHelp(_ value: Double) -> String {
    "the value is a string: write the number as a string, \"\(value)\""
  }

  static func scalarOperator(_ op: String, at span: Span) -> Diagnostic {
    unsupported("operator '\(op)'", at: span)
  }

  static func operatorTypes(_ op: String, _ left: DataType, _ right: DataType, at span: Span) -> Diagnostic {
    typeMismatch("operator '\(op)' cannot combine \(left.rawValue) and \(right.rawValue)", at: span)
  }

  static func betweenBounds(_ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("between needs bounds of the same type as its \(type.rawValue) value", at: span)
  }

  static func computedTerms(_ op: String, at span: Span) -> Diagnostic {
    unsupported("a computed dynamic array as the terms of '\(op)'", at: span)
  }

  static func rangeArguments(at span: Span) -> Diagnostic {
    unsupported(
      "range() other than over integer constants with a positive step and a start at or before the stop", at: span,
      note:
        "Kusto documents the array for those; it does not say what a zero or negative step, a start after the stop, "
        + "null bounds or a real step give, and datetime and timespan ranges are not translated yet")
  }

  static func hasAnyIndexValue(at span: Span) -> Diagnostic {
    unsupported(
      "has_any_index with a value that is not a string or an integer", at: span,
      note: "a string or integer value is looked up as its text; Kusto does not document how other kinds read")
  }

  static func computedCandidates(at span: Span) -> Diagnostic {
    unsupported("a computed dynamic array as a list of candidates", at: span)
  }

  static func inSubqueryColumn(at span: Span) -> Diagnostic {
    typeMismatch("a sub-query after in must return a column", at: span)
  }

  // MARK: Aggregates and summarize

  /// `found` is the value's type, nil to leave it unsaid.
  static func aggregateNeedsNumber(_ function: String, found: DataType?, at span: Span) -> Diagnostic {
    typeMismatch("\(function) needs a numeric value" + (found.map { ", not \($0.rawValue)" } ?? ""), at: span)
  }

  static func aggregateOfDynamic(_ function: String, at span: Span) -> Diagnostic {
    typeMismatch("\(function) cannot compare dynamic values; convert them first", at: span)
  }

  static func argExtremeOfDynamic(_ function: String, at span: Span) -> Diagnostic {
    typeMismatch("\(function) cannot order dynamic values", at: span)
  }

  static func aggregateInsideExpression(_ function: String, at span: Span) -> Diagnostic {
    unsupported("\(function) inside an expression over aggregates", at: span)
  }

  static func unsupportedAggregate(_ function: String, at span: Span) -> Diagnostic {
    unsupported("aggregate '\(function)'", at: span)
  }

  /// `source` is what returns the columns as the message names it (`the aggregate`, `series_stats`).
  static func tupleCount(_ names: Int, _ source: String, returns count: Int, at span: Span) -> Diagnostic {
    typeMismatch("the tuple names \(names) columns but \(source) returns \(count)", at: span)
  }

  static func tupleNameTwice(_ name: String, at span: Span) -> Diagnostic {
    typeMismatch("the column name '\(name)' is used twice", at: span)
  }

  // MARK: Window functions

  static func windowFunctionOutsideExtend(_ function: String, at span: Span) -> Diagnostic {
    unsupported("\(function)() outside extend or serialize", at: span)
  }

  static func rowNumberArguments(at span: Span) -> Diagnostic {
    unsupported("row_number with more than two arguments", at: span)
  }

  static func rowNumberRestart(at span: Span) -> Diagnostic {
    typeMismatch("the restart argument of row_number must be a bool", at: span)
  }

  /// `name` is the operator's keyword.
  static func partitionOperator(_ name: String, at span: Span) -> Diagnostic {
    unsupported(
      "'\(name)' inside partition", at: span,
      note:
        "Spoor runs a partition subquery as one query over every subtable, which is exact for where, extend, "
        + "project, sort, top, take, sample, sample-distinct, distinct, count, summarize, parse and mv-expand")
  }

  static func partitionWindowFunction(at span: Span) -> Diagnostic {
    unsupported(
      "row_number, row_cumsum, prev and next inside partition", at: span,
      note: "they would have to be serialized per subtable; use them after partition, or with row_number's restart")
  }

  static func partitionAggregateOfEmptied(at span: Span) -> Diagnostic {
    unsupported(
      "summarize without 'by' (or count) inside partition after an operator that can drop every row", at: span,
      note:
        "Kusto gives such a subtable one row of empty-input aggregates, which one grouped query over every "
        + "subtable cannot give; filter after the aggregate, or use countif()/sumif() instead of where")
  }

  static func partitionWithSource(at span: Span) -> Diagnostic {
    unsupported(
      "partition with a subquery of its own source ({ … })", at: span,
      note:
        "Kusto runs it only with the legacy strategy, once per key value read by toscalar(Column); write the "
        + "subquery as '( operators )' over each subtable")
  }

  static func nestedRunningSum(at span: Span) -> Diagnostic {
    unsupported(
      "row_cumsum inside the arguments of row_cumsum or row_number", at: span,
      note: "compute the inner running sum in an earlier extend and refer to its column")
  }

  static func nestedRowRank(at span: Span) -> Diagnostic {
    unsupported(
      "row_rank_dense or row_rank_min inside the arguments of a window function", at: span,
      note: "compute the rank in an earlier extend and refer to its column")
  }

  static func rowNumberStartOrRestart(at span: Span) -> Diagnostic {
    unsupported("row_number with a start or restart argument", at: span)
  }

  // MARK: Scalar functions

  /// `reason` is the function table's refusal reason.
  static func functionNotTranslated(_ function: String, reason: String, at span: Span) -> Diagnostic {
    unsupported("function '\(function)'", at: span, note: reason)
  }

  /// A function the function table lists as translated that the binder has no case for.
  static func functionWithoutCase(_ function: String, at span: Span) -> Diagnostic {
    functionNotTranslated(
      function, reason: "Spoor's function table lists it as translated, but the binder has no case for it", at: span)
  }

  /// `subject` is the argument as the message names it (`ago's argument`, `round's precision`).
  static func argumentType(_ subject: String, _ expected: Set<DataType>, found: DataType, at span: Span)
    -> Diagnostic
  {
    typeMismatch(
      "\(subject) must be \(expected.map(\.rawValue).sorted().joined(separator: " or ")), not \(found.rawValue)",
      at: span)
  }

  static func mixedTypes(_ first: DataType, _ second: DataType, at span: Span) -> Diagnostic {
    typeMismatch("values of types \(first.rawValue) and \(second.rawValue) cannot be mixed here", at: span)
  }

  static func typeofArgument(at span: Span) -> Diagnostic {
    invalidLiteral("typeof expects one type name", at: span)
  }

  static func resultType(at span: Span) -> Diagnostic {
    unsupported("this result type", at: span)
  }

  static func binTypes(_ value: DataType, _ size: DataType, at span: Span) -> Diagnostic {
    typeMismatch("bin cannot round a \(value.rawValue) value by a \(size.rawValue) size", at: span)
  }

  static func aroundTypes(_ value: DataType, _ center: DataType, _ delta: DataType, at span: Span) -> Diagnostic {
    typeMismatch(
      "around takes numbers, datetimes with a timespan delta, or timespans, not a \(value.rawValue) value around a "
        + "\(center.rawValue) center with a \(delta.rawValue) delta", at: span)
  }

  static func datetimePart(_ part: String, at span: Span) -> Diagnostic {
    invalidLiteral("unknown part '\(part)' of datetime_part", at: span)
  }

  static func indexofOccurrence(at span: Span) -> Diagnostic {
    unsupported(
      "indexof with an occurrence other than 1", at: span,
      note: "Kusto's documented examples of occurrence within a length contradict a plain count of occurrences")
  }

  static func indexofRegexOccurrenceZero(at span: Span) -> Diagnostic {
    unsupported(
      "indexof_regex with occurrence 0", at: span,
      note: "Kusto documents null for an occurrence below 0 and counts occurrences from 1, but not what 0 gives")
  }

  static func countofRegex(at span: Span) -> Diagnostic {
    unsupported("countof with kind=regex", at: span)
  }

  static func parseCommandLineParser(at span: Span) -> Diagnostic {
    invalidLiteral("unknown parser type for parse_command_line; the only parser type is \"windows\"", at: span)
  }

  /// `max_of`/`min_of` over strings or dynamic values.
  static func textOrdering(_ function: String, _ type: DataType, at span: Span) -> Diagnostic {
    unsupported(
      "\(function) of \(type.rawValue) values", at: span,
      note: "PostgreSQL orders text by the database's collation, Kusto by code unit")
  }

  static func computedAddress(_ function: String, at span: Span) -> Diagnostic {
    unsupported(
      "\(function) with a computed address", at: span, note: "Spoor builds the search pattern from string constants")
  }

  static func bagSetKeyArgument(at span: Span) -> Diagnostic {
    invalidLiteral("bag_set_key takes a key or a JSONPath of members ($.a.b, $['a']), without array indexing", at: span)
  }

  static func bagRemoveKeysArgument(at span: Span) -> Diagnostic {
    invalidLiteral(
      "bag_remove_keys takes keys and JSONPaths of members ($.a.b, $['a']), without array indexing", at: span)
  }

  static func ingestionTimeHere(at span: Span) -> Diagnostic {
    unsupported(
      "ingestion_time() here", at: span,
      note: "Spoor reads a row's ingest time only directly on a table, before any operator other than where")
  }

  // MARK: Series

  static func nonemptySeriesWithoutRange(at span: Span) -> Diagnostic {
    unsupported(
      "make-series kind=nonempty without 'from' and 'to'", at: span,
      note:
        "without them the bins come from the data, and Kusto does not document which bins its default row over "
        + "empty input holds; write 'from start to end'")
  }

  static func nonemptySeriesByKeys(at span: Span) -> Diagnostic {
    unsupported(
      "make-series kind=nonempty with 'by'", at: span,
      note: "Kusto documents kind=nonempty's default row only for a series without group keys")
  }

  static func seriesAxisType(_ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("the make-series axis must be a datetime, timespan or number, not \(type.rawValue)", at: span)
  }

  static func seriesBoundType(expected: DataType, found: DataType, at span: Span) -> Diagnostic {
    typeMismatch("expected a \(expected.rawValue) here, got \(found.rawValue)", at: span)
  }

  static func seriesAggregate(at span: Span) -> Diagnostic {
    unsupported(
      "this make-series aggregate", at: span,
      note:
        "make-series takes one call of avg, avgif, count, countif, dcount, dcountif, max, maxif, min, minif, "
        + "percentile, take_any, stdev, sum, sumif or variance")
  }

  static func seriesAggregateType(_ type: DataType, at span: Span) -> Diagnostic {
    unsupported(
      "a make-series aggregate of type \(type.rawValue)", at: span,
      note: "Kusto's make-series takes only aggregates with numeric results")
  }

  static func seriesDefaultType(_ type: DataType, at span: Span) -> Diagnostic {
    typeMismatch("a make-series default must be a number, got \(type.rawValue)", at: span)
  }

  static func seriesStatsSingleName(at span: Span) -> Diagnostic {
    unsupported(
      "a single name for series_stats", at: span,
      note: "series_stats returns seven columns: name them with '(a, b, …) =' or leave them unnamed")
  }

  static func seriesStatsInExpression(at span: Span) -> Diagnostic {
    unsupported(
      "series_stats() inside an expression", at: span,
      note:
        "series_stats returns seven columns: write 'extend series_stats(x)' or 'extend (a, b) = series_stats(x)', "
        + "or use series_stats_dynamic")
  }

  // MARK: evaluate plugins

  /// `reason` is the plugin table's refusal reason, nil for a plugin Spoor does not know.
  static func plugin(_ name: String, reason: String?, at span: Span) -> Diagnostic {
    unsupported(
      "the '\(name)' plugin", at: span, note: "evaluate \(name): \(reason ?? "Spoor does not know this plugin")")
  }

  /// `plugin` is `bag_unpack` or `pivot`.
  static func pluginColumnArgument(_ plugin: String, at span: Span) -> Diagnostic {
    invalidLiteral("\(plugin)'s first argument must be a column", at: span)
  }

  static func bagUnpackOptions(at span: Span) -> Diagnostic {
    invalidLiteral("bag_unpack takes OutputColumnPrefix, columnsConflict and ignoredProperties by name", at: span)
  }

  static func columnsConflict(at span: Span) -> Diagnostic {
    invalidLiteral("columnsConflict must be 'error', 'replace_source' or 'keep_source'", at: span)
  }

  static func bagUnpackConflict(_ column: String, at span: Span) -> Diagnostic {
    unsupported(
      "bag_unpack's column '\(column)', which the input already has", at: span,
      note: "Kusto refuses it too unless columnsConflict='replace_source' or 'keep_source'")
  }

  static func pivotArguments(at span: Span) -> Diagnostic {
    invalidLiteral("pivot takes a pivot column, then an optional aggregate and columns", at: span)
  }

  static func pivotSchema(at span: Span) -> Diagnostic {
    unsupported(
      "pivot with an output schema", at: span,
      note:
        "Kusto raises an error at run time when the data's values differ from the schema; Spoor reads the values "
        + "instead: leave the schema out")
  }

  static func pivotAggregateArgument(at span: Span) -> Diagnostic {
    invalidLiteral("pivot's second argument must be an aggregate", at: span)
  }

  static func pivotAggregate(_ function: String, at span: Span) -> Diagnostic {
    unsupported(
      "pivot with \(function)()", at: span,
      note:
        "Kusto does not document the cell of a group with no row of a value for it; Spoor's pivot takes count(), "
        + "sum() and dcount()")
  }

  static func pivotColumns(at span: Span) -> Diagnostic {
    invalidLiteral("pivot's columns must be column names", at: span)
  }

  static func pivotEmptyValue(at span: Span) -> Diagnostic {
    unsupported(
      "an empty value of the pivot column", at: span,
      note: "Kusto does not document the name of the column an empty (or null) value gets")
  }

  static func pivotValueClash(_ value: String, at span: Span) -> Diagnostic {
    unsupported(
      "the pivot value '\(value)', which is also the name of a column of the output", at: span,
      note: "Kusto does not document which of the two keeps the name")
  }

  // MARK: externaldata

  static func externalDataColumns(at span: Span) -> Diagnostic {
    invalidLiteral("externaldata declares no columns", at: span)
  }

  static func externalDataAddress(at span: Span) -> Diagnostic {
    invalidLiteral("externaldata names no storage address", at: span)
  }

  /// `scheme` is the address's text before its colon.
  static func externalDataStorage(_ scheme: Substring, at span: Span) -> Diagnostic {
    unsupported(
      "externaldata from '\(scheme)' storage", at: span, note: "Spoor reads https, http and file URLs and local paths")
  }

  static func externalDataFormat(_ format: String, at span: Span) -> Diagnostic {
    unsupported(
      "externaldata format '\(format)'", at: span,
      note: "Spoor reads " + ExternalDataFormat.allCases.map(\.rawValue).joined(separator: ", "))
  }

  static func externalDataProperty(_ name: String, at span: Span) -> Diagnostic {
    invalidLiteral(
      "unknown externaldata property '\(name)' (Spoor knows format, ignoreFirstRecord and ingestionMapping)", at: span)
  }

  static func externalDataTextColumns(_ count: Int, at span: Span) -> Diagnostic {
    invalidLiteral("the txt format gives each line as one column; declare exactly one (not \(count))", at: span)
  }

  // MARK: Defender functions

  /// `keys` are the columns FileProfile accepts as a file key.
  static func fileProfileKey(_ key: String, keys: [String], at span: Span) -> Diagnostic {
    invalidLiteral("FileProfile identifies files by " + keys.joined(separator: ", ") + ", not '\(key)'", at: span)
  }

  static func fileProfileLimit(at span: Span) -> Diagnostic {
    invalidLiteral("FileProfile's row limit must be a number from 1 to 1000", at: span)
  }

  static func fileProfileClash(_ column: String, at span: Span) -> Diagnostic {
    unsupported(
      "FileProfile over an input with a '\(column)' column", at: span,
      note: "Defender's naming of clashing columns is not documented; project the input's columns first")
  }

  static func seenBy(at span: Span) -> Diagnostic {
    unsupported(
      "Defender's SeenBy()", at: span,
      note:
        "it reads Defender's device-discovery records (which onboarded device observed which device), which no "
        + "table in Spoor holds")
  }

  static func deviceArgument(_ function: String, at span: Span) -> Diagnostic {
    typeMismatch("\(function)'s device must be a string", at: span)
  }

  static func timeArgument(at span: Span) -> Diagnostic {
    typeMismatch("the time argument must be a datetime", at: span)
  }

  /// A Defender network function over a catalog whose DeviceNetworkInfo lacks a column it reads.
  static func networkFunctionCatalog(_ function: String, at span: Span) -> Diagnostic {
    unsupported(
      "\(function)() over this catalog", at: span, note: "DeviceNetworkInfo lacks a column the function reads")
  }

  // MARK: Generic builders, for the factories above

  private static func typeMismatch(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-005"), message: message, span: span, help: help)
  }

  private static func invalidLiteral(_ message: String, at span: Span) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-006"), message: message, span: span)
  }

  private static func unsupported(_ feature: String, at span: Span, note: String? = nil) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("KQL-U001"),
      message: "\(feature) is not supported: it cannot be translated to PostgreSQL faithfully",
      span: span,
      notes: note.map { [$0] } ?? [])
  }
}
