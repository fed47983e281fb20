import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

/// The mutable state of one emission: bind parameters, derived-table aliases and diagnostics.
///
/// Relations become ``SelectBlock``s (`StatementBuilder+Relations.swift`), expressions become
/// ``SQLFragment``s (`StatementBuilder+Expressions.swift` and the per-concern files beside it).
struct StatementBuilder {
  /// The emission's options.
  let options: EmitOptions
  /// The values of `$1`, `$2`, … in order.
  private(set) var parameters: [Value] = []
  /// Diagnostics raised so far.
  private(set) var diagnostics: [Diagnostic] = []
  /// The parameter holding the query's clock, once some expression read it.
  private var nowParameter: SQLFragment?
  /// The number of derived-table aliases handed out.
  private var aliasCount = 0
  /// The span of the innermost expression being emitted that has one, for diagnostics on span-less parts.
  var currentSpan: Span?
  /// While an `apply` subquery is emitted: the block of the current row's expanded elements, its leaf.
  var appliedElements: SelectBlock?

  /// Creates a builder.
  init(options: EmitOptions) {
    self.options = options
    // A typical hunt binds a handful of values: one allocation instead of growing through 1, 2, 4, 8.
    parameters.reserveCapacity(16)
  }

  /// Where a diagnostic about `expression` points: its own span, else the nearest enclosing one.
  func span(of expression: ScalarExpression?) -> Span {
    expression?.span ?? currentSpan ?? Span.at(0)
  }

  /// Records a diagnostic.
  mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  /// A new bind parameter holding `value`, cast to its PostgreSQL type (`$3::text`).
  mutating func bind(_ value: Value) -> SQLFragment {
    bind(value, as: Self.postgresType(of: value))
  }

  /// A new bind parameter holding `value`, cast to `type`.
  mutating func bind(_ value: Value, as type: String) -> SQLFragment {
    parameters.append(value)
    return .atom(SQLText.concat("$", String(parameters.count), "::", type))
  }

  /// The query's one clock: the same parameter for every use in the statement.
  mutating func now() -> SQLFragment {
    if let nowParameter { return nowParameter }
    let fragment = bind(.datetime(microseconds: options.now))
    nowParameter = fragment
    return fragment
  }

  /// A fresh quoted alias for a derived table (`"t1"`, `"t2"`, …).
  mutating func nextAlias() -> String {
    aliasCount += 1
    return SQLIdentifier.quoted("t\(aliasCount)")
  }

  /// The type name a bind of this value is cast to.
  static func postgresType(of value: Value) -> String {
    switch value {
    case .null(let type): return shortTypeName(type)
    case .bool: return "boolean"
    case .long: return "bigint"
    case .real: return "double precision"
    case .string: return "text"
    case .datetime: return "timestamptz"
    case .timespan: return "interval"
    case .dynamic, .external: return "jsonb"
    case .stringList: return "text[]"
    }
  }

  /// The PostgreSQL type of a plan type, spelled as the emitted SQL casts it.
  static func shortTypeName(_ type: DataType) -> String {
    switch type {
    case .bool: return "boolean"
    case .int: return "integer"
    case .long: return "bigint"
    case .real: return "double precision"
    case .string, .guid: return "text"
    case .datetime: return "timestamptz"
    case .timespan: return "interval"
    case .dynamic: return "jsonb"
    }
  }
}
