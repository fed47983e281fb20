/// A queryable table: its exact name and its columns in order.
public struct Table: Hashable, Sendable {
  /// The PostgreSQL schema holding the table (`public` for the event tables).
  public var schema: String
  /// The exact, case-sensitive table name.
  public var name: String
  /// Columns in table order.
  public var columns: [Column]
  /// True when the table has Spoor's hidden ingest bookkeeping (`_spoor_xid`, `_spoor_ingested_at`), so
  /// scheduled runs can read just the rows ingested in a snapshot window.
  public var tracksIngest: Bool

  /// Creates a table.
  public init(schema: String = "public", name: String, columns: [Column], tracksIngest: Bool = false) {
    self.schema = schema
    self.name = name
    self.columns = columns
    self.tracksIngest = tracksIngest
  }

  /// The column scheduled windows and `--since` filter on: `Timestamp` (Defender) or `_time` (XQL), if present.
  public var timeColumn: Column? {
    columns.first { ($0.name == "Timestamp" || $0.name == "_time") && $0.type == .datetime }
  }

  /// The column with exactly this name.
  public func column(named name: String) -> Column? {
    columns.first { $0.name == name }
  }
}
