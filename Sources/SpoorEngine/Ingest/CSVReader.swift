/// Reads CSV with a header row; every field becomes ``FieldValue/text(_:)`` named by its header.
///
/// A quoted field may span lines (the record's line is the first); CRLF and LF endings both work.
/// ``nextRawRecord()`` gives the same records without making a `String` per field, for ``CSVCopyEncoder``.
struct CSVReader: RecordReader {
  private var lines: LineReader
  private let displayName: String
  /// The header's names, once ``readHeader()`` (or the first ``next()``) has read it.
  private(set) var header: [String]?
  /// The fields of the record ``nextRawRecord()`` returned last (when it has no failure).
  private(set) var fields = CSVFields()

  init(file: InputFile) {
    lines = LineReader(file: file)
    displayName = file.displayName
  }

  var bytesRead: Int { lines.bytesRead }

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

  /// The next non-blank record, its fields left in ``fields``, joining physical lines while a quoted field is open.
  mutating func nextRawRecord() throws -> RawRecord? {
    while true {
      let number = lines.nextLineNumber
      guard let first = try lines.nextLine() else { return nil }
      var source = Array(first)
      if source.isEmpty || source == [0x0D] { continue }
      while true {
        do {
          let complete = try source.withUnsafeBufferPointer { bytes throws(IngestReject.Reason) in
            try CSVRecordParser.parse(bytes, into: &fields)
          }
          if complete {
            if source.last == 0x0D { source.removeLast() }
            return RawRecord(line: number, source: source, failure: nil)
          }
          guard let more = try lines.nextLine() else {
            return RawRecord(
              line: number, source: source,
              failure: IngestReject.Reason(message: "malformed CSV: quoted field not closed before the end of the file")
            )
          }
          source.append(0x0A)
          source.append(contentsOf: more)
        } catch let reason as IngestReject.Reason {
          return RawRecord(line: number, source: source, failure: reason)
        }
      }
    }
  }
}
