/// Settings of one emission that are not part of the plan.
public struct EmitOptions: Sendable {
  /// The one clock of the query, microseconds since the epoch: every `now()`/`ago()` reads this single bind.
  public var now: Int64
  /// An outer row limit, bound as a parameter (the engine passes its row cap + 1 to detect truncation).
  public var rowLimit: Int64?

  /// Creates options.
  /// - Parameters:
  ///   - now: The query's clock in microseconds since 1970-01-01T00:00:00Z.
  ///   - rowLimit: An outer `LIMIT`, or nil for none.
  public init(now: Int64, rowLimit: Int64? = nil) {
    self.now = now
    self.rowLimit = rowLimit
  }
}
