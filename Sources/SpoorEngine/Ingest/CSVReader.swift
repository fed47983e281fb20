/// Reads CSV with a header row; every field becomes ``FieldValue/text(_:)`` named by its header.
///
/// A quoted field may span lines (the record's line is the first); CRLF and LF endings both work.
struct CSVReader: RecordReader {
  private var lines: LineReader
  private let displayName: String
  private var header: [String]?

  init(file: InputFile) {
    lines = LineReader(file: file)
    displayName = file.displayName
  }

  var bytesRead: Int { lines.bytesRead }

  mutating func next() throws -> InputRecord? {
    if header == nil {
      guard let first = try nextRecord() else { return nil }
      switch first.fields {
      case .success(let names):
        header = names
      case .failure(let reason):
        throw IngestError.badHeader(path: displayName, reason: reason.message)
      }
    }
    guard let header, let record = try nextRecord() else { return nil }
    let fields = record.fields.flatMap { (values) -> Result<[InputField], IngestReject.Reason> in
      guard values.count == header.count else {
        return .failure(IngestReject.Reason(message: "record has \(values.count) fields, the header has \(header.count)"))
      }
      return .success(zip(header, values).map { InputField(name: $0, value: .text($1)) })
    }
    return InputRecord(line: record.line, source: record.source, fields: fields)
  }

  private struct RawRecord {
    var line: Int
    var source: [UInt8]
    var fields: Result<[String], IngestReject.Reason>
  }

  /// The next non-blank record with its fields, joining physical lines while a quoted field is open.
  private mutating func nextRecord() throws -> RawRecord? {
    while true {
      let number = lines.nextLineNumber
      guard let first = try lines.nextLine() else { return nil }
      var source = Array(first)
      if source.isEmpty || source == [0x0D] { continue }
      while true {
        do {
          switch try CSVRecordParser.parse(source) {
          case .record(let fields):
            if source.last == 0x0D { source.removeLast() }
            return RawRecord(line: number, source: source, fields: .success(fields))
          case .needsMoreInput:
            guard let more = try lines.nextLine() else {
              return RawRecord(
                line: number, source: source,
                fields: .failure(IngestReject.Reason(message: "malformed CSV: quoted field not closed before the end of the file"))
              )
            }
            source.append(0x0A)
            source.append(contentsOf: more)
          }
        } catch let reason as IngestReject.Reason {
          return RawRecord(line: number, source: source, fields: .failure(reason))
        }
      }
    }
  }
}
