import SpoorCatalog

/// Aggregate functions.
///
/// Empty-input results follow Kusto: counts give 0, sets and lists give `[]`.
public enum AggregateFunction: Hashable, Sendable {
  /// Rows (no argument) or non-null values.
  case count
  /// Distinct non-null values.
  case countDistinct
  case sum
  case min
  case max
  case avg
  /// Distinct values as a dynamic array (nulls skipped), up to `limit` elements.
  case makeSet(limit: Int64?)
  /// Values as a dynamic array (nulls skipped), up to `limit` elements.
  case makeList(limit: Int64?)
  /// Merged property bags.
  case makeBag
  /// Any one value.
  case any
  /// The nearest-rank percentile (0…100).
  case percentile(Double)
  /// The continuous median of a number: the middle value, or the mean of the two middle values (XQL `median`).
  case median
  /// Sample standard deviation.
  case stdev
  /// Population standard deviation (XQL `stddev_population`).
  case stdevPopulation
  /// Sample variance.
  case variance
  /// The value of the second argument on the row where the first is largest (XQL `latest`, KQL `arg_max`).
  case valueAtMax
  /// The value of the second argument on the row where the first is smallest (XQL `earliest`, KQL `arg_min`).
  case valueAtMin
}

/// A call of an aggregate function, optionally over the rows where `filter` holds (the `*if` forms).
public struct AggregateCall: Hashable, Sendable {
  /// The function.
  public var function: AggregateFunction
  /// The arguments (none for `count()`).
  public var arguments: [ScalarExpression]
  /// Only rows where this holds are aggregated.
  public var filter: ScalarExpression?
  /// The result type.
  public var type: DataType

  /// Creates an aggregate call.
  public init(
    function: AggregateFunction, arguments: [ScalarExpression], filter: ScalarExpression? = nil, type: DataType
  ) {
    self.function = function
    self.arguments = arguments
    self.filter = filter
    self.type = type
  }
}

/// An aggregate call and the column name it is output under.
public struct NamedAggregate: Hashable, Sendable {
  /// The output column name.
  public var name: String
  /// The call.
  public var call: AggregateCall

  /// Creates a named aggregate.
  public init(name: String, call: AggregateCall) {
    self.name = name
    self.call = call
  }
}

/// Window functions over a serialized relation.
public enum WindowFunction: Hashable, Sendable {
  /// 1-based row number.
  case rowNumber
  /// The argument's value `offset` rows before, or the default (second argument) when none.
  case previous(offset: Int64)
  /// The argument's value `offset` rows after, or the default (second argument) when none.
  case next(offset: Int64)
  /// The 1-based rank with gaps after ties (`rank`) or without (`denseRank`), by the window's order.
  case rank
  case denseRank
  /// The argument's value on the first (last) row of the frame.
  case firstValue
  case lastValue
  /// An aggregate (count, sum, avg, min, max, stdev, stdevPopulation) over the frame.
  case aggregate(AggregateFunction)
}

/// The rows of a window frame: `ROWS` (or `RANGE`) between two bounds, each a signed row (or value) offset from the
/// current row (negative before it), or nil for the partition's edge.
public struct WindowFrame: Hashable, Sendable {
  /// True for `RANGE` (offsets of the order value), false for `ROWS`.
  public var isRange: Bool
  /// The start offset, nil for the partition's start.
  public var start: Int64?
  /// The end offset, nil for the partition's end.
  public var end: Int64?

  /// Creates a frame.
  public init(isRange: Bool, start: Int64?, end: Int64?) {
    self.isRange = isRange
    self.start = start
    self.end = end
  }
}

/// A window computation: function, arguments, partition and order.
public struct WindowExpression: Hashable, Sendable {
  /// The function.
  public var function: WindowFunction
  /// Its arguments.
  public var arguments: [ScalarExpression]
  /// Partition keys (none for a serialized stream).
  public var partitionBy: [ScalarExpression]
  /// The row order.
  public var orderBy: [SortKey]
  /// The result type.
  public var type: DataType
  /// The frame; nil for the SQL default (the whole partition, or up to the current row's peers when ordered).
  public var frame: WindowFrame?

  /// Creates a window expression.
  public init(
    function: WindowFunction, arguments: [ScalarExpression], partitionBy: [ScalarExpression],
    orderBy: [SortKey], type: DataType, frame: WindowFrame? = nil
  ) {
    self.function = function
    self.arguments = arguments
    self.partitionBy = partitionBy
    self.orderBy = orderBy
    self.type = type
    self.frame = frame
  }
}

/// A window computation and its output name.
public struct NamedWindowExpression: Hashable, Sendable {
  /// The output column name.
  public var name: String
  /// The computation.
  public var expression: WindowExpression

  /// Creates a named window expression.
  public init(name: String, expression: WindowExpression) {
    self.name = name
    self.expression = expression
  }
}
