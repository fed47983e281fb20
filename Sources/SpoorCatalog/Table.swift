/// A queryable table: its exact name and its columns in order.
public struct Table: Hashable, Sendable {
  /// The PostgreSQL schema holding the table (`public` for the event tables).
  public var schema: String
  /// The exact, case-sensitive table name.
  public var name: String
  /// Columns in table order.
  public var columns: [Column] {
    didSet { quotedColumnList = Self.joinedQuotedNames(columns) }
  }
  /// True when the table has Spoor's hidden ingest bookkeeping (`_spoor_xid`, `_spoor_ingested_at`), so
  /// scheduled runs can read just the rows ingested in a snapshot window.
  public var tracksIngest: Bool
  /// Every column's quoted name in table order, joined by `, ` (`"Timestamp", "DeviceId", …`): the select list
  /// of a whole-table scan, made once with the table rather than per emitted query.
  public private(set) var quotedColumnList: String

  /// Creates a table.
  public init(schema: String = "public", name: String, columns: [Column], tracksIngest: Bool = false) {
    self.schema = schema
    self.name = name
    self.columns = columns
    self.tracksIngest = tracksIngest
    self.quotedColumnList = Self.joinedQuotedNames(columns)
  }

  private static func joinedQuotedNames(_ columns: [Column]) -> String {
    columns.map(\.quotedName).joined(separator: ", ")
  }

  /// Equal when schema, name, columns and ingest tracking are (the quoted list follows from the columns).
  public static func == (lhs: Table, rhs: Table) -> Bool {
    lhs.schema == rhs.schema && lhs.name == rhs.name && lhs.tracksIngest == rhs.tracksIngest
      && lhs.columns == rhs.columns
  }

  /// Hashes what ``==`` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(schema)
    hasher.combine(name)
    hasher.combine(columns)
    hasher.combine(tracksIngest)
  }

  /// The column scheduled windows and `--since` filter on, if the table has one.
  ///
  /// The first datetime column of ``timeColumnNames``: `Timestamp` (Defender), `_time` (XQL datasets), or
  /// `TimeGenerated` (Sentinel tables, whose own event time it is). Defender tables also carry a generated
  /// `TimeGenerated`, so `Timestamp` wins there.
  public var timeColumn: Column? {
    for name in Self.timeColumnNames {
      if let column = column(named: name), column.type == .datetime { return column }
    }
    return nil
  }

  /// The names ``timeColumn`` looks for, in order of preference.
  public static let timeColumnNames = ["Timestamp", "_time", "TimeGenerated"]

  /// The jsonb column of an XQL raw dataset that holds the fields without a column of their own.
  ///
  /// A `dynamic` column named `_document` (`migrations/0053_raw_datasets.sql`); a query field the table lacks binds
  /// to its key.
  public var documentColumn: Column? {
    guard let column = column(named: Self.documentColumnName), column.type == .dynamic else { return nil }
    return column
  }

  /// The name of ``documentColumn``.
  public static let documentColumnName = "_document"

  /// The column with exactly this name.
  public func column(named name: String) -> Column? {
    columns.first { $0.name == name }
  }
}
