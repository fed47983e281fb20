import SpoorCatalog
import SpoorDiagnostics

/// The typed relational plan both front ends bind into and the emitter reads.
///
/// Every node's output columns are known (``Relation/columns``); expressions refer to the columns of their
/// input by name.
public indirect enum Relation: Hashable, Sendable {
  /// Every row of a catalog table.
  case scan(Table)
  /// The rows of an event table ingested between two snapshots (scheduled runs, PgQ-style batching): rows whose
  /// `_spoor_xid` is visible in `batch.current` but not in `batch.previous`.
  case scanBatch(Table, IngestBatch)
  /// Rows of the input where the boolean predicate is true.
  case filter(Relation, ScalarExpression)
  /// Exactly these computed columns, in this order (project, extend, rename, reorder, away).
  case project(Relation, [NamedExpression])
  /// One row per distinct group key with the aggregates; with no keys, exactly one row even for empty input.
  case aggregate(Relation, groupBy: [NamedExpression], aggregates: [NamedAggregate])
  /// The input ordered by the keys.
  case sort(Relation, [SortKey])
  /// At most `count` rows of the input, in its order.
  case limit(Relation, count: Int64)
  /// Distinct rows of the input.
  case distinct(Relation)
  /// The first row per key, in the given order (XQL `dedup`, KQL `arg_max(T, *)`).
  case firstPerKey(Relation, keys: [ScalarExpression], order: [SortKey])
  /// A join of two relations.
  case join(Join)
  /// The rows of every input, aligned to the same columns (missing columns are null-filled by the binder).
  case union([Relation])
  /// One row per element of an array or bag column (KQL `mv-expand`, XQL `arrayexpand`).
  case expand(Relation, Expansion)
  /// Several arrays or bags expanded in parallel (KQL `mv-expand a, b`): row `i` holds element `i` of each,
  /// the shorter ones padded with null.
  case zipExpand(Relation, ZippedExpansion)
  /// For each input row, `subquery` over that row's expanded elements (KQL `mv-apply`): the input's columns
  /// other than the expanded sources, then the subquery's columns, once per row the subquery returns.
  case apply(Relation, ZippedExpansion, subquery: Relation)
  /// The current input row's expanded elements and index: the leaf of an ``apply`` subquery, valid only there.
  case appliedElements(ZippedExpansion)
  /// Inline rows (KQL `datatable`).
  case values(columns: [OutputColumn], rows: [[Value]])
  /// The rows of a KQL `externaldata` source, with its declared columns; the engine fetches them at run time.
  case external(ExternalSource)
  /// A numeric or datetime series (KQL `range`): one column from `start` to `stop` by `step`.
  case range(name: String, start: ScalarExpression, stop: ScalarExpression, step: ScalarExpression)
  /// The input's columns plus window computations over it (KQL `serialize`, `row_number`, `prev`, `next`).
  case window(Relation, [NamedWindowExpression])
  /// Series arrays (KQL `make-series`) from `cells`, which holds one row per group and bin: the group keys, the
  /// 0-based bin number and each aggregate's value. One row per group: the keys, each aggregate as an array over
  /// every bin (a bin without a row holds the aggregate's default), then the bins' axis values as an array.
  case series(Relation, SeriesLayout)

  /// The output columns, in order.
  public var columns: [OutputColumn] {
    switch self {
    case .scan(let table), .scanBatch(let table, _):
      return ScanOutputColumns.columns(of: table)
    case .filter(let input, _), .sort(let input, _), .limit(let input, _), .distinct(let input),
      .firstPerKey(let input, _, _):
      return input.columns
    case .project(_, let expressions):
      return expressions.map { OutputColumn(name: $0.name, type: $0.expression.type) }
    case .aggregate(_, let groupBy, let aggregates):
      return groupBy.map { OutputColumn(name: $0.name, type: $0.expression.type) }
        + aggregates.map { OutputColumn(name: $0.name, type: $0.call.type) }
    case .join(let join):
      return join.outputs.map { OutputColumn(name: $0.name, type: $0.type) }
    case .union(let inputs):
      return inputs.first?.columns ?? []
    case .expand(let input, let expansion):
      var result = input.columns.map { column -> OutputColumn in
        column.name == expansion.column ? OutputColumn(name: column.name, type: expansion.elementType) : column
      }
      if let indexName = expansion.indexColumn { result.append(OutputColumn(name: indexName, type: .long)) }
      return result
    case .zipExpand(let input, let expansion):
      var result = input.columns.map { column -> OutputColumn in
        guard let expanded = expansion.columns.first(where: { $0.source == column.name }) else { return column }
        return OutputColumn(name: expanded.name, type: expanded.elementType)
      }
      if let indexName = expansion.indexColumn { result.append(OutputColumn(name: indexName, type: .long)) }
      return result
    case .apply(let input, let expansion, let subquery):
      return input.columns.filter { column in !expansion.columns.contains { $0.source == column.name } }
        + subquery.columns
    case .appliedElements(let expansion):
      return expansion.columns.map { OutputColumn(name: $0.name, type: $0.elementType) }
        + (expansion.indexColumn.map { [OutputColumn(name: $0, type: .long)] } ?? [])
    case .values(let columns, _):
      return columns
    case .external(let source):
      return source.columns
    case .range(let name, let start, _, _):
      return [OutputColumn(name: name, type: start.type)]
    case .window(let input, let windows):
      return input.columns + windows.map { OutputColumn(name: $0.name, type: $0.expression.type) }
    case .series(let cells, let layout):
      let keys = cells.columns.filter { layout.keys.contains($0.name) }
      return keys + layout.values.map { OutputColumn(name: $0.name, type: .dynamic) }
        + [OutputColumn(name: layout.axisName, type: .dynamic)]
    }
  }
}

/// A window of ingested rows between two `pg_snapshot`s, in their text form (`xmin:xmax:xip,...`).
public struct IngestBatch: Hashable, Sendable {
  /// The snapshot taken at the end of the previous run (rows visible in it were already hunted).
  public var previous: String
  /// The snapshot taken at the start of this run.
  public var current: String

  /// Creates a batch.
  public init(previous: String, current: String) {
    self.previous = previous
    self.current = current
  }
}

/// A column of a relation's output.
public struct OutputColumn: Hashable, Sendable {
  /// The exact name.
  public var name: String
  /// The type.
  public var type: DataType

  /// Creates an output column.
  public init(name: String, type: DataType) {
    self.name = name
    self.type = type
  }
}

/// One ordering key.
public struct SortKey: Hashable, Sendable {
  /// The value to order by.
  public var expression: ScalarExpression
  /// True for ascending.
  public var ascending: Bool
  /// True when nulls come first.
  public var nullsFirst: Bool

  /// Creates a sort key.
  public init(expression: ScalarExpression, ascending: Bool, nullsFirst: Bool) {
    self.expression = expression
    self.ascending = ascending
    self.nullsFirst = nullsFirst
  }
}

/// Which input of a join a column comes from.
public enum JoinSide: Hashable, Sendable {
  case left
  case right
}

/// The kinds of join, with Kusto's names where Kusto has one.
public enum JoinKind: String, Hashable, Sendable {
  case inner
  case leftOuter
  case rightOuter
  case fullOuter
  case leftSemi
  case leftAnti
  case rightSemi
  case rightAnti
}

/// A join: both inputs, the condition over `.joinColumn` references, and the named output columns.
public struct Join: Hashable, Sendable {
  /// The left input.
  public var left: Relation
  /// The right input.
  public var right: Relation
  /// The kind.
  public var kind: JoinKind
  /// A boolean expression over `.joinColumn(side, name)` references.
  public var condition: ScalarExpression
  /// The output columns (for semi/anti joins, columns of the kept side only).
  public var outputs: [JoinOutput]

  /// Creates a join.
  public init(left: Relation, right: Relation, kind: JoinKind, condition: ScalarExpression, outputs: [JoinOutput]) {
    self.left = left
    self.right = right
    self.kind = kind
    self.condition = condition
    self.outputs = outputs
  }
}

/// An output column of a join: a column of one side, possibly renamed (`DeviceId1`).
public struct JoinOutput: Hashable, Sendable {
  /// The output name.
  public var name: String
  /// The side it comes from.
  public var side: JoinSide
  /// The column's name on that side.
  public var sourceName: String
  /// The type.
  public var type: DataType

  /// Creates a join output column.
  public init(name: String, side: JoinSide, sourceName: String, type: DataType) {
    self.name = name
    self.side = side
    self.sourceName = sourceName
    self.type = type
  }
}

/// How `expand` unnests a column.
public struct Expansion: Hashable, Sendable {
  /// Arrays give one row per element; bags one row per key/value pair as a one-entry bag.
  public enum Kind: Hashable, Sendable {
    case array
    case bag
  }

  /// The column to expand (replaced by its element).
  public var column: String
  /// Array or bag.
  public var kind: Kind
  /// The element type after expansion (`to typeof(...)`), `.dynamic` by default.
  public var elementType: DataType
  /// The name of a 0-based index column to add (`with_itemindex`), if any.
  public var indexColumn: String?
  /// Whether rows whose array (bag) is empty are kept, with a null element and index.
  ///
  /// Values that are not an
  /// array (bag), null included, always give one row holding the value itself, with a null index.
  public var keepEmpty: Bool

  /// Creates an expansion.
  public init(column: String, kind: Kind, elementType: DataType, indexColumn: String?, keepEmpty: Bool) {
    self.column = column
    self.kind = kind
    self.elementType = elementType
    self.indexColumn = indexColumn
    self.keepEmpty = keepEmpty
  }
}

/// Columns expanded in parallel (KQL `mv-expand a, b`, `mv-apply`).
///
/// Each value gives a list of elements: an
/// array its elements, a bag its entries as one-entry bags (or `[key, value]` arrays), any other value (null included) itself. A row gives
/// as many rows as its longest list (none when every list is empty); shorter lists are padded with null.
public struct ZippedExpansion: Hashable, Sendable {
  /// One expanded column.
  public struct Column: Hashable, Sendable {
    /// The input column holding the array or bag.
    public var source: String
    /// The name of the element column.
    public var name: String
    /// The element type (`to typeof(...)`), `.dynamic` by default; elements are converted to it.
    public var elementType: DataType

    /// Creates an expanded column.
    public init(source: String, name: String, elementType: DataType) {
      self.source = source
      self.name = name
      self.elementType = elementType
    }
  }

  /// The columns, in order.
  public var columns: [Column]
  /// The name of a 0-based position column to add (`with_itemindex`), if any; null on a row whose values are all
  /// neither arrays nor bags.
  public var indexColumn: String?
  /// At most this many rows per input row (the first positions), when set (`limit n`).
  public var rowLimit: Int64?
  /// True when a bag's entries become `[key, value]` arrays instead of one-entry bags (`kind=array`).
  public var bagsAsArrays: Bool

  /// Creates a zipped expansion.
  public init(columns: [Column], indexColumn: String?, rowLimit: Int64? = nil, bagsAsArrays: Bool = false) {
    self.columns = columns
    self.indexColumn = indexColumn
    self.rowLimit = rowLimit
    self.bagsAsArrays = bagsAsArrays
  }
}

/// How ``Relation/series`` turns one row per group and bin into one row of arrays per group.
public struct SeriesLayout: Hashable, Sendable {
  /// One aggregate's array.
  public struct Value: Hashable, Sendable {
    /// The column of the cells holding the aggregate, and of the output holding its array.
    public var name: String
    /// The element of a bin that has no cell (`default =`, 0 when not written).
    public var defaultValue: ScalarExpression

    /// Creates an array description.
    public init(name: String, defaultValue: ScalarExpression) {
      self.name = name
      self.defaultValue = defaultValue
    }
  }

  /// The group key columns of the cells, in output order.
  public var keys: [String]
  /// The cells' column holding the 0-based bin number.
  public var binColumn: String
  /// The aggregates' arrays, in output order.
  public var values: [Value]
  /// The output column holding the bins' axis values (the axis column's name).
  public var axisName: String
  /// The first bin's axis value.
  public var start: ScalarExpression
  /// The axis value past the last bin (exclusive): the bins are `start + k * step` below it.
  public var end: ScalarExpression
  /// The bin size.
  public var step: ScalarExpression
  /// True when empty input gives one row of defaults (`kind=nonempty`, only without group keys); otherwise empty
  /// input gives no row.
  public var keepEmpty: Bool

  /// Creates a layout.
  public init(
    keys: [String], binColumn: String, values: [Value], axisName: String, start: ScalarExpression,
    end: ScalarExpression, step: ScalarExpression, keepEmpty: Bool
  ) {
    self.keys = keys
    self.binColumn = binColumn
    self.values = values
    self.axisName = axisName
    self.start = start
    self.end = end
    self.step = step
    self.keepEmpty = keepEmpty
  }
}
