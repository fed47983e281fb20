/// A transaction isolation level, for ``Connection/transaction(readOnly:isolation:statementTimeoutMilliseconds:_:)``.
public enum TransactionIsolation: Sendable, Hashable {
  /// Each statement sees the rows committed before it started (PostgreSQL's default).
  case readCommitted
  /// Every statement sees the same snapshot, taken at the transaction's first statement.
  case repeatableRead
  /// Repeatable read that also fails transactions whose outcome no serial order could produce (SQLSTATE 40001).
  case serializable

  /// The level as SQL, for `BEGIN ISOLATION LEVEL …`.
  var sql: String {
    switch self {
    case .readCommitted: "READ COMMITTED"
    case .repeatableRead: "REPEATABLE READ"
    case .serializable: "SERIALIZABLE"
    }
  }
}
