import CLibPQ
import Foundation
import Logging

/// One open libpq connection (`PGconn`) to a PostgreSQL server.
///
/// A connection is used by one task at a time and is not `Sendable`; give each worker its own connection. It closes
/// itself (`PQfinish`) in `deinit`, or earlier with ``close()``. Every connection talks UTF-8, and sets
/// `TimeZone=UTC`, `DateStyle=ISO, MDY`, `IntervalStyle=iso_8601`, `extra_float_digits=1` and `bytea_output=hex`, so
/// that text results (and the parsing of ambiguous date input) do not depend on the server's defaults.
public final class Connection {
  /// The configuration the connection was opened with.
  public let configuration: ConnectionConfiguration
  /// The libpq connection, `nil` once closed.
  private var handle: OpaquePointer?
  /// Where notices and connection events are logged.
  let logger: Logger
  /// The connection's cancel handle, created on first use.
  private var sharedCancelHandle: CancelHandle?
  /// The `statement_timeout` set by the running ``transaction(readOnly:isolation:statementTimeoutMilliseconds:_:)``, if any.
  var statementTimeoutMilliseconds: Int?

  /// The `connect_timeout` used when neither the configuration nor `PGCONNECT_TIMEOUT` sets one.
  static let defaultConnectTimeoutSeconds = "10"

  /// The session settings every connection applies right after connecting.
  ///
  /// `extra_float_digits = 1` makes floats print in their shortest exact form; `bytea_output = 'hex'` fixes bytea text.
  static let sessionSetup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'iso_8601'; "
    + "SET extra_float_digits = 1; SET bytea_output = 'hex'"

  /// Makes the server check every few seconds, while it runs a statement, that this client is still there.
  ///
  /// A killed `spoor` (SIGKILL) then stops its statement, and frees its locks, in seconds rather than at the
  /// statement timeout. PostgreSQL 14 and later.
  static let connectionCheckSetup = "SET client_connection_check_interval = '5s'"

  /// libpq's TCP keepalive settings unless the configuration sets them: probe after 30 s idle, every 10 s, give
  /// up after 3 lost probes. (Ignored on Unix sockets, where a dead client closes the socket at once.)
  static let keepaliveDefaults = [
    "keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3",
  ]

  /// Opens a connection with `PQconnectdbParams`.
  ///
  /// - Parameters:
  ///   - configuration: libpq keywords; missing ones come from the `PG*` environment and libpq's defaults.
  ///   - logger: receives server notices (at `debug`, warnings at `warning`), connection events, and statement texts (at `trace`; bind
  ///     values are never logged); defaults to the task-local logger.
  ///
  /// `connect_timeout` defaults to 10 seconds when neither the configuration nor `PGCONNECT_TIMEOUT` sets it.
  /// - Throws: ``PostgresError/Kind-swift.struct/connection`` naming the server that was tried and libpq's reason.
  public init(configuration: ConnectionConfiguration, logger: Logger = Logger.current) throws {
    self.configuration = configuration
    self.logger = logger
    var parameters = configuration.parameters
    parameters["client_encoding"] = "UTF8"
    if parameters["application_name"] == nil {
      parameters["fallback_application_name"] = "spoor"
    }
    // Without a timeout libpq waits for an unreachable TCP host as long as the kernel does (minutes).
    if parameters["connect_timeout"] == nil, ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
      parameters["connect_timeout"] = Self.defaultConnectTimeoutSeconds
    }
    // A server behind TCP learns of a dead client (killed, unplugged) only from keepalive probes.
    for (keyword, value) in Self.keepaliveDefaults where parameters[keyword] == nil {
      parameters[keyword] = value
    }
    let keywords = Array(parameters.keys)
    let values = keywords.map { parameters[$0] ?? "" }
    let connection = withCStringArray(keywords) { keywordArray in
      withCStringArray(values) { valueArray in
        PQconnectdbParams(keywordArray, valueArray, 0)
      }
    }
    guard let connection else {
      throw PostgresError(
        kind: .connection, message: "libpq could not allocate a connection", server: configuration.displayDescription)
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let server = Self.describeServer(connection)
      let reason = String(cString: PQerrorMessage(connection))
      PQfinish(connection)
      throw PostgresError(kind: .connection, message: Self.connectionFailureReason(reason), server: server)
    }
    handle = connection
    PQsetNoticeReceiver(
      connection,
      { context, result in
        guard let context, let result else { return }
        Unmanaged<Connection>.fromOpaque(context).takeUnretainedValue().receiveNotice(result)
      },
      Unmanaged.passUnretained(self).toOpaque()
    )
    try executeScript(Self.sessionSetup)
    if serverVersion >= 140_000 { try executeScript(Self.connectionCheckSetup) }
    logger.debug(
      "connected to PostgreSQL",
      metadata: ["db.server": "\(Self.describeServer(connection))", "db.server_version": "\(serverVersion)"])
  }

  deinit {
    if let handle { PQfinish(handle) }
  }

  /// The server's version as an integer (150018 for 15.18), 0 when closed.
  public var serverVersion: Int {
    handle.map { Int(PQserverVersion($0)) } ?? 0
  }

  /// Whether the connection is open and healthy.
  public var isOpen: Bool {
    guard let handle else { return false }
    return PQstatus(handle) == CONNECTION_OK
  }

  /// A password-free description of the server the connection uses (`host=… port=… dbname=… user=…`).
  public var serverDescription: String {
    handle.map(Self.describeServer) ?? configuration.displayDescription
  }

  /// Closes the connection (`PQfinish`); later calls throw ``PostgresError/Kind-swift.struct/closed``.
  public func close() {
    if let handle { PQfinish(handle) }
    handle = nil
  }

  /// Returns the connection's cancel handle, usable from any thread (`PQgetCancel`).
  public func makeCancelHandle() -> CancelHandle {
    if let sharedCancelHandle { return sharedCancelHandle }
    let created = CancelHandle(connection: handle)
    sharedCancelHandle = created
    return created
  }

  /// Runs one SQL statement with `$n` parameters (`PQexecParams`) and returns its rows in text format.
  ///
  /// - Parameters:
  ///   - sql: exactly one statement; `$1`, `$2`, … refer to `parameters`.
  ///   - parameters: the bind values, sent with explicit type OIDs.
  /// - Throws: ``PostgresError`` with the server's SQLSTATE, message and position.
  public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> QueryResult {
    let connection = try openHandle()
    beginCommand()
    logStatement(sql, parameterCount: parameters.count)
    let pointer = try withParameterBuffers(parameters) { count, types, values, lengths, formats in
      PQexecParams(connection, sql, count, types, values, lengths, formats, 0)
    }
    return QueryResult(consuming: try checkedResult(pointer))
  }

  /// Runs a script of several `;`-separated statements with `PQexec` (for migrations); results are discarded.
  ///
  /// - Throws: ``PostgresError`` for the first statement that fails; later statements do not run.
  public func executeScript(_ sql: String) throws {
    let connection = try openHandle()
    beginCommand()
    logStatement(sql, parameterCount: 0)
    _ = try checkedResult(PQexec(connection, sql))
  }

  // MARK: - Internals shared by the extensions

  /// The open `PGconn`, or a ``PostgresError/Kind-swift.struct/closed`` error.
  func openHandle() throws -> OpaquePointer {
    guard let handle else {
      throw PostgresError(kind: .closed, message: "the PostgreSQL connection is closed")
    }
    return handle
  }

  /// Logs a statement's text at `trace`; bind values are never logged.
  func logStatement(_ sql: String, parameterCount: Int) {
    logger.trace("statement", metadata: ["db.statement": "\(sql)", "db.parameter_count": "\(parameterCount)"])
  }

  /// Marks the start of a command: an older cancel request no longer applies.
  func beginCommand() {
    sharedCancelHandle?.clearRequest()
  }

  /// Takes ownership of a result returned by `PQexec`/`PQexecParams` and throws unless it succeeded.
  func checkedResult(_ pointer: OpaquePointer?) throws -> ResultHandle {
    let connection = try openHandle()
    guard let pointer else {
      throw connectionError()
    }
    let result = ResultHandle(pointer)
    let status = result.status
    if status.isSuccess { return result }
    switch status {
    case .fatalError, .nonfatalError:
      throw serverError(result)
    case .copyIn:
      _ = PQputCopyEnd(connection, "COPY FROM STDIN is only supported through Connection.copyIn")
      drainResults()
      throw PostgresError(kind: .invalidUse, message: "COPY FROM STDIN must be run with copyIn(_:_:)")
    case .copyOut:
      drainCopyOut()
      throw PostgresError(kind: .invalidUse, message: "COPY TO STDOUT is not supported by this client")
    default:
      throw PostgresError(
        kind: .protocolViolation, message: "unexpected result from the server: \(result.errorMessage)")
    }
  }

  /// The error for a failed result, with the statement timeout and cancel state of this connection.
  func serverError(_ result: borrowing ResultHandle) -> PostgresError {
    let lost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
    var error = result.errorFields().error(
      fallbackMessage: result.errorMessage,
      statementTimeoutMilliseconds: statementTimeoutMilliseconds,
      cancelRequested: sharedCancelHandle?.isRequested ?? false,
      connectionLost: lost
    )
    if error.kind == .connection { error.server = serverDescription }
    return error
  }

  /// The error for a call that returned no result at all (the connection failed).
  func connectionError() -> PostgresError {
    let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "the connection is closed"
    return PostgresError(
      kind: .connection, message: Self.connectionFailureReason(message), server: serverDescription)
  }

  /// Reads and discards results until libpq has none left, so the connection is ready for the next command.
  func drainResults() {
    guard let handle else { return }
    while let pointer = PQgetResult(handle) {
      let result = ResultHandle(pointer)
      switch result.status {
      case .copyIn:
        _ = PQputCopyEnd(handle, "the client stopped reading results")
      case .copyOut:
        drainCopyOut()
      default:
        break
      }
    }
  }

  /// Reads and discards `COPY … TO STDOUT` data, then the results that follow it.
  func drainCopyOut() {
    guard let handle else { return }
    var buffer: UnsafeMutablePointer<CChar>?
    while PQgetCopyData(handle, &buffer, 0) > 0 {
      if let buffer { PQfreemem(buffer) }
      buffer = nil
    }
    drainResults()
  }

  /// Logs a notice or warning the server sent.
  private func receiveNotice(_ result: OpaquePointer) {
    let severity = PQresultErrorField(result, CLibPQDiagSeverityNonLocalized).map { String(cString: $0) } ?? "NOTICE"
    let message = PQresultErrorField(result, CLibPQDiagMessagePrimary).map { String(cString: $0) } ?? ""
    let sqlState = PQresultErrorField(result, CLibPQDiagSQLState).map { String(cString: $0) } ?? ""
    // Server WARNINGs point at something the caller may need to fix; NOTICE, INFO and LOG are chatter.
    let level: Logger.Level = severity == "WARNING" ? .warning : .debug
    logger.log(level: level, "server \(severity.lowercased()): \(message)", metadata: ["db.sqlstate": "\(sqlState)"])
  }

  /// Describes the server a `PGconn` is (or was trying to be) connected to, from libpq's effective settings.
  static func describeServer(_ connection: OpaquePointer) -> String {
    var parameters: [String: String] = [:]
    parameters["host"] = PQhost(connection).map { String(cString: $0) }
    parameters["port"] = PQport(connection).map { String(cString: $0) }
    parameters["dbname"] = PQdb(connection).map { String(cString: $0) }
    parameters["user"] = PQuser(connection).map { String(cString: $0) }
    return ConnectionConfiguration.describe(parameters)
  }

  /// libpq's connection failure text on one line: its lines trimmed and joined with "; ", severity prefixes dropped.
  static func connectionFailureReason(_ message: String) -> String {
    let lines = message.split(whereSeparator: \.isNewline)
      .map { String($0).replacingOccurrences(of: "FATAL:  ", with: "").trimmingSpaces() }
      .filter { !$0.isEmpty }
    return lines.isEmpty ? "unknown libpq error" : lines.joined(separator: "; ")
  }
}
