import SpoorCatalog
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

  static func rowNumberStartOrRestart(at span: Span) -> Diagnostic {
    unsupported("row_number with a start or restart argument", at: span)
  }

  // MARK: Generic builders, for the factories above

  static func typeMismatch(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-005"), message: message, span: span, help: help)
  }

  static func invalidLiteral(_ message: String, at span: Span) -> Diagnostic {
    Diagnostic(category: .semantic, code: DiagnosticCode("BIND-006"), message: message, span: span)
  }

  static func unsupported(_ feature: String, at span: Span, note: String? = nil) -> Diagnostic {
    Diagnostic(
      category: .unsupported, code: DiagnosticCode("KQL-U001"),
      message: "\(feature) is not supported: it cannot be translated to PostgreSQL faithfully",
      span: span,
      notes: note.map { [$0] } ?? [])
  }
}
