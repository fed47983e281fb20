#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits an ``InputFile`` into lines (without `\n`; a `\r` before it is kept), counting lines and bytes.
///
/// Lines of any length work: the buffer grows until the line ends. A UTF-8 byte order mark at the very start
/// of the file is dropped.
struct LineReader {
  private let file: InputFile
  private var buffer: [UInt8] = []
  private var position = 0
  private var atEnd = false
  private var atStart = true
  /// The number of the line the next ``nextLine()`` call returns.
  private(set) var nextLineNumber = 1
  /// Bytes consumed so far.
  private(set) var bytesRead = 0

  /// The chunk size of each `read(2)`.
  static let chunkSize = 1 << 20

  init(file: InputFile) {
    self.file = file
  }

  /// The next line, or nil at the end of the file.
  mutating func nextLine() throws -> ArraySlice<UInt8>? {
    var searchFrom = position
    while true {
      if let newline = firstNewline(from: searchFrom) {
        let line = buffer[position..<newline]
        bytesRead += newline + 1 - position
        position = newline + 1
        nextLineNumber += 1
        return stripBOM(line)
      }
      if atEnd {
        guard position < buffer.count else { return nil }
        let line = buffer[position..<buffer.count]
        bytesRead += buffer.count - position
        position = buffer.count
        nextLineNumber += 1
        return stripBOM(line)
      }
      searchFrom = buffer.count - position
      if position > 0 {
        buffer.removeSubrange(0..<position)
        position = 0
      }
      if try file.read(into: &buffer, count: Self.chunkSize) == 0 { atEnd = true }
    }
  }

  /// Goes on reading at byte `offset` of the file, which is where line `line` starts (what an earlier reading of the
  /// same file found; see ``IngestLedger``).
  mutating func skip(to offset: Int, line: Int) throws {
    try file.seek(to: offset)
    buffer.removeAll(keepingCapacity: true)
    position = 0
    atEnd = false
    atStart = offset == 0
    bytesRead = offset
    nextLineNumber = line
  }

  private func firstNewline(from start: Int) -> Int? {
    buffer.withUnsafeBufferPointer { bytes -> Int? in
      guard start < bytes.count, let base = bytes.baseAddress,
        let found = memchr(base + start, 0x0A, bytes.count - start)
      else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
  }

  private mutating func stripBOM(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    guard atStart else { return line }
    atStart = false
    if line.starts(with: [0xEF, 0xBB, 0xBF]) { return line.dropFirst(3) }
    return line
  }
}
