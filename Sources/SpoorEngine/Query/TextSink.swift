import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A buffered byte sink over a file descriptor (standard output by default), flushed in 64 KiB chunks so
/// streamed results neither pile up in memory nor cost a system call per row.
public final class TextSink {
  private let fileDescriptor: Int32
  private var buffer: [UInt8] = []

  /// Creates a sink writing to a file descriptor.
  public init(fileDescriptor: Int32 = STDOUT_FILENO) {
    self.fileDescriptor = fileDescriptor
    buffer.reserveCapacity(1 << 16)
  }

  deinit { flush() }

  /// Appends text.
  public func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Writes out everything buffered (after whatever `print` left in the C library's buffer, so the two
  /// stay in order when both write to standard output).
  public func flush() {
    fflush(nil)
    var offset = 0
    while offset < buffer.count {
      let written = buffer[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
      if written <= 0 { break }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
