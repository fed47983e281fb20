import CLibPQ

extension Connection {
  /// Runs one statement and hands its rows over one at a time (`PQsendQueryParams` + `PQsetSingleRowMode`), so
  /// memory stays flat however many rows there are.
  ///
  /// - Parameters:
  ///   - sql: exactly one statement; `$1`, `$2`, … refer to `parameters`.
  ///   - parameters: the bind values.
  ///   - columns: called once with the result's columns, before the first row (also when there are no rows; not
  ///     for a command that returns no result set, such as an INSERT without RETURNING).
  ///   - row: called for each row; return `false` to stop early. The statement is then cancelled and the rest of its
  ///     results are discarded, so the connection is ready for the next command.
  ///
  /// Inside a transaction the statement runs under a savepoint, so stopping early (which cancels the statement on the
  /// server) does not abort the transaction: it is rolled back to the savepoint and can go on or commit.
  /// - Throws: ``PostgresError`` from the server, or the error `columns` or `row` threw (after the statement was
  ///   cancelled and drained).
  public func stream(
    _ sql: String,
    _ parameters: [PostgresValue] = [],
    columns: ([ColumnDescription]) throws -> Void,
    row: (Row) throws -> Bool
  ) throws {
    let connection = try openHandle()
    guard PQtransactionStatus(connection) == PQTRANS_INTRANS else {
      var cancelledByClient = false
      try streamStatement(sql, parameters, columns: columns, row: row, cancelledByClient: &cancelledByClient)
      return
    }
    _ = try execute("SAVEPOINT spoor_stream")
    var cancelledByClient = false
    do {
      try streamStatement(sql, parameters, columns: columns, row: row, cancelledByClient: &cancelledByClient)
    } catch {
      if cancelledByClient { rollBackToStreamSavepoint() }
      throw error
    }
    if cancelledByClient { rollBackToStreamSavepoint() }
    _ = try execute("RELEASE SAVEPOINT spoor_stream")
  }

  /// Undoes the abort our own cancel caused, if it did (the cancel may also have arrived after the statement ended).
  private func rollBackToStreamSavepoint() {
    guard let connection = try? openHandle(), PQtransactionStatus(connection) == PQTRANS_INERROR else { return }
    do {
      _ = try execute("ROLLBACK TO SAVEPOINT spoor_stream")
    } catch {
      logger.warning("could not roll back to the savepoint after stopping a stream: \(error)")
    }
  }

  /// Sends one statement in single-row mode and reads all its results; sets `cancelledByClient` when it cancelled
  /// the statement because `row` asked to stop or a callback threw.
  private func streamStatement(
    _ sql: String,
    _ parameters: [PostgresValue],
    columns: ([ColumnDescription]) throws -> Void,
    row: (Row) throws -> Bool,
    cancelledByClient: inout Bool
  ) throws {
    let connection = try openHandle()
    beginCommand()
    logStatement(sql, parameterCount: parameters.count)
    let sent = try withParameterBuffers(parameters) { count, types, values, lengths, formats in
      PQsendQueryParams(connection, sql, count, types, values, lengths, formats, 0)
    }
    guard sent == 1 else { throw connectionError() }
    guard PQsetSingleRowMode(connection) == 1 else {
      drainResults()
      throw PostgresError(kind: .protocolViolation, message: "libpq refused single-row mode")
    }
    var described: [ColumnDescription]?
    var failure: (any Error)?
    defer { beginCommand() }  // our own cancel request must not colour the next command's errors
    while let pointer = PQgetResult(connection) {
      let result = ResultHandle(pointer)
      let status = result.status
      // A COPY result repeats until its data is dealt with, so leave the copy state before anything else.
      if case .copyIn = status {
        _ = PQputCopyEnd(connection, "COPY FROM STDIN is only supported through Connection.copyIn")
        failure = failure ?? PostgresError(kind: .invalidUse, message: "COPY FROM STDIN must be run with copyIn(_:_:)")
        continue
      }
      if case .copyOut = status {
        drainCopyOut()
        failure = failure ?? PostgresError(kind: .invalidUse, message: "COPY TO STDOUT is not supported by this client")
        continue
      }
      if cancelledByClient || failure != nil { continue }
      switch status {
      case .singleTuple, .tuplesOK:
        if described == nil {
          let resultColumns = result.columns()
          described = resultColumns
          do {
            try columns(resultColumns)
          } catch {
            failure = error
            cancelledByClient = true
            cancelRunningStatement()
            continue
          }
        }
        guard case .singleTuple = status, let described else { continue }
        do {
          if try !row(result.row(at: 0, columns: described)) {
            cancelledByClient = true
            cancelRunningStatement()
          }
        } catch {
          failure = error
          cancelledByClient = true
          cancelRunningStatement()
        }
      case .commandOK, .emptyQuery:
        continue
      case .fatalError, .nonfatalError:
        failure = serverError(result)
      default:
        failure = PostgresError(
          kind: .protocolViolation, message: "unexpected result while streaming: \(result.errorMessage)")
        cancelRunningStatement()
      }
    }
    if let failure { throw failure }
  }

  /// Asks the server to stop the running statement; the caller keeps draining results afterwards.
  private func cancelRunningStatement() {
    if !makeCancelHandle().cancel() {
      logger.debug("could not send a cancel request; draining the remaining rows instead")
    }
  }
}
