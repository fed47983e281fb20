import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpoorEngine
import SpoorPostgres
import SpoorSQL

#if canImport(Glibc)
  import Glibc
#endif

/// Streams a query's output to an HTTP response with flat memory.
///
/// The engine's ``ResultWriter`` writes to a ``TextSink`` over a file descriptor, so the query runs on a pool
/// thread writing into a pipe and the response reads the pipe in 64 KiB chunks: the pipe's buffer is the only
/// buffer, and a slow client blocks the writer (backpressure) instead of growing memory. A client that goes
/// away cancels the statement.
enum QueryStream {
  /// What the writer side produced, shared with the reader side.
  final class Outcome: @unchecked Sendable {
    // `@unchecked Sendable`: every field is read and written under `lock`.
    private let lock = NSLock()
    private var error: (any Error)?
    private var cancel: CancelHandle?
    private var cancelled = false

    func fail(_ error: any Error) {
      lock.withLock { self.error = error }
    }
    var failure: (any Error)? { lock.withLock { error } }

    /// Keeps the statement's cancel handle; cancels at once if the reader already gave up.
    func running(_ handle: CancelHandle) {
      let cancelNow = lock.withLock {
        cancel = handle
        return cancelled
      }
      if cancelNow { handle.cancel() }
    }

    /// Cancels the running statement (the client went away).
    func cancelStatement() {
      let handle = lock.withLock {
        cancelled = true
        return cancel
      }
      handle?.cancel()
    }
  }

  /// Runs `statement` and answers with its output in `format`, framed by `prefix` and `suffix` (the JSON
  /// envelope), and the row count and truncation as trailers.
  ///
  /// JSON rows are arrays in column order (the envelope lists the columns); NDJSON rows are objects.
  /// - Throws: the database error when the statement fails before its first output chunk.
  static func response(
    statement: SQLStatement, format: OutputFormat, limits: QueryLimits, pool: DatabasePool, contentType: String,
    prefix: String, suffix: @escaping @Sendable (QueryRunSummary) -> String,
    finished: @escaping @Sendable (QueryRunSummary?) -> Void
  ) async throws -> Response {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw APIError(.internalServerError, code: "internal", message: "pipe failed") }
    let (readEnd, writeEnd) = (fds[0], fds[1])
    let outcome = Outcome()
    let summaryBox = SummaryBox()
    let producer = Task {
      defer { close(writeEnd) }
      do {
        let summary = try await pool.withConnection { connection in
          outcome.running(connection.makeCancelHandle())
          return try produce(
            statement: statement, format: format, limits: limits, connection: connection, writeEnd: writeEnd,
            prefix: prefix, suffix: suffix, outcome: outcome)
        }
        summaryBox.set(summary)
        finished(summary)
      } catch {
        outcome.fail(error)
        finished(nil)
      }
    }
    let reader = PipeReader(fileDescriptor: readEnd, pool: pool)
    // The first chunk decides the status: an error before any output is an error response.
    let first = try await reader.next()
    // An error is recorded before the writer's buffer is flushed, so a failure before the first chunk is seen
    // here, with that chunk: the response is then an error, not a 200 cut short.
    if first == nil || outcome.failure != nil {
      reader.close()
      _ = await producer.result
      if let error = outcome.failure { throw error }
    }
    var headers: HTTPFields = [.contentType: contentType]
    headers[.trailer] = "Spoor-Row-Count, Spoor-Truncated"
    return Response(
      status: .ok, headers: headers,
      body: ResponseBody { writer in
        defer { reader.close() }
        do {
          if let first { try await writer.write(first) }
          while let chunk = try await reader.next() { try await writer.write(chunk) }
        } catch {
          outcome.cancelStatement()
          throw error
        }
        _ = await producer.result
        if let error = outcome.failure { throw error }
        let summary = summaryBox.get()
        var trailers = HTTPFields()
        trailers[HTTPField.Name("Spoor-Row-Count")!] = String(summary?.rows ?? 0)
        trailers[HTTPField.Name("Spoor-Truncated")!] = (summary?.truncated ?? false) ? "true" : "false"
        try await writer.finish(trailers)
      })
  }

  /// The writer side, on a pool thread: the statement's rows through a ``ResultWriter`` into the pipe.
  ///
  /// The sink is released (flushed) before this returns, so the caller may close the pipe after it.
  private static func produce(
    statement: SQLStatement, format: OutputFormat, limits: QueryLimits, connection: Connection, writeEnd: Int32,
    prefix: String, suffix: (QueryRunSummary) -> String, outcome: Outcome
  ) throws -> QueryRunSummary {
    let sink = TextSink(fileDescriptor: writeEnd)
    sink.write(prefix)
    let writer = ResultWriter(format: format, sink: sink, rowShape: .array)
    let summary: QueryRunSummary
    do {
      summary = try QueryService().run(statement, limits: limits, on: connection, into: writer)
    } catch {
      // Recorded before the sink's buffer is flushed, so the reader never takes partial output for success.
      outcome.fail(error)
      throw error
    }
    sink.write(suffix(summary))
    sink.flush()
    return summary
  }

  final class SummaryBox: @unchecked Sendable {
    // `@unchecked Sendable`: `value` is read and written under `lock`.
    private let lock = NSLock()
    private var value: QueryRunSummary?
    func set(_ summary: QueryRunSummary) { lock.withLock { value = summary } }
    func get() -> QueryRunSummary? { lock.withLock { value } }
  }
}

/// Reads a pipe in chunks on the pool's threads (a blocking `read` per chunk).
final class PipeReader: @unchecked Sendable {
  // `@unchecked Sendable`: `fileDescriptor` is closed once, under `lock`; reads happen one at a time.
  private let lock = NSLock()
  private var fileDescriptor: Int32
  private let pool: DatabasePool
  static let chunkSize = 1 << 16

  init(fileDescriptor: Int32, pool: DatabasePool) {
    self.fileDescriptor = fileDescriptor
    self.pool = pool
  }

  /// The next chunk, or nil at the end.
  func next() async throws -> ByteBuffer? {
    let descriptor = lock.withLock { fileDescriptor }
    guard descriptor >= 0 else { return nil }
    let bytes: [UInt8] = try await pool.run {
      var buffer = [UInt8](repeating: 0, count: PipeReader.chunkSize)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count >= 0 { return Array(buffer[0..<count]) }
        if errno != EINTR { return [] }
      }
    }
    return bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
  }

  /// Closes the read end (a writer still writing then gets EPIPE and stops).
  func close() {
    let descriptor = lock.withLock {
      let current = fileDescriptor
      fileDescriptor = -1
      return current
    }
    if descriptor >= 0 { _ = Glibc.close(descriptor) }
  }
}
