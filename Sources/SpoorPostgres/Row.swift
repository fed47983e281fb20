/// One result row: text-format cells in column order, `nil` for SQL NULL.
public struct Row: Sendable, Hashable {
  /// The result's columns (shared by every row of one result).
  public var columns: [ColumnDescription]
  /// The cells in PostgreSQL's text format, `nil` for SQL NULL.
  public var values: [String?]

  /// Creates a row.
  public init(columns: [ColumnDescription], values: [String?]) {
    self.columns = columns
    self.values = values
  }

  /// The text of the cell at `index`, `nil` for SQL NULL.
  public subscript(_ index: Int) -> String? {
    values[index]
  }

  /// The text of the first cell whose column is called `name`, `nil` for SQL NULL or an unknown name.
  public subscript(_ name: String) -> String? {
    guard let index = columns.firstIndex(where: { $0.name == name }) else { return nil }
    return values[index]
  }

  /// The cell at `index` decoded by its column's type OID.
  public func decoded(_ index: Int) -> PostgresCell {
    PostgresCell(text: values[index], typeOID: columns[index].typeOID)
  }
}
