import Dispatch
import Foundation
import SpoorPostgres

/// Runs a database call so that Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel the running statement (PQcancel)
/// instead of killing the process and leaving the statement running on the server until its timeout.
///
/// (SIGKILL cannot be caught: the session's `client_connection_check_interval` and TCP keepalives, set by
/// `Connection`, make the server notice the dead client instead.)
enum CancelOnInterrupt {
  /// The signals that cancel the running statement.
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Runs `body`; one of ``signals`` while it runs sends a cancel request for `connection`'s current statement.
  static func run<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
    let handle = connection.makeCancelHandle()
    let sources = signals.map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { handle.cancel() }
      source.resume()
      return source
    }
    defer {
      for (number, source) in zip(signals, sources) {
        source.cancel()
        signal(number, SIG_DFL)
      }
    }
    do {
      return try body()
    } catch let error as PostgresError where error.kind == .cancelled {
      throw CommandError("query cancelled")
    }
  }
}
