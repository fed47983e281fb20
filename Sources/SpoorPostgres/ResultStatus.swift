import CLibPQ

/// The status of one `PGresult`, as a Swift enum (`PQresultStatus`).
enum ResultStatus: Sendable, Hashable {
  /// A command that returns no rows succeeded.
  case commandOK
  /// A query finished; its rows (if any) are in the result.
  case tuplesOK
  /// One row of a query running in single-row mode.
  case singleTuple
  /// The server waits for `COPY … FROM STDIN` data.
  case copyIn
  /// The server sends `COPY … TO STDOUT` data.
  case copyOut
  /// A replication copy in both directions.
  case copyBoth
  /// The statement text was empty.
  case emptyQuery
  /// The statement failed.
  case fatalError
  /// A notice or warning was returned as a result.
  case nonfatalError
  /// The server's answer was not understood.
  case badResponse
  /// A status this client does not know (pipeline statuses, future additions).
  case other(UInt32)

  /// Maps libpq's `ExecStatusType`.
  init(_ status: ExecStatusType) {
    switch status {
    case PGRES_COMMAND_OK: self = .commandOK
    case PGRES_TUPLES_OK: self = .tuplesOK
    case PGRES_SINGLE_TUPLE: self = .singleTuple
    case PGRES_COPY_IN: self = .copyIn
    case PGRES_COPY_OUT: self = .copyOut
    case PGRES_COPY_BOTH: self = .copyBoth
    case PGRES_EMPTY_QUERY: self = .emptyQuery
    case PGRES_FATAL_ERROR: self = .fatalError
    case PGRES_NONFATAL_ERROR: self = .nonfatalError
    case PGRES_BAD_RESPONSE: self = .badResponse
    default: self = .other(status.rawValue)
    }
  }

  /// Whether the statement completed successfully (with or without rows).
  var isSuccess: Bool {
    switch self {
    case .commandOK, .tuplesOK, .singleTuple, .emptyQuery: true
    default: false
    }
  }
}
