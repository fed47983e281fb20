/// Every table and column a query may name; the binder resolves names only against it.
///
/// The engine loads it from the connected database (so tables added by a user's own migration become
/// queryable); ``Catalog/builtIn`` describes the shipped migrations and serves offline translation.
public struct Catalog: Sendable {
  /// Tables by exact name.
  public private(set) var tables: [String: Table]
  /// Named constant sets of the XQL `ENUM.X` syntax, by enum name (`event_type`, …); values are stored text.
  public var enumValues: Set<String>

  /// Creates a catalog.
  public init(tables: [Table], enumValues: Set<String> = []) {
    var byName: [String: Table] = [:]
    for table in tables { byName[table.name] = table }
    self.tables = byName
    self.enumValues = enumValues
  }

  /// The table with exactly this name.
  public func table(named name: String) -> Table? { tables[name] }

  /// All table names, sorted.
  public var tableNames: [String] { tables.keys.sorted() }

  /// Adds or replaces a table.
  public mutating func add(_ table: Table) { tables[table.name] = table }
}
