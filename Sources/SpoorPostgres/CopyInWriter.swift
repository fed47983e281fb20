import CLibPQ

/// Sends the data of one `COPY … FROM STDIN` (`PQputCopyData`), buffered in chunks of about 1 MiB.
///
/// A writer exists only inside ``Connection/copyIn(_:_:)``; it borrows that connection's `PGconn` and refuses
/// writes after the copy has ended. Data is sent in the format the COPY statement names (text, CSV or binary).
public final class CopyInWriter {
  /// How many bytes are buffered before they are sent.
  static let chunkSize = 1 << 20

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
  /// - Throws: ``PostgresError/Kind-swift.struct/copy`` when libpq cannot send, or when the copy has already ended.
  public func write(_ bytes: [UInt8]) throws {
    try requireActive()
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

  /// Sends everything buffered, in chunks of at most ``chunkSize`` bytes, checking that libpq accepted each.
  func flush() throws {
    guard let connection else { throw Self.endedError }
    var start = 0
    while start < buffer.count {
      let end = min(start + Self.chunkSize, buffer.count)
      let accepted = buffer[start..<end].withUnsafeBytes { bytes in
        PQputCopyData(connection, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
      }
      guard accepted == 1 else {
        throw PostgresError(
          kind: .copy,
          message:
            "could not send COPY data: \(ServerErrorFields.firstLine(of: String(cString: PQerrorMessage(connection))))")
      }
      bytesSent += end - start
      start = end
    }
    buffer.removeAll(keepingCapacity: true)
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
