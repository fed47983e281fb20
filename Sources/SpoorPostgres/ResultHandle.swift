import CLibPQ

/// Owns one `PGresult` and clears it (`PQclear`) when it goes away; cells are copied out into Swift values.
struct ResultHandle: ~Copyable {
  /// The result owned by this handle.
  let pointer: OpaquePointer

  /// Takes ownership of `pointer`.
  init(_ pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    PQclear(pointer)
  }

  /// The result's status.
  var status: ResultStatus {
    ResultStatus(PQresultStatus(pointer))
  }

  /// The command tag (`SELECT 3`, `INSERT 0 1`, `COMMIT`, `ROLLBACK`, …).
  var commandTag: String {
    String(cString: PQcmdStatus(pointer))
  }

  /// The number of rows the command affected or returned (`PQcmdTuples`), 0 when it does not say.
  var affectedRows: Int {
    Int(String(cString: PQcmdTuples(pointer))) ?? 0
  }

  /// The result's columns.
  func columns() -> [ColumnDescription] {
    (0..<PQnfields(pointer)).map { index in
      ColumnDescription(name: String(cString: PQfname(pointer, index)), typeOID: PQftype(pointer, index))
    }
  }

  /// Every row, copied out as text cells.
  func rows(columns: [ColumnDescription]) -> [Row] {
    (0..<PQntuples(pointer)).map { row(at: $0, columns: columns) }
  }

  /// The row at `index`, copied out as text cells (decoded as UTF-8 with their byte lengths).
  func row(at index: Int32, columns: [ColumnDescription]) -> Row {
    let values: [String?] = (0..<Int32(columns.count)).map { field in
      if PQgetisnull(pointer, index, field) == 1 { return nil }
      let length = Int(PQgetlength(pointer, index, field))
      guard let start = PQgetvalue(pointer, index, field) else { return "" }
      return start.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
      }
    }
    return Row(columns: columns, values: values)
  }

  /// The error fields of a failed result.
  func errorFields() -> ServerErrorFields {
    ServerErrorFields(
      sqlState: field(CLibPQDiagSQLState),
      message: field(CLibPQDiagMessagePrimary),
      detail: field(CLibPQDiagMessageDetail),
      hint: field(CLibPQDiagMessageHint),
      position: field(CLibPQDiagStatementPosition)
    )
  }

  /// libpq's whole error text for the result (`PQresultErrorMessage`).
  var errorMessage: String {
    String(cString: PQresultErrorMessage(pointer))
  }

  /// One error field, `nil` when the server did not send it.
  private func field(_ code: Int32) -> String? {
    PQresultErrorField(pointer, code).map { String(cString: $0) }
  }
}
