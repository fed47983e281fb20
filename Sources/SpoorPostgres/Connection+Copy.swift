import CLibPQ

extension Connection {
  /// Runs a `COPY … FROM STDIN` statement and sends the data `body` writes (`PQputCopyData` / `PQputCopyEnd`).
  ///
  /// Either every row loads or none does: if `body` throws, the copy is ended with an error message, so the server
  /// discards what it received, and the error is rethrown.
  /// - Parameters:
  ///   - copyStatement: a `COPY table (columns) FROM STDIN [WITH (…)]` statement.
  ///   - body: writes the data in the format the statement names.
  /// - Returns: the number of rows copied.
  /// - Throws: ``PostgresError`` (a bad row is reported by the server when the copy ends), or what `body` threw.
  public func copyIn(_ copyStatement: String, _ body: (CopyInWriter) throws -> Void) throws -> Int {
    let connection = try openHandle()
    beginCommand()
    logStatement(copyStatement, parameterCount: 0)
    guard let pointer = PQexec(connection, copyStatement) else { throw connectionError() }
    try requireCopyIn(ResultHandle(pointer))
    let writer = CopyInWriter(connection: connection)
    defer { writer.finish() }
    do {
      try body(writer)
      try writer.flush()
    } catch {
      _ = PQputCopyEnd(connection, "COPY aborted by the client")
      drainResults()
      throw error
    }
    guard PQputCopyEnd(connection, nil) == 1 else {
      let error = PostgresError(
        kind: .copy,
        message: "could not end COPY: \(ServerErrorFields.firstLine(of: String(cString: PQerrorMessage(connection))))")
      drainResults()
      throw error
    }
    var copied = 0
    var failure: PostgresError?
    while let pointer = PQgetResult(connection) {
      let result = ResultHandle(pointer)
      switch result.status {
      case .commandOK:
        copied = result.affectedRows
      case .fatalError, .nonfatalError:
        failure = failure ?? serverError(result)
      default:
        failure =
          failure
          ?? PostgresError(kind: .protocolViolation, message: "unexpected result after COPY: \(result.commandTag)")
      }
    }
    if let failure { throw failure }
    return copied
  }

  /// Throws unless the first result of a COPY statement says the server waits for data.
  private func requireCopyIn(_ result: consuming ResultHandle) throws {
    switch result.status {
    case .copyIn:
      return
    case .fatalError, .nonfatalError:
      throw serverError(result)
    default:
      let tag = result.commandTag
      _ = consume result
      drainResults()
      throw PostgresError(
        kind: .invalidUse, message: "copyIn needs a COPY … FROM STDIN statement, but the server answered \(tag)")
    }
  }
}
