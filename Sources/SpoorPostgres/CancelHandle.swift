import CLibPQ
import Foundation

/// Cancels the statement running on one connection, from any thread (`PQgetCancel` / `PQcancel`).
///
/// This is `@unchecked Sendable` because it owns a `PGcancel`, which libpq documents as usable from another thread
/// than the connection's, and every access to it (and to the "cancel requested" flag the connection reads to tell a
/// cancel from a statement timeout) happens while holding `lock`. That makes it safe to call ``cancel()`` from a
/// thread that handles SIGINT while the connection's own thread is blocked in libpq. The `PGcancel` stays valid
/// after the connection is closed; cancelling then does nothing harmful.
public final class CancelHandle: @unchecked Sendable {
  /// Guards `cancel` and `requested`.
  private let lock = NSLock()
  /// The libpq cancel object (`nil` if libpq could not create one).
  private let pgCancel: OpaquePointer?
  /// Whether ``cancel()`` was called since the connection last started a command.
  private var requested = false

  /// Creates a handle for `connection`; a handle for a closed connection (`nil`) cancels nothing.
  init(connection: OpaquePointer?) {
    pgCancel = connection.flatMap { PQgetCancel($0) }
  }

  deinit {
    if let pgCancel { PQfreeCancel(pgCancel) }
  }

  /// Asks the server to cancel the statement the connection is running, if any.
  ///
  /// The connection's call then fails with ``PostgresError/Kind-swift.struct/cancelled``. A cancel that arrives
  /// while nothing runs is ignored by the server.
  /// - Returns: whether the cancel request was delivered to the server.
  @discardableResult
  public func cancel() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    requested = true
    guard let pgCancel else { return false }
    var errorBuffer = [CChar](repeating: 0, count: 256)
    return PQcancel(pgCancel, &errorBuffer, Int32(errorBuffer.count)) == 1
  }

  /// Forgets an earlier request; called when the connection starts a command.
  func clearRequest() {
    lock.lock()
    defer { lock.unlock() }
    requested = false
  }

  /// Whether ``cancel()`` was called since the last ``clearRequest()``.
  var isRequested: Bool {
    lock.lock()
    defer { lock.unlock() }
    return requested
  }
}
