import Crypto
import SpoorFormats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open input file (or standard input) read in large chunks; owns its file descriptor.
public final class InputFile {
  /// The name given on the command line (`-` for standard input).
  public let path: String
  /// The name used in messages: the path, or `<stdin>`.
  public let displayName: String
  /// The file's size in bytes when it is a regular file, for progress and ETA.
  public let size: Int?
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Opens `path` for reading; `-` means standard input.
  /// - Throws: ``IngestError/cannotOpen(path:reason:)`` when the file cannot be opened.
  public init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = 0
      ownsDescriptor = false
      displayName = "<stdin>"
    } else {
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else { throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
      descriptor = fd
      ownsDescriptor = true
      displayName = path
    }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
      size = Int(info.st_size)
    } else {
      size = nil
    }
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  /// The SHA-256 digest of the file's first ``size`` bytes, read apart from the reading position (nil for standard
  /// input or anything but a regular file).
  /// - Throws: ``IngestError/readFailed(path:reason:)`` on an I/O error.
  func contentDigest() throws -> String? {
    guard let size, ownsDescriptor else { return nil }
    var hasher = SHA256()
    var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
    var offset = 0
    while offset < size {
      let got = chunk.withUnsafeMutableBytes { raw in
        pread(descriptor, raw.baseAddress!, min(raw.count, size - offset), off_t(offset))
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else {
        throw IngestError.readFailed(
          path: displayName, reason: got == 0 ? "the file shrank while being read" : String(cString: strerror(errno)))
      }
      chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
      offset += got
    }
    return HexText.lowercase(hasher.finalize())
  }

  /// Moves the reading position to byte `offset` (regular files only).
  /// - Throws: ``IngestError/readFailed(path:reason:)`` when the position cannot be moved.
  func seek(to offset: Int) throws {
    guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
      throw IngestError.readFailed(path: displayName, reason: String(cString: strerror(errno)))
    }
  }

  /// Appends up to `count` bytes to `buffer`; returns how many were read, 0 at end of file.
  /// - Throws: ``IngestError/readFailed(path:reason:)`` on an I/O error.
  func read(into buffer: inout [UInt8], count: Int) throws -> Int {
    let start = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: count))
    while true {
      let got = buffer.withUnsafeMutableBytes { raw in
        systemRead(descriptor, raw.baseAddress! + start, count)
      }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else {
        buffer.removeLast(count)
        throw IngestError.readFailed(path: displayName, reason: String(cString: strerror(errno)))
      }
      buffer.removeLast(count - got)
      return got
    }
  }
}

/// `read(2)`, named apart from ``InputFile/read(into:count:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.read(descriptor, buffer, count)
  #else
    return Darwin.read(descriptor, buffer, count)
  #endif
}
