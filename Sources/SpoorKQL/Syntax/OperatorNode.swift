import SpoorDiagnostics

/// One tabular operator after a `|`.
public struct KQLOperatorNode: Hashable, Sendable {
  /// The operator and its arguments.
  public indirect enum Kind: Hashable, Sendable {
    /// `where` / `filter`.
    case `where`(KQLExpression)
    /// `project a, b = expr`.
    case project([KQLAssignment])
    /// `extend a = expr`.
    case extend([KQLAssignment])
    /// `project-away a, b*`.
    case projectAway([KQLNamePattern])
    /// `project-keep a, b*`.
    case projectKeep([KQLNamePattern])
    /// `project-rename new = old`.
    case projectRename([KQLRename])
    /// `project-reorder a, b*`.
    case projectReorder([KQLNamePattern])
    /// `sort by` / `order by`.
    case sort([KQLSortItem])
    /// `top N by key`.
    case top(count: KQLExpression, by: KQLSortItem)
    /// `top-nested [N] of [Name =] value [with others = value] by [Name =] aggregate [asc|desc], top-nested …`.
    case topNested([KQLTopNestedClause])
    /// `take N` / `limit N`.
    case take(KQLExpression)
    /// `sample N`: N rows picked at random.
    case sample(KQLExpression)
    /// `sample-distinct N of Column`: up to N distinct values of the column.
    case sampleDistinct(count: KQLExpression, of: KQLExpression)
    /// `distinct a, b` or `distinct *` (empty list).
    case distinct([KQLAssignment])
    /// `count [as Name]`.
    case count(KQLIdentifier?)
    /// `getschema`.
    case getschema
    /// `summarize aggregates [by keys]`.
    case summarize(aggregates: [KQLAssignment], by: [KQLAssignment])
    /// `join [kind=…] [hints] (right) on keys`.
    case join(kind: KQLIdentifier?, right: KQLExpression, on: [KQLExpression], hints: [KQLIdentifier])
    /// `lookup [kind=leftouter|inner] (right) on keys`.
    case lookup(kind: KQLIdentifier?, right: KQLExpression, on: [KQLExpression])
    /// `union …` after a pipe (the piped input is the first table).
    case union(KQLUnionClause)
    /// `mv-expand [kind=bag|array] [with_itemindex=I] col [to typeof(t)], … [limit n]`; `kind=array` (or
    /// `bagexpansion=array`) expands a bag into `[key, value]` arrays.
    case mvExpand(items: [KQLMvExpandItem], indexName: KQLIdentifier?, rowLimit: KQLExpression?, bagsAsArrays: Bool)
    /// `mv-apply [with_itemindex=I] col [to typeof(t)], … [limit n] on (operators)`.
    case mvApply(items: [KQLMvExpandItem], indexName: KQLIdentifier?, rowLimit: KQLExpression?, body: [KQLOperatorNode])
    /// `parse [kind=regex] value with pattern` and `parse-where`.
    case parse(KQLParseClause)
    /// `parse-kv value as (Key:type, …) [with (option = value, …)]`.
    case parseKV(KQLParseKVClause)
    /// `serialize [Name = expr, …]`.
    case serialize([KQLAssignment])
    /// `as Name`.
    case `as`(KQLIdentifier)
    /// `invoke f(args)`.
    case invoke(KQLExpression)
    /// `render visualization [with (name = value, …)]`: how to draw the rows (the CLI prints them).
    case render(KQLRenderClause)
    /// `make-series [kind=nonempty] [Name =] aggregate [default = value], … on axis from start to end step step
    /// [by keys]`.
    case makeSeries(KQLMakeSeriesClause)
    /// `evaluate [hints] plugin(arguments) [: (output schema)]`.
    case evaluate(KQLEvaluateClause)
    /// `search [kind=…] predicate` over the piped input.
    case search(KQLSearchClause)
    /// `partition [hints] by Column (operators)` or the legacy `partition by Column { query }`.
    case partition(KQLPartitionClause)
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
      case .parseKV: "parse-kv"
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
public struct KQLTopNestedClause: Hashable, Sendable {
  /// How many values the level keeps; nil keeps them all.
  public var count: KQLExpression?
  /// The level's value, and its optional output name.
  public var value: KQLAssignment
  /// The `with others = value` constant, if written.
  public var others: KQLExpression?
  /// The aggregate that ranks the values, and its optional output name.
  public var aggregate: KQLAssignment
  /// True for `asc` (the smallest aggregates); `desc` is the default.
  public var ascending: Bool

  /// Creates a clause.
  public init(
    count: KQLExpression?, value: KQLAssignment, others: KQLExpression?, aggregate: KQLAssignment, ascending: Bool
  ) {
    self.count = count
    self.value = value
    self.others = others
    self.aggregate = aggregate
    self.ascending = ascending
  }
}

/// `NewName = OldName` in `project-rename`.
public struct KQLRename: Hashable, Sendable {
  /// The new name.
  public var newName: KQLIdentifier
  /// The column renamed.
  public var oldName: KQLIdentifier

  /// Creates a rename.
  public init(newName: KQLIdentifier, oldName: KQLIdentifier) {
    self.newName = newName
    self.oldName = oldName
  }
}

/// One column of `mv-expand`: `[Name =] value [to typeof(type)]`.
public struct KQLMvExpandItem: Hashable, Sendable {
  /// The expanded value and its optional new name.
  public var assignment: KQLAssignment
  /// The element type as written in `to typeof(...)`, if any.
  public var typeName: KQLIdentifier?

  /// Creates an item.
  public init(assignment: KQLAssignment, typeName: KQLIdentifier?) {
    self.assignment = assignment
    self.typeName = typeName
  }
}

/// `parse [kind=simple|regex] value with "literal" Name:type "literal" … *`.
public struct KQLParseClause: Hashable, Sendable {
  /// True for `kind=regex`.
  public var isRegex: Bool
  /// True for `parse-where` (rows that do not match are dropped).
  public var dropsUnmatched: Bool
  /// The parsed value.
  public var value: KQLExpression
  /// The pattern parts in order.
  public var parts: [KQLParsePart]

  /// Creates a parse clause.
  public init(isRegex: Bool, dropsUnmatched: Bool, value: KQLExpression, parts: [KQLParsePart]) {
    self.isRegex = isRegex
    self.dropsUnmatched = dropsUnmatched
    self.value = value
    self.parts = parts
  }
}

/// `parse-kv value as (Key:type, …) [with (option = value, …)]`.
public struct KQLParseKVClause: Hashable, Sendable {
  /// The parsed value.
  public var value: KQLExpression
  /// The keys to extract, each a column of its declared type.
  public var keys: [KQLColumnDeclaration]
  /// The `with (…)` options in order (`pair_delimiter`, `kv_delimiter`, `quote`, `escape`, `greedy`, `regex`);
  /// nil without `with`.
  public var options: [KQLAssignment]?

  /// Creates a parse-kv clause.
  public init(value: KQLExpression, keys: [KQLColumnDeclaration], options: [KQLAssignment]?) {
    self.value = value
    self.keys = keys
    self.options = options
  }
}

/// One element of a `parse` pattern.
public enum KQLParsePart: Hashable, Sendable {
  /// KQLLiteral text to match.
  case text(String)
  /// A column to extract, with an optional type name.
  case column(KQLIdentifier, typeName: KQLIdentifier?)
  /// `*`: skip anything.
  case wildcard
}

/// `render visualization [with (name = value, …)]`.
public struct KQLRenderClause: Hashable, Sendable {
  /// The visualization's name (`timechart`, `piechart`, …).
  public var visualization: KQLIdentifier
  /// The `with (…)` properties, in order.
  public var properties: [KQLRenderProperty]

  /// Creates a render clause.
  public init(visualization: KQLIdentifier, properties: [KQLRenderProperty]) {
    self.visualization = visualization
    self.properties = properties
  }
}

/// One `name = value` of `render … with (…)`: a value is a name, a string, a number or a comma list of names.
public struct KQLRenderProperty: Hashable, Sendable {
  /// The property's name (`xcolumn`, `ycolumns`, `series`, `title`, `kind`, …).
  public var name: KQLIdentifier
  /// The values, in order (one for most properties, several for `ycolumns` and `series`).
  public var values: [KQLIdentifier]

  /// Creates a property.
  public init(name: KQLIdentifier, values: [KQLIdentifier]) {
    self.name = name
    self.values = values
  }
}

/// One aggregate of `make-series`: `[Name =] aggregate [default = value]`.
public struct KQLSeriesAggregateItem: Hashable, Sendable {
  /// The aggregate call and its optional output name.
  public var assignment: KQLAssignment
  /// The value of a bin without rows (`default = …`), if written.
  public var defaultValue: KQLExpression?

  /// Creates an item.
  public init(assignment: KQLAssignment, defaultValue: KQLExpression?) {
    self.assignment = assignment
    self.defaultValue = defaultValue
  }
}

/// The arguments of `make-series`.
public struct KQLMakeSeriesClause: Hashable, Sendable {
  /// True for `kind=nonempty` (empty input gives one row of default values).
  public var nonEmpty: Bool
  /// The aggregates, in order.
  public var aggregates: [KQLSeriesAggregateItem]
  /// The axis column (`on …`).
  public var axis: KQLExpression
  /// `from start`, if written.
  public var start: KQLExpression?
  /// `to end`, if written.
  public var end: KQLExpression?
  /// `step step` (or the third argument of `in range(…)`).
  public var step: KQLExpression?
  /// The span of the alternate `in range(start, stop, step)` form, when written that way.
  public var rangeSpan: Span?
  /// The group keys (`by …`).
  public var keys: [KQLAssignment]

  /// Creates a clause.
  public init(
    nonEmpty: Bool, aggregates: [KQLSeriesAggregateItem], axis: KQLExpression, start: KQLExpression?,
    end: KQLExpression?,
    step: KQLExpression?, rangeSpan: Span?, keys: [KQLAssignment]
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
public struct KQLEvaluateClause: Hashable, Sendable {
  /// The plugin's name.
  public var plugin: KQLIdentifier
  /// The positional arguments, in order.
  public var arguments: [KQLExpression]
  /// The `name = value` arguments, in order.
  public var namedArguments: [KQLAssignment]
  /// The declared output columns (`: (Name:type, …)`), if written.
  public var schema: [KQLColumnDeclaration]?
  /// True when the schema starts with `*` (the input's columns come first).
  public var schemaKeepsInput: Bool

  /// Creates a clause.
  public init(
    plugin: KQLIdentifier, arguments: [KQLExpression], namedArguments: [KQLAssignment], schema: [KQLColumnDeclaration]?,
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
public struct KQLPartitionClause: Hashable, Sendable {
  /// The `hint.*` names written (Kusto's strategies and their tuning; none changes the result).
  public var hints: [KQLIdentifier]
  /// The partition key column.
  public var column: KQLIdentifier
  /// The operators of `( … )`; nil for the legacy `{ … }` form, a query with its own source.
  public var body: [KQLOperatorNode]?
  /// The subquery, brackets included.
  public var bodySpan: Span

  /// Creates a clause.
  public init(hints: [KQLIdentifier], column: KQLIdentifier, body: [KQLOperatorNode]?, bodySpan: Span) {
    self.hints = hints
    self.column = column
    self.body = body
    self.bodySpan = bodySpan
  }
}
