/// An error raised by the PostgreSQL client: a connection failure, a server error or a misuse of the protocol.
///
/// Server errors keep the fields PostgreSQL sent (SQLSTATE, message, detail, hint, position), read through
/// `PQresultErrorField`. `description` stays short and never contains bind values; `debugDescription` adds the
/// server's detail and hint.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
  /// What went wrong, as a small open set of kinds (a struct over a private enum, so new kinds don't break callers).
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable {
      case connection, server, timeout, cancelled, readOnlyTransaction, copy, protocolViolation
      case invalidConfiguration, invalidParameter, closed, invalidUse
    }

    private let base: Base

    /// The server could not be reached, refused the connection, or the connection broke (SQLSTATE class 08).
    public static let connection = Kind(base: .connection)
    /// The server rejected a statement; `sqlState` says why.
    public static let server = Kind(base: .server)
    /// The statement ran longer than the transaction's `statement_timeout` (SQLSTATE 57014).
    public static let timeout = Kind(base: .timeout)
    /// The statement was cancelled through a ``CancelHandle`` or by an administrator (SQLSTATE 57014).
    public static let cancelled = Kind(base: .cancelled)
    /// A read-only transaction refused a write (SQLSTATE 25006).
    public static let readOnlyTransaction = Kind(base: .readOnlyTransaction)
    /// A `COPY … FROM STDIN` failed while sending data or was aborted by the caller.
    public static let copy = Kind(base: .copy)
    /// libpq or the server answered in a way this client did not expect.
    public static let protocolViolation = Kind(base: .protocolViolation)
    /// A connection URL or conninfo string could not be parsed.
    public static let invalidConfiguration = Kind(base: .invalidConfiguration)
    /// A bind value cannot be sent to PostgreSQL (for example a timestamp out of range).
    public static let invalidParameter = Kind(base: .invalidParameter)
    /// The connection was closed before the call.
    public static let closed = Kind(base: .closed)
    /// The API was called in a state that does not allow it (for example a nested transaction).
    public static let invalidUse = Kind(base: .invalidUse)

    /// The kind's name, for logs.
    public var description: String { base.rawValue }
  }

  /// What went wrong.
  public var kind: Kind
  /// The five-character SQLSTATE the server sent, if any (`42703`, `57014`, …).
  public var sqlState: String?
  /// The primary message: the server's, or this client's for local failures.
  public var message: String
  /// The server's optional detail line.
  public var detail: String?
  /// The server's optional hint.
  public var hint: String?
  /// The 1-based character position in the statement text that the server blamed, if any.
  public var position: Int?
  /// The statement timeout in force when a ``Kind/timeout`` happened, in milliseconds, if known.
  public var statementTimeoutMilliseconds: Int?
  /// A password-free description of the server that was tried (connection errors only).
  public var server: String?

  /// Creates an error from its parts.
  public init(
    kind: Kind,
    sqlState: String? = nil,
    message: String,
    detail: String? = nil,
    hint: String? = nil,
    position: Int? = nil,
    statementTimeoutMilliseconds: Int? = nil,
    server: String? = nil
  ) {
    self.kind = kind
    self.sqlState = sqlState
    self.message = message
    self.detail = detail
    self.hint = hint
    self.position = position
    self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
    self.server = server
  }

  /// A short, clear sentence about the failure; never contains bind values or passwords.
  public var description: String {
    switch kind {
    case .timeout:
      if let limit = statementTimeoutMilliseconds {
        return "statement timeout (limit \(Self.formatMilliseconds(limit)))"
      }
      return "statement timeout"
    case .cancelled:
      return "statement cancelled"
    case .readOnlyTransaction:
      return "refused in a read-only transaction: \(message)"
    case .connection:
      if let server {
        return "PostgreSQL connection failed (\(server)): \(message)"
      }
      return "PostgreSQL connection failed: \(message)"
    default:
      if let sqlState {
        return "\(message) (SQLSTATE \(sqlState))"
      }
      return message
    }
  }

  /// The description followed by the server's position, detail and hint, one per line.
  public var debugDescription: String {
    var lines = [description]
    if let position { lines.append("position: \(position)") }
    if let detail { lines.append("detail: \(detail)") }
    if let hint { lines.append("hint: \(hint)") }
    return lines.joined(separator: "\n")
  }

  /// Formats a duration for a message: whole seconds as `5s`, anything else as `250ms`.
  static func formatMilliseconds(_ milliseconds: Int) -> String {
    if milliseconds >= 1000 && milliseconds % 1000 == 0 {
      return "\(milliseconds / 1000)s"
    }
    return "\(milliseconds)ms"
  }
}
