import CLibPQ

extension Connection {
  /// Runs one statement and hands its rows over one at a time (`PQsendQueryParams` + `PQsetSingleRowMode`), so
  /// memory stays flat however many rows there are.
  ///
  /// - Parameters:
  ///   - sql: exactly one statement; `$1`, `$2`, … refer to `parameters`.
  ///   - parameters: the bind values.
  ///   - columns: called once with the result's columns, before the first row (also when there are no rows).
  ///   - row: called for each row; return `false` to stop early. The statement is then cancelled and the rest of its
  ///     results are discarded, so the connection is ready for the next command.
  /// - Throws: ``PostgresError`` from the server, or the error `columns` or `row` threw (after the statement was
  ///   cancelled and drained).
  public func stream(
    _ sql: String,
    _ parameters: [PostgresValue] = [],
    columns: ([ColumnDescription]) throws -> Void,
    row: (Row) throws -> Bool
  ) throws {
    let connection = try openHandle()
    beginCommand()
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
    var stopped = false
    defer { beginCommand() }  // our own cancel request must not colour the next command's errors
    while let pointer = PQgetResult(connection) {
      let result = ResultHandle(pointer)
      if stopped || failure != nil {
        if case .copyIn = result.status { _ = PQputCopyEnd(connection, "streaming stopped") }
        continue
      }
      let status = result.status
      switch status {
      case .singleTuple, .tuplesOK:
        if described == nil {
          let resultColumns = result.columns()
          described = resultColumns
          do {
            try columns(resultColumns)
          } catch {
            failure = error
            cancelRunningStatement()
            continue
          }
        }
        guard case .singleTuple = status, let described else { continue }
        do {
          if try !row(result.row(at: 0, columns: described)) {
            stopped = true
            cancelRunningStatement()
          }
        } catch {
          failure = error
          cancelRunningStatement()
        }
      case .commandOK, .emptyQuery:
        continue
      case .fatalError, .nonfatalError:
        failure = serverError(result)
      case .copyIn:
        _ = PQputCopyEnd(connection, "COPY FROM STDIN is only supported through Connection.copyIn")
        failure = PostgresError(kind: .invalidUse, message: "COPY FROM STDIN must be run with copyIn(_:_:)")
      case .copyOut, .copyBoth, .badResponse, .other:
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
