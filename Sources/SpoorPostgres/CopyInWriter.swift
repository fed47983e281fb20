import CLibPQ

/// Sends the data of one `COPY … FROM STDIN` (`PQputCopyData`), buffered in chunks of about 1 MiB.
///
/// A writer exists only inside ``Connection/copyIn(_:_:)``; it borrows that connection's `PGconn` and refuses
/// writes after the copy has ended. Data is sent in the format the COPY statement names (text, CSV or binary).
public final class CopyInWriter {
  /// How many bytes are buffered before they are sent.
  public static let chunkSize = 1 << 20

  /// The connection the copy runs on, `nil` once the copy has ended.
  private var connection: OpaquePointer?
  /// Bytes not yet sent.
  private var buffer: [UInt8] = []
  /// The number of bytes handed to libpq so far.
  public private(set) var bytesSent = 0

  /// Creates a writer for the copy running on `connection`.
  init(connection: OpaquePointer) {
    self.connection = connection
    buffer.reserveCapacity(Self.chunkSize)
  }

  /// Appends raw bytes to the copy data.
  ///
  /// A block of at least ``chunkSize`` bytes written while nothing is buffered is sent straight from `bytes`,
  /// without another copy.
  /// - Throws: ``PostgresError/Kind-swift.struct/copy`` when libpq cannot send, or when the copy has already ended.
  public func write(_ bytes: [UInt8]) throws {
    try requireActive()
    if buffer.isEmpty && bytes.count >= Self.chunkSize {
      try bytes.withUnsafeBytes { try send($0) }
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.chunkSize { try flush() }
  }

  /// Appends text, as UTF-8, to the copy data.
  ///
  /// - Throws: ``PostgresError/Kind-swift.struct/copy`` when libpq cannot send, or when the copy has already ended.
  public func write(_ text: String) throws {
    try requireActive()
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.chunkSize { try flush() }
  }

  /// Sends everything buffered.
  func flush() throws {
    try buffer.withUnsafeBytes { try send($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Hands `bytes` to libpq in pieces of at most ``chunkSize`` bytes, checking that libpq accepted each.
  private func send(_ bytes: UnsafeRawBufferPointer) throws {
    guard let connection else { throw Self.endedError }
    var start = 0
    while start < bytes.count {
      let end = min(start + Self.chunkSize, bytes.count)
      let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
      let accepted = PQputCopyData(
        connection, piece.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(piece.count))
      guard accepted == 1 else {
        let reason = ServerErrorFields.firstLine(of: String(cString: PQerrorMessage(connection)))
        throw PostgresError(kind: .copy, message: "could not send COPY data: \(reason)")
      }
      bytesSent += piece.count
      start = end
    }
  }

  /// Ends the writer's life: later writes throw.
  func finish() {
    connection = nil
    buffer = []
  }

  /// Throws unless the copy is still running.
  private func requireActive() throws {
    if connection == nil { throw Self.endedError }
  }

  /// The error for a write after the copy ended.
  private static var endedError: PostgresError {
    PostgresError(kind: .invalidUse, message: "COPY data written after the copy ended")
  }
}
