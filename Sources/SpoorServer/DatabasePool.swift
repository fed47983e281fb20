import Foundation
import NIOPosix
import SpoorPostgres

/// libpq connections for the server's handlers, and the threads their blocking calls run on.
///
/// Every call to the database blocks, so it runs on ``threads`` rather than on the event loops. A connection is
/// used by one call at a time; idle ones are kept (up to ``maxIdle``) so a request does not pay a connect.
public final class DatabasePool: @unchecked Sendable {
  // `@unchecked Sendable`: `idle` is touched only under `lock`, and a connection taken from it belongs to one
  // thread until it is put back.
  private let lock = NSLock()
  private var idle: [Connection] = []
  private let connect: @Sendable () throws -> Connection
  /// The threads blocking database calls run on.
  public let threads: NIOThreadPool
  /// Idle connections kept for reuse.
  public let maxIdle: Int

  /// Creates a pool; `connect` opens a new connection when none is idle.
  public init(threads: Int = 16, maxIdle: Int = 16, connect: @escaping @Sendable () throws -> Connection) {
    self.connect = connect
    self.maxIdle = maxIdle
    self.threads = NIOThreadPool(numberOfThreads: threads)
    self.threads.start()
  }

  /// Runs `body` with a connection on one of ``threads``; the connection goes back to the pool unless `body`
  /// threw a connection-level error.
  public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
    try await threads.runIfActive {
      let connection = try self.take()
      do {
        let value = try body(connection)
        self.giveBack(connection)
        return value
      } catch {
        // A statement error leaves the connection usable (transactions roll back); a broken one is dropped.
        if connection.isOpen { self.giveBack(connection) } else { connection.close() }
        throw error
      }
    }
  }

  /// Runs blocking work (no connection) on one of ``threads``.
  public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await threads.runIfActive(body)
  }

  /// A connection from the pool, or a new one.
  func take() throws -> Connection {
    lock.lock()
    let connection = idle.popLast()
    lock.unlock()
    return try connection ?? connect()
  }

  /// Returns a connection for reuse (closing it when the pool is full).
  func giveBack(_ connection: Connection) {
    lock.lock()
    let keep = idle.count < maxIdle
    if keep { idle.append(connection) }
    lock.unlock()
    if !keep { connection.close() }
  }

  /// Closes the idle connections and stops the threads.
  public func shutdown() async throws {
    let closing = lock.withLock {
      let closing = idle
      idle.removeAll()
      return closing
    }
    for connection in closing { connection.close() }
    try await threads.shutdownGracefully()
  }
}
