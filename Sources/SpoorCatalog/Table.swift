/// A queryable table: its exact name and its columns in order.
public struct Table: Hashable, Sendable {
  /// The PostgreSQL schema holding the table (`public` for the event tables).
  public var schema: String
  /// The exact, case-sensitive table name.
  public var name: String
  /// Columns in table order.
  public var columns: [Column]

  /// Creates a table.
  public init(schema: String = "public", name: String, columns: [Column]) {
    self.schema = schema
    self.name = name
    self.columns = columns
  }

  /// The column with exactly this name.
  public func column(named name: String) -> Column? {
    columns.first { $0.name == name }
  }
}
