/// The fields of a server error or notice, as read from a `PGresult` with `PQresultErrorField`.
///
/// Kept apart from libpq so that mapping fields to a ``PostgresError`` is a pure, unit-tested function.
struct ServerErrorFields: Sendable, Hashable {
  /// The SQLSTATE code.
  var sqlState: String?
  /// The primary message.
  var message: String?
  /// The detail line.
  var detail: String?
  /// The hint line.
  var hint: String?
  /// The statement position as the server sent it (a decimal string, 1-based, in characters).
  var position: String?

  /// Maps the fields to an error.
  ///
  /// - Parameters:
  ///   - fallbackMessage: the text to use when the server sent no primary message (libpq's `PQresultErrorMessage`).
  ///   - statementTimeoutMilliseconds: the timeout the connection set for the current transaction, if any.
  ///   - cancelRequested: whether this client asked to cancel the running statement.
  ///   - connectionLost: whether the connection is no longer usable after the failure.
  func error(
    fallbackMessage: String,
    statementTimeoutMilliseconds: Int?,
    cancelRequested: Bool,
    connectionLost: Bool
  ) -> PostgresError {
    let text = message ?? Self.firstLine(of: fallbackMessage)
    var kind = PostgresError.Kind.server
    switch sqlState {
    case "57014":
      // The same SQLSTATE covers a statement timeout and a cancel request. Our own cancel request wins; otherwise a
      // timeout set by this connection (or the server's wording, when the timeout was set elsewhere) decides.
      if cancelRequested {
        kind = .cancelled
      } else if statementTimeoutMilliseconds != nil || text.contains("statement timeout") {
        kind = .timeout
      } else {
        kind = .cancelled
      }
    case "25006":
      kind = .readOnlyTransaction
    case let state? where state.hasPrefix("08") || state.hasPrefix("57P0"):
      // Class 08 and the shutdown/termination states 57P01–57P03 end the session.
      kind = .connection
    default:
      if connectionLost { kind = .connection }
    }
    return PostgresError(
      kind: kind,
      sqlState: sqlState,
      message: text,
      detail: detail,
      hint: hint,
      position: position.flatMap { Int($0) },
      statementTimeoutMilliseconds: kind == .timeout ? statementTimeoutMilliseconds : nil
    )
  }

  /// The first non-empty line of a libpq message, without its `ERROR:  ` prefix.
  static func firstLine(of text: String) -> String {
    let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    for prefix in ["ERROR:  ", "FATAL:  ", "PANIC:  "] where line.hasPrefix(prefix) {
      return String(line.dropFirst(prefix.count))
    }
    return line.trimmingSpaces()
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines.
  func trimmingSpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
