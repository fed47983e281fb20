import CLibPQ

extension Connection {
  /// Runs `body` inside a transaction: `BEGIN [READ ONLY]`, an optional `SET LOCAL statement_timeout`, then
  /// `COMMIT`, or `ROLLBACK` when `body` throws.
  ///
  /// A read-only transaction is defence in depth: PostgreSQL still lets it write temporary tables.
  /// - Parameters:
  ///   - readOnly: start the transaction `READ ONLY`; writes fail with SQLSTATE 25006.
  ///   - isolation: the isolation level; `nil` keeps the server's default (normally read committed).
  ///   - statementTimeoutMilliseconds: the limit for each statement in the transaction (positive); a statement
  ///     that runs longer fails with ``PostgresError/Kind-swift.struct/timeout``.
  ///   - body: the work to do, given this connection.
  /// - Throws: what `body` threw (after the rollback), or ``PostgresError`` from `BEGIN`/`COMMIT`. A commit that
  ///   PostgreSQL turned into a rollback (because a failed statement's error was swallowed inside `body`) throws.
  public func transaction<T>(
    readOnly: Bool = false,
    isolation: TransactionIsolation? = nil,
    statementTimeoutMilliseconds: Int? = nil,
    _ body: (Connection) throws -> T
  ) throws -> T {
    let connection = try openHandle()
    guard PQtransactionStatus(connection) == PQTRANS_IDLE else {
      throw PostgresError(kind: .invalidUse, message: "a transaction is already open on this connection")
    }
    if let limit = statementTimeoutMilliseconds, limit <= 0 {
      throw PostgresError(kind: .invalidParameter, message: "statement timeout must be positive, not \(limit)ms")
    }
    var begin = "BEGIN"
    if let isolation { begin += " ISOLATION LEVEL \(isolation.sql)" }
    if readOnly { begin += " READ ONLY" }
    _ = try execute(begin)
    defer { self.statementTimeoutMilliseconds = nil }
    do {
      if let limit = statementTimeoutMilliseconds {
        _ = try execute("SELECT set_config('statement_timeout', $1, true)", [.text("\(limit)ms")])
        self.statementTimeoutMilliseconds = limit
      }
      let value = try body(self)
      let commit = try execute("COMMIT")
      guard commit.commandTag == "COMMIT" else {
        throw PostgresError(
          kind: .server, sqlState: "25P02",
          message: "the transaction was rolled back because a statement inside it failed")
      }
      return value
    } catch {
      rollbackAfterFailure()
      throw error
    }
  }

  /// Rolls back an open transaction after a failure, logging (not throwing) if even that fails.
  private func rollbackAfterFailure() {
    guard let handle = try? openHandle(), PQstatus(handle) == CONNECTION_OK,
      PQtransactionStatus(handle) != PQTRANS_IDLE
    else { return }
    do {
      _ = try execute("ROLLBACK")
    } catch {
      logger.warning("rollback failed: \(error)")
    }
  }
}
