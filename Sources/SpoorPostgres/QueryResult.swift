/// The complete result of one statement, copied out of libpq into Swift values.
///
/// The underlying `PGresult` is owned by a non-copyable handle that is cleared as soon as the rows are copied, so a
/// `QueryResult` is an ordinary value that can be stored, passed around and sent across tasks. For results too large
/// to hold, use ``Connection/stream(_:_:columns:row:)``.
public struct QueryResult: Sendable, Hashable {
  /// The result's columns (empty for commands that return no rows).
  public var columns: [ColumnDescription]
  /// The rows, in the order the server sent them.
  public var rows: [Row]
  /// The number of rows the command inserted, updated, deleted, copied or selected (`PQcmdTuples`).
  public var affectedRows: Int
  /// The command tag, such as `SELECT 3` or `INSERT 0 1`.
  public var commandTag: String

  /// Creates a result from its parts.
  public init(columns: [ColumnDescription], rows: [Row], affectedRows: Int, commandTag: String) {
    self.columns = columns
    self.rows = rows
    self.affectedRows = affectedRows
    self.commandTag = commandTag
  }

  /// Copies a successful result out of its handle and releases the handle.
  init(consuming handle: consuming ResultHandle) {
    let columns = handle.columns()
    self.init(
      columns: columns,
      rows: handle.rows(columns: columns),
      affectedRows: handle.affectedRows,
      commandTag: handle.commandTag
    )
  }
}
