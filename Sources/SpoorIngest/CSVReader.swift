/// Reads CSV with a header row; every field becomes ``FieldValue/text(_:)`` named by its header.
///
/// A quoted field may span lines (the record's line is the first); CRLF and LF endings both work. A quote that no
/// later line closes refuses only the record's first line, reported at that line; the lines after it are read
/// again as records of their own.
/// ``nextRawRecord()`` gives the same records without making a `String` per field, for ``CSVCopyEncoder``.
struct CSVReader: RecordReader {
  private var lines: LineReader
  private let displayName: String
  /// The header's names, once ``readHeader()`` (or the first ``next()``) has read it.
  private(set) var header: [String]?
  /// The fields of the record ``nextRawRecord()`` returned last (when it has no failure).
  private(set) var fields = CSVFields()
  /// Physical lines read past an unclosed quote, to be read again (with each line's end offset), first first.
  private var replay: [(number: Int, bytes: [UInt8], end: Int)] = []
  private var replayNext = 0
  /// Bytes consumed by the records returned so far.
  private(set) var bytesRead = 0
  /// The line after the last record returned.
  private(set) var nextLine = 1

  init(file: InputFile) {
    lines = LineReader(file: file)
    displayName = file.displayName
  }

  /// A record as read, before its fields are named: its line, its source, and nil or why it is malformed.
  struct RawRecord {
    var line: Int
    var source: [UInt8]
    var failure: IngestReject.Reason?
  }

  /// Reads the header row if it has not been read yet; nil for an empty input.
  /// - Throws: ``IngestError/badHeader(path:reason:)`` when the header row is malformed.
  mutating func readHeader() throws -> [String]? {
    if let header { return header }
    guard let first = try nextRawRecord() else { return nil }
    if let failure = first.failure { throw IngestError.badHeader(path: displayName, reason: failure.message) }
    header = fields.indices.map { fields.text(at: $0) }
    return header
  }

  mutating func next() throws -> InputRecord? {
    guard let header = try readHeader(), let record = try nextRawRecord() else { return nil }
    let result: Result<[InputField], IngestReject.Reason>
    if let failure = record.failure {
      result = .failure(failure)
    } else if fields.count != header.count {
      result = .failure(Self.fieldCountMismatch(fields.count, header.count))
    } else {
      result = .success(header.indices.map { InputField(name: header[$0], value: .text(fields.text(at: $0))) })
    }
    return InputRecord(line: record.line, source: record.source, fields: result)
  }

  /// The reason for a record whose field count differs from the header's.
  static func fieldCountMismatch(_ count: Int, _ headerCount: Int) -> IngestReject.Reason {
    IngestReject.Reason(message: "record has \(count) fields, the header has \(headerCount)")
  }

  mutating func skip(to offset: Int, line: Int) throws {
    try lines.skip(to: offset, line: line)
    replay.removeAll()
    replayNext = 0
    bytesRead = offset
    nextLine = line
  }

  /// The next physical line with its number and the input offset after it: a replayed one first.
  private mutating func nextPhysicalLine() throws -> (number: Int, bytes: [UInt8], end: Int)? {
    if replayNext < replay.count {
      let line = replay[replayNext]
      replayNext += 1
      if replayNext == replay.count {
        replay.removeAll()
        replayNext = 0
      }
      return line
    }
    let number = lines.nextLineNumber
    guard let line = try lines.nextLine() else { return nil }
    return (number, Array(line), lines.bytesRead)
  }

  /// The next non-blank record, its fields left in ``fields``, joining physical lines while a quoted field is open.
  mutating func nextRawRecord() throws -> RawRecord? {
    while true {
      guard let first = try nextPhysicalLine() else { return nil }
      bytesRead = first.end
      nextLine = first.number + 1
      var source = first.bytes
      if source.isEmpty || source == [0x0D] { continue }
      var continuation: [(number: Int, bytes: [UInt8], end: Int)] = []
      var mayClose = true
      while true {
        do {
          if mayClose {
            let complete = try source.withUnsafeBufferPointer { bytes throws(IngestReject.Reason) in
              try CSVRecordParser.parse(bytes, into: &fields)
            }
            if complete {
              if source.last == 0x0D { source.removeLast() }
              bytesRead = continuation.last?.end ?? first.end
              nextLine = (continuation.last?.number ?? first.number) + 1
              return RawRecord(line: first.number, source: source, failure: nil)
            }
          }
          guard let more = try nextPhysicalLine() else {
            // No later line closes the quote: refuse this line alone and read the others again.
            replay.insert(contentsOf: continuation, at: replayNext)
            var line = first.bytes
            if line.last == 0x0D { line.removeLast() }
            return RawRecord(
              line: first.number, source: line,
              failure: IngestReject.Reason(
                message: "malformed CSV: a quoted field opened on this line is never closed"))
          }
          continuation.append(more)
          source.append(0x0A)
          source.append(contentsOf: more.bytes)
          // Only a line with a quote can close the field: parse again only then, so that a long quoted field
          // costs linear time.
          mayClose = more.bytes.contains(UInt8(ascii: "\""))
        } catch let reason as IngestReject.Reason {
          bytesRead = continuation.last?.end ?? first.end
          nextLine = (continuation.last?.number ?? first.number) + 1
          return RawRecord(line: first.number, source: source, failure: reason)
        }
      }
    }
  }
}
