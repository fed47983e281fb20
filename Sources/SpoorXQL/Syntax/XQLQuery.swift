import SpoorDiagnostics

/// A parsed XQL query: its stages in order.
public struct XQLQuery: Hashable, Sendable {
  /// The stages, separated by `|` in the text.
  public var stages: [XQLStage]
  /// Where the query is.
  public var span: Span

  /// Creates a query.
  public init(stages: [XQLStage], span: Span) {
    self.stages = stages
    self.span = span
  }
}

/// One stage of a query with its keyword.
public struct XQLStage: Hashable, Sendable {
  /// What the stage does.
  public var kind: XQLStageKind
  /// The stage keyword (`filter`, `comp`, …) as written.
  public var keyword: XQLName
  /// The whole stage.
  public var span: Span

  /// Creates a stage.
  public init(kind: XQLStageKind, keyword: XQLName, span: Span) {
    self.kind = kind
    self.keyword = keyword
    self.span = span
  }
}

/// The stages Spoor understands, plus recognised-but-untranslatable ones.
public enum XQLStageKind: Hashable, Sendable {
  /// `config case_sensitive = … timeframe = …`: one or more options, in order.
  case config([XQLConfig])
  /// `dataset = name` or `dataset in (a, b)`.
  case dataset([XQLName])
  /// `preset = name`.
  case preset(XQLName)
  /// `filter expr`.
  case filter(XQLExpression)
  /// `fields [-] f [as a], pat*, …`.
  case fields(XQLFieldsStage)
  /// `alter f = expr, …`.
  case alter([XQLAssignment])
  /// `comp agg(f) [as a], … [by k, …]`.
  case comp(XQLCompStage)
  /// `sort asc|desc f, …`.
  case sort([XQLSortItem])
  /// `limit n`.
  case limit(Int64)
  /// `dedup f, … [by asc|desc g]`.
  case dedup(keys: [XQLName], order: XQLSortItem?)
  /// `join [conflict_strategy = s] [type = t] (query) as alias condition`.
  case join(XQLJoinStage)
  /// `union dataset` or `union (query)`.
  case union(XQLUnionSource)
  /// `bin f span = 1h` or `bin f bins = n`.
  case bin(XQLBinStage)
  /// `arrayexpand f [limit n]`.
  case arrayExpand(field: XQLName, limit: Int64?)
  /// `top [n] f [by g, …] [top_count as a] [top_percent as b]`.
  case top(XQLTopStage)
  /// `windowcomp fn(args) [by …] [sort …] [between …] [frame_type = …] as alias [, fn(…) … as alias2 …]`.
  case windowComp([XQLWindowStage])
  /// `replacenull f = "text"`.
  case replaceNull(field: XQLName, text: XQLName)
  /// `iploc f [loc_x [as a], …] [suffix = s]`.
  case ipLocation(XQLIPLocationStage)
  /// `call "stored query" [p = v …]`: the rows of a query of the hunt library.
  case call(XQLCallStage)
  /// `view …`: presentation only (highlighting, graphs, column order); `view graph …` carries its options,
  /// which the console of `spoor serve` draws.
  case view(graph: [XQLViewOption]?)
  /// A real XQL stage Spoor does not translate (`iploc`, `windowcomp`, …).
  case unsupported
}

/// A `config` option.
public enum XQLConfig: Hashable, Sendable {
  /// `config case_sensitive = true|false`.
  case caseSensitive(Bool)
  /// `config timeframe = 7d`: the last n units.
  case timeframeLast(XQLDuration)
  /// `config timeframe between "a" and "b"`: each bound is a relative duration, "now", "begin" or an absolute time.
  case timeframeBetween(XQLName, XQLName)
  /// Another option (`max_runtime_minutes`, …), accepted and ignored.
  case other(XQLName)
}

/// An amount with an XQL time unit (`S`, `M`, `H`, `D`, `W`, `MO`, `Y`, `MS`).
public struct XQLDuration: Hashable, Sendable {
  /// The amount, signed.
  public var amount: Int64
  /// The unit, lowercased.
  public var unit: String
  /// Where it is.
  public var span: Span

  /// Creates a duration.
  public init(amount: Int64, unit: String, span: Span) {
    self.amount = amount
    self.unit = unit
    self.span = span
  }
}

/// The `fields` stage.
public struct XQLFieldsStage: Hashable, Sendable {
  /// True for `fields - a, b` (remove).
  public var exclude: Bool
  /// The listed fields.
  public var items: [XQLFieldItem]

  /// Creates a fields stage.
  public init(exclude: Bool, items: [XQLFieldItem]) {
    self.exclude = exclude
    self.items = items
  }
}

/// One item of `fields`: a name or a `*` pattern, optionally renamed.
public struct XQLFieldItem: Hashable, Sendable {
  /// The field name or pattern text (with `*`).
  public var name: XQLName
  /// True when `name` holds `*`.
  public var isPattern: Bool
  /// The `as` name.
  public var alias: XQLName?

  /// Creates an item.
  public init(name: XQLName, isPattern: Bool, alias: XQLName?) {
    self.name = name
    self.isPattern = isPattern
    self.alias = alias
  }
}

/// One function of a `windowcomp` stage over partitions of the rows.
public struct XQLWindowStage: Hashable, Sendable {
  /// The window function.
  public var function: XQLName
  /// Its arguments.
  public var arguments: [XQLExpression]
  /// `by` partition fields.
  public var partitionBy: [XQLName]
  /// `sort` keys.
  public var sort: [XQLSortItem]
  /// `between …` or `frame_type = …`, when written (the frame).
  public var frame: Span?
  /// The `between` bounds: each `0`, `null`, `n` or `-n`; the second is nil when only one is written.
  public var frameBounds: [XQLExpression]
  /// `frame_type = rows|range`.
  public var frameType: XQLName?
  /// The output field.
  public var alias: XQLName

  /// Creates a windowcomp function.
  public init(
    function: XQLName, arguments: [XQLExpression], partitionBy: [XQLName], sort: [XQLSortItem], frame: Span?,
    frameBounds: [XQLExpression] = [], frameType: XQLName? = nil, alias: XQLName
  ) {
    self.function = function
    self.arguments = arguments
    self.partitionBy = partitionBy
    self.sort = sort
    self.frame = frame
    self.frameBounds = frameBounds
    self.frameType = frameType
    self.alias = alias
  }
}

/// The `iploc` stage: geolocation columns for an IPv4 address field.
public struct XQLIPLocationStage: Hashable, Sendable {
  /// The address field.
  public var field: XQLName
  /// The location columns asked for (`loc_city [as city]`), in order; empty for all of them.
  public var columns: [(column: XQLName, alias: XQLName?)]
  /// `suffix = s`: appended to each added column's name.
  public var suffix: XQLName?

  /// Creates an iploc stage.
  public init(field: XQLName, columns: [(column: XQLName, alias: XQLName?)], suffix: XQLName?) {
    self.field = field
    self.columns = columns
    self.suffix = suffix
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.field == rhs.field && lhs.suffix == rhs.suffix && lhs.columns.map(\.column) == rhs.columns.map(\.column)
      && lhs.columns.map(\.alias) == rhs.columns.map(\.alias)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(field)
    hasher.combine(suffix)
    for (column, alias) in columns {
      hasher.combine(column)
      hasher.combine(alias)
    }
  }
}

/// `call "name" [p = v …]`.
public struct XQLCallStage: Hashable, Sendable {
  /// The stored query's name, as written (quotes removed).
  public var name: XQLName
  /// Parameters: `$p` in the stored query reads the value given here.
  public var parameters: [XQLAssignment]

  /// Creates a call stage.
  public init(name: XQLName, parameters: [XQLAssignment]) {
    self.name = name
    self.parameters = parameters
  }
}

/// `name = expression` in `alter`.
public struct XQLAssignment: Hashable, Sendable {
  /// The field to set.
  public var name: XQLName
  /// Its value.
  public var value: XQLExpression

  /// Creates an assignment.
  public init(name: XQLName, value: XQLExpression) {
    self.name = name
    self.value = value
  }
}

/// The `comp` stage.
public struct XQLCompStage: Hashable, Sendable {
  /// The aggregates.
  public var aggregates: [XQLAggregate]
  /// The `by` fields.
  public var groupBy: [XQLName]

  /// Creates a comp stage.
  public init(aggregates: [XQLAggregate], groupBy: [XQLName]) {
    self.aggregates = aggregates
    self.groupBy = groupBy
  }
}

/// One aggregate of `comp`: `function(argument) [as alias]`.
public struct XQLAggregate: Hashable, Sendable {
  /// The function name.
  public var function: XQLName
  /// The argument (nil for `count()`).
  public var argument: XQLExpression?
  /// Arguments after the first (`approx_top(f, 10)`).
  public var moreArguments: [XQLExpression] = []
  /// The `as` name.
  public var alias: XQLName?
  /// The whole aggregate.
  public var span: Span
  /// `agg(*)`: the function applied to every field but the `by` keys (`argument` is nil).
  public var allFields: Bool
  /// `as *`: each `agg(*)` output keeps its field's name (`alias` is nil).
  public var keepsFieldNames: Bool

  /// Creates an aggregate.
  public init(
    function: XQLName, argument: XQLExpression?, alias: XQLName?, span: Span, allFields: Bool = false,
    keepsFieldNames: Bool = false
  ) {
    self.function = function
    self.argument = argument
    self.alias = alias
    self.span = span
    self.allFields = allFields
    self.keepsFieldNames = keepsFieldNames
  }
}

/// One key of `sort` (or the `by` of `dedup`).
public struct XQLSortItem: Hashable, Sendable {
  /// The value to order by.
  public var expression: XQLExpression
  /// True for `asc` (the default when no direction is written).
  public var ascending: Bool

  /// Creates a sort key.
  public init(expression: XQLExpression, ascending: Bool) {
    self.expression = expression
    self.ascending = ascending
  }
}

/// The `join` stage.
public struct XQLJoinStage: Hashable, Sendable {
  /// `inner`, `left` or `right` (default `inner`).
  public var type: XQLName?
  /// `right`, `left` or `both` (default `right`).
  public var conflictStrategy: XQLName?
  /// The inner query.
  public var query: XQLQuery
  /// The alias its columns are referenced by.
  public var alias: XQLName
  /// The join condition.
  public var condition: XQLExpression

  /// Creates a join stage.
  public init(type: XQLName?, conflictStrategy: XQLName?, query: XQLQuery, alias: XQLName, condition: XQLExpression) {
    self.type = type
    self.conflictStrategy = conflictStrategy
    self.query = query
    self.alias = alias
    self.condition = condition
  }
}

/// What `union` appends.
public enum XQLUnionSource: Hashable, Sendable {
  /// Every row of a dataset.
  case dataset(XQLName)
  /// The rows of an inner query.
  case query(XQLQuery)
}

/// The `bin` stage.
public struct XQLBinStage: Hashable, Sendable {
  /// The field to bucket.
  public var field: XQLName
  /// `span = <duration>` (time buckets).
  public var span: XQLDuration?
  /// `bins = n` (numeric buckets).
  public var bins: Int64?
  /// Options Spoor does not translate (`timeshift`, `timezone`), by name.
  public var unsupportedOptions: [XQLName]

  /// Creates a bin stage.
  public init(field: XQLName, span: XQLDuration?, bins: Int64?, unsupportedOptions: [XQLName]) {
    self.field = field
    self.span = span
    self.bins = bins
    self.unsupportedOptions = unsupportedOptions
  }
}

/// The `top` stage.
public struct XQLTopStage: Hashable, Sendable {
  /// How many values (default 10).
  public var count: Int64?
  /// The field whose most frequent values are wanted.
  public var field: XQLName
  /// The `by` fields.
  public var groupBy: [XQLName]
  /// The name of the count column (default `top_count`).
  public var countAlias: XQLName?
  /// The name of the percentage column (default `top_percent`).
  public var percentAlias: XQLName?

  /// Creates a top stage.
  public init(count: Int64?, field: XQLName, groupBy: [XQLName], countAlias: XQLName?, percentAlias: XQLName?) {
    self.count = count
    self.field = field
    self.groupBy = groupBy
    self.countAlias = countAlias
    self.percentAlias = percentAlias
  }
}

/// One `name = value[, value…]` option of `view graph` (`type = column`, `yaxis = a, b`, `header = "t"`).
public struct XQLViewOption: Hashable, Sendable {
  /// The option's name.
  public var name: XQLName
  /// Its values, in order.
  public var values: [XQLName]

  /// Creates an option.
  public init(name: XQLName, values: [XQLName]) {
    self.name = name
    self.values = values
  }
}
