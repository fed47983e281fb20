import SpoorDiagnostics

/// One tabular operator after a `|`.
public struct OperatorNode: Hashable, Sendable {
  /// The operator and its arguments.
  public indirect enum Kind: Hashable, Sendable {
    /// `where` / `filter`.
    case `where`(Expression)
    /// `project a, b = expr`.
    case project([Assignment])
    /// `extend a = expr`.
    case extend([Assignment])
    /// `project-away a, b*`.
    case projectAway([NamePattern])
    /// `project-keep a, b*`.
    case projectKeep([NamePattern])
    /// `project-rename new = old`.
    case projectRename([Rename])
    /// `project-reorder a, b*`.
    case projectReorder([NamePattern])
    /// `sort by` / `order by`.
    case sort([SortItem])
    /// `top N by key`.
    case top(count: Expression, by: SortItem)
    /// `top-nested [N] of [Name =] value [with others = value] by [Name =] aggregate [asc|desc], top-nested …`.
    case topNested([TopNestedClause])
    /// `take N` / `limit N`.
    case take(Expression)
    /// `sample N`: N rows picked at random.
    case sample(Expression)
    /// `sample-distinct N of Column`: up to N distinct values of the column.
    case sampleDistinct(count: Expression, of: Expression)
    /// `distinct a, b` or `distinct *` (empty list).
    case distinct([Assignment])
    /// `count [as Name]`.
    case count(Identifier?)
    /// `getschema`.
    case getschema
    /// `summarize aggregates [by keys]`.
    case summarize(aggregates: [Assignment], by: [Assignment])
    /// `join [kind=…] [hints] (right) on keys`.
    case join(kind: Identifier?, right: Expression, on: [Expression], hints: [Identifier])
    /// `lookup [kind=leftouter|inner] (right) on keys`.
    case lookup(kind: Identifier?, right: Expression, on: [Expression])
    /// `union …` after a pipe (the piped input is the first table).
    case union(UnionClause)
    /// `mv-expand [kind=bag|array] [with_itemindex=I] col [to typeof(t)], … [limit n]`; `kind=array` (or
    /// `bagexpansion=array`) expands a bag into `[key, value]` arrays.
    case mvExpand(items: [MvExpandItem], indexName: Identifier?, rowLimit: Expression?, bagsAsArrays: Bool)
    /// `mv-apply [with_itemindex=I] col [to typeof(t)], … [limit n] on (operators)`.
    case mvApply(items: [MvExpandItem], indexName: Identifier?, rowLimit: Expression?, body: [OperatorNode])
    /// `parse [kind=regex] value with pattern` and `parse-where`.
    case parse(ParseClause)
    /// `serialize [Name = expr, …]`.
    case serialize([Assignment])
    /// `as Name`.
    case `as`(Identifier)
    /// `invoke f(args)`.
    case invoke(Expression)
    /// `render visualization [with (name = value, …)]`: how to draw the rows (the CLI prints them).
    case render(RenderClause)
    /// `make-series [kind=nonempty] [Name =] aggregate [default = value], … on axis from start to end step step
    /// [by keys]`.
    case makeSeries(MakeSeriesClause)
    /// `evaluate [hints] plugin(arguments) [: (output schema)]`.
    case evaluate(EvaluateClause)
    /// `search [kind=…] predicate` over the piped input.
    case search(SearchClause)
    /// `partition [hints] by Column (operators)` or the legacy `partition by Column { query }`.
    case partition(PartitionClause)
    /// A recognised operator that cannot be translated (`evaluate`, `make-series`, …).
    case unsupported(String)

    /// The operator's keyword as a query writes it (`mv-apply`, `top-nested`).
    public var keyword: String {
      switch self {
      case .where: "where"
      case .project: "project"
      case .extend: "extend"
      case .projectAway: "project-away"
      case .projectKeep: "project-keep"
      case .projectRename: "project-rename"
      case .projectReorder: "project-reorder"
      case .sort: "sort"
      case .top: "top"
      case .topNested: "top-nested"
      case .take: "take"
      case .sample: "sample"
      case .sampleDistinct: "sample-distinct"
      case .distinct: "distinct"
      case .count: "count"
      case .getschema: "getschema"
      case .summarize: "summarize"
      case .join: "join"
      case .lookup: "lookup"
      case .union: "union"
      case .mvExpand: "mv-expand"
      case .mvApply: "mv-apply"
      case .parse: "parse"
      case .serialize: "serialize"
      case .as: "as"
      case .invoke: "invoke"
      case .render: "render"
      case .makeSeries: "make-series"
      case .evaluate: "evaluate"
      case .search: "search"
      case .partition: "partition"
      case .unsupported(let name): name
      }
    }
  }

  /// The operator and its arguments.
  public var kind: Kind
  /// Where the operator keyword is written.
  public var keywordSpan: Span
  /// The operator with its arguments.
  public var span: Span

  /// Creates an operator node.
  public init(kind: Kind, keywordSpan: Span, span: Span) {
    self.kind = kind
    self.keywordSpan = keywordSpan
    self.span = span
  }
}

/// One level of `top-nested`: `[N] of [Name =] value [with others = value] by [Name =] aggregate [asc|desc]`.
public struct TopNestedClause: Hashable, Sendable {
  /// How many values the level keeps; nil keeps them all.
  public var count: Expression?
  /// The level's value, and its optional output name.
  public var value: Assignment
  /// The `with others = value` constant, if written.
  public var others: Expression?
  /// The aggregate that ranks the values, and its optional output name.
  public var aggregate: Assignment
  /// True for `asc` (the smallest aggregates); `desc` is the default.
  public var ascending: Bool

  /// Creates a clause.
  public init(count: Expression?, value: Assignment, others: Expression?, aggregate: Assignment, ascending: Bool) {
    self.count = count
    self.value = value
    self.others = others
    self.aggregate = aggregate
    self.ascending = ascending
  }
}

/// `NewName = OldName` in `project-rename`.
public struct Rename: Hashable, Sendable {
  /// The new name.
  public var newName: Identifier
  /// The column renamed.
  public var oldName: Identifier

  /// Creates a rename.
  public init(newName: Identifier, oldName: Identifier) {
    self.newName = newName
    self.oldName = oldName
  }
}

/// One column of `mv-expand`: `[Name =] value [to typeof(type)]`.
public struct MvExpandItem: Hashable, Sendable {
  /// The expanded value and its optional new name.
  public var assignment: Assignment
  /// The element type as written in `to typeof(...)`, if any.
  public var typeName: Identifier?

  /// Creates an item.
  public init(assignment: Assignment, typeName: Identifier?) {
    self.assignment = assignment
    self.typeName = typeName
  }
}

/// `parse [kind=simple|regex] value with "literal" Name:type "literal" … *`.
public struct ParseClause: Hashable, Sendable {
  /// True for `kind=regex`.
  public var isRegex: Bool
  /// True for `parse-where` (rows that do not match are dropped).
  public var dropsUnmatched: Bool
  /// The parsed value.
  public var value: Expression
  /// The pattern parts in order.
  public var parts: [ParsePart]

  /// Creates a parse clause.
  public init(isRegex: Bool, dropsUnmatched: Bool, value: Expression, parts: [ParsePart]) {
    self.isRegex = isRegex
    self.dropsUnmatched = dropsUnmatched
    self.value = value
    self.parts = parts
  }
}

/// One element of a `parse` pattern.
public enum ParsePart: Hashable, Sendable {
  /// Literal text to match.
  case text(String)
  /// A column to extract, with an optional type name.
  case column(Identifier, typeName: Identifier?)
  /// `*`: skip anything.
  case wildcard
}

/// `render visualization [with (name = value, …)]`.
public struct RenderClause: Hashable, Sendable {
  /// The visualization's name (`timechart`, `piechart`, …).
  public var visualization: Identifier
  /// The `with (…)` properties, in order.
  public var properties: [RenderProperty]

  /// Creates a render clause.
  public init(visualization: Identifier, properties: [RenderProperty]) {
    self.visualization = visualization
    self.properties = properties
  }
}

/// One `name = value` of `render … with (…)`: a value is a name, a string, a number or a comma list of names.
public struct RenderProperty: Hashable, Sendable {
  /// The property's name (`xcolumn`, `ycolumns`, `series`, `title`, `kind`, …).
  public var name: Identifier
  /// The values, in order (one for most properties, several for `ycolumns` and `series`).
  public var values: [Identifier]

  /// Creates a property.
  public init(name: Identifier, values: [Identifier]) {
    self.name = name
    self.values = values
  }
}

/// One aggregate of `make-series`: `[Name =] aggregate [default = value]`.
public struct SeriesAggregateItem: Hashable, Sendable {
  /// The aggregate call and its optional output name.
  public var assignment: Assignment
  /// The value of a bin without rows (`default = …`), if written.
  public var defaultValue: Expression?

  /// Creates an item.
  public init(assignment: Assignment, defaultValue: Expression?) {
    self.assignment = assignment
    self.defaultValue = defaultValue
  }
}

/// The arguments of `make-series`.
public struct MakeSeriesClause: Hashable, Sendable {
  /// True for `kind=nonempty` (empty input gives one row of default values).
  public var nonEmpty: Bool
  /// The aggregates, in order.
  public var aggregates: [SeriesAggregateItem]
  /// The axis column (`on …`).
  public var axis: Expression
  /// `from start`, if written.
  public var start: Expression?
  /// `to end`, if written.
  public var end: Expression?
  /// `step step` (or the third argument of `in range(…)`).
  public var step: Expression?
  /// The span of the alternate `in range(start, stop, step)` form, when written that way.
  public var rangeSpan: Span?
  /// The group keys (`by …`).
  public var keys: [Assignment]

  /// Creates a clause.
  public init(
    nonEmpty: Bool, aggregates: [SeriesAggregateItem], axis: Expression, start: Expression?, end: Expression?,
    step: Expression?, rangeSpan: Span?, keys: [Assignment]
  ) {
    self.nonEmpty = nonEmpty
    self.aggregates = aggregates
    self.axis = axis
    self.start = start
    self.end = end
    self.step = step
    self.rangeSpan = rangeSpan
    self.keys = keys
  }
}

/// `evaluate plugin(arguments) [: (schema)]`.
public struct EvaluateClause: Hashable, Sendable {
  /// The plugin's name.
  public var plugin: Identifier
  /// The positional arguments, in order.
  public var arguments: [Expression]
  /// The `name = value` arguments, in order.
  public var namedArguments: [Assignment]
  /// The declared output columns (`: (Name:type, …)`), if written.
  public var schema: [ColumnDeclaration]?
  /// True when the schema starts with `*` (the input's columns come first).
  public var schemaKeepsInput: Bool

  /// Creates a clause.
  public init(
    plugin: Identifier, arguments: [Expression], namedArguments: [Assignment], schema: [ColumnDeclaration]?,
    schemaKeepsInput: Bool
  ) {
    self.plugin = plugin
    self.arguments = arguments
    self.namedArguments = namedArguments
    self.schema = schema
    self.schemaKeepsInput = schemaKeepsInput
  }
}

/// `partition [hint.name=value …] by Column (operators)`: the operators run on each subtable of rows sharing the
/// column's value, and the output is the union of their results.
public struct PartitionClause: Hashable, Sendable {
  /// The `hint.*` names written (Kusto's strategies and their tuning; none changes the result).
  public var hints: [Identifier]
  /// The partition key column.
  public var column: Identifier
  /// The operators of `( … )`; nil for the legacy `{ … }` form, a query with its own source.
  public var body: [OperatorNode]?
  /// The subquery, brackets included.
  public var bodySpan: Span

  /// Creates a clause.
  public init(hints: [Identifier], column: Identifier, body: [OperatorNode]?, bodySpan: Span) {
    self.hints = hints
    self.column = column
    self.body = body
    self.bodySpan = bodySpan
  }
}
