import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

/// What a stage sees: the relation so far, its columns, and the query options in force.
struct XQLScope {
  /// The relation built so far.
  private(set) var relation: Relation
  /// Its output columns, in order.
  private(set) var columns: [OutputColumn]
  /// Column types by name.
  private(set) var types: [String: DataType]
  /// Columns holding ENUM constant text.
  var enumColumns: Set<String>
  /// The order set by the last `sort` (what `dedup` keeps the first row of).
  var order: [SortKey] = []
  /// Options of the (sub)query.
  var options: XQLOptions
  /// Columns later stages may read but the query's output leaves out: `_time` after a `fields` that does not list
  /// it (Palo Alto: `fields` always returns the system field `_time`, so a later `sort`, `dedup … by` or filter may
  /// read it), kept out of the hunt's own output, which has exactly the fields it names.
  var hiddenColumns: Set<String> = []

  init(relation: Relation, enumColumns: Set<String>, options: XQLOptions) {
    self.relation = relation
    self.columns = relation.columns
    self.types = Dictionary(columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    self.enumColumns = enumColumns
    self.options = options
  }

  /// The scope of a scan of `table`; its column list and type map are computed once per table per process.
  init(scanning table: Table, options: XQLOptions) {
    let entry = XQLTableColumns.entry(for: table)
    self.relation = .scan(table)
    self.columns = entry.columns
    self.types = entry.types
    self.enumColumns = entry.enumColumns
    self.options = options
  }

  /// Replaces the relation (and recomputes the columns).
  mutating func set(_ relation: Relation) {
    self.relation = relation
    columns = relation.columns
    types = Dictionary(columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    enumColumns = enumColumns.filter { types[$0] != nil }
    hiddenColumns = hiddenColumns.filter { types[$0] != nil }
  }

  /// This scope with its hidden columns projected away (itself when it has none).
  func withoutHiddenColumns() -> XQLScope {
    guard !hiddenColumns.isEmpty else { return self }
    var scope = self
    let kept = columns.filter { !hiddenColumns.contains($0.name) }
    scope.set(
      .project(relation, kept.map { NamedExpression(name: $0.name, expression: .column($0.name, $0.type)) }))
    scope.order = order.filter { key in
      if case .column(let name) = key.expression.kind { return !hiddenColumns.contains(name) }
      return true
    }
    scope.hiddenColumns = []
    return scope
  }

  /// Replaces the relation when its columns are unchanged (filter, sort, limit).
  mutating func keepColumns(_ relation: Relation) { self.relation = relation }

  /// Every column name, in order.
  var columnNames: [String] { columns.map(\.name) }

  /// The names of the columns the query's output would show, in order: what `*` patterns and `fields -` cover.
  var visibleColumnNames: [String] {
    hiddenColumns.isEmpty ? columnNames : columnNames.filter { !hiddenColumns.contains($0) }
  }

  /// A field of an XQL raw dataset that has no column of its own, or nil.
  ///
  /// The text of that key of the dataset's document (`_document ->> 'name'`, a string, which the query casts where
  /// it needs another type); nil when the scope holds no document column (`Table.documentColumn`) or already has a
  /// column of that name. `side` reads the document of one side of a join condition.
  func documentField(_ name: String, side: JoinSide?, span: Span?) -> ScalarExpression? {
    guard types[name] == nil, types[Table.documentColumnName] == .dynamic else { return nil }
    let kind: ScalarExpression.Kind =
      side.map { .joinColumn($0, Table.documentColumnName) } ?? .column(Table.documentColumnName)
    return .call(
      .memberText, [ScalarExpression(kind, type: .dynamic, span: span), .literal(.string(name), span: span)],
      type: .string, span: span)
  }

  /// The column `name` refers to: itself when there is one, else the one column equal to it ignoring case (field
  /// names and aliases are case-insensitive in XQL, as in the BigQuery it runs on); nil when none or several.
  func resolve(_ name: String) -> String? {
    if types[name] != nil { return name }
    let lowered = name.lowercased()
    var found: String?
    for column in columns where column.name.lowercased() == lowered {
      guard found == nil || found == column.name else { return nil }
      found = column.name
    }
    return found
  }
}

/// The `config` options in force for a query and, unless they set their own, its inner queries.
struct XQLOptions {
  /// `config case_sensitive`; false by default (reference §3).
  var caseSensitive = false
  /// The `_time` window from `config timeframe`, as (lower, upper) bounds; nil covers all data (DESIGN §4).
  var timeframe: XQLTimeWindow?
}

/// A window on `_time`: lower and optional upper bound expressions.
struct XQLTimeWindow {
  var lower: ScalarExpression
  var upper: ScalarExpression?
}

/// The output columns, type map and ENUM columns of a scanned table.
///
/// Building them is most of the cost of binding a short hunt over a wide table, so those of the built-in tables are
/// made once per process (``BuiltInTableMemo``).
struct XQLTableColumns: Sendable {
  let columns: [OutputColumn]
  let types: [String: DataType]
  let enumColumns: Set<String>

  init(_ table: Table) {
    columns = Relation.scan(table).columns
    types = Dictionary(columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    enumColumns = Set(table.columns.filter(\.isEnum).map(\.name))
  }

  /// Swift initialises a static exactly once, even under concurrent access.
  static let memo = BuiltInTableMemo(XQLTableColumns.init)

  /// The entry for `table`: the shared one when it is a built-in table, otherwise a fresh one.
  static func entry(for table: Table) -> XQLTableColumns { memo.value(for: table) }
}
