import Dispatch
import Foundation
import SpoorPostgres

/// Runs a database call so that Ctrl-C (SIGINT) cancels the running statement (PQcancel) instead of killing the
/// process mid-transaction.
enum CancelOnInterrupt {
  /// Runs `body`; a SIGINT while it runs sends a cancel request for `connection`'s current statement.
  static func run<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
    let handle = connection.makeCancelHandle()
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { handle.cancel() }
    source.resume()
    defer {
      source.cancel()
      signal(SIGINT, SIG_DFL)
    }
    do {
      return try body()
    } catch let error as PostgresError where error.sqlState == "57014" && error.message.contains("user request") {
      throw CommandError("query cancelled")
    }
  }
}
