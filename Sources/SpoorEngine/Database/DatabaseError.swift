/// Why Spoor could not reach the database it chose.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
  /// The database that was tried.
  public var target: DatabaseTarget
  /// The underlying failure (a `PostgresError` or an `EmbeddedClusterError`), described.
  public var reason: String

  /// Creates an error.
  public init(target: DatabaseTarget, reason: String) {
    self.target = target
    self.reason = reason
  }

  /// `cannot connect to host=db port=5432 dbname=spoor (from SPOOR_DATABASE_URL): <reason>`.
  public var description: String { "cannot connect to \(target.displayDescription): \(reason)" }
}
