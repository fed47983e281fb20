/// Reads NDJSON: one JSON object per line; blank lines are skipped, malformed lines become rejectable records.
struct NDJSONReader: RecordReader {
  private var lines: LineReader

  init(file: InputFile) {
    lines = LineReader(file: file)
  }

  var bytesRead: Int { lines.bytesRead }

  var nextLine: Int { lines.nextLineNumber }

  mutating func skip(to offset: Int, line: Int) throws {
    try lines.skip(to: offset, line: line)
  }

  mutating func next() throws -> InputRecord? {
    while true {
      let number = lines.nextLineNumber
      guard var line = try lines.nextLine() else { return nil }
      if line.last == 0x0D { line = line.dropLast() }
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      let fields: Result<[InputField], IngestReject.Reason>
      do {
        fields = .success(try JSONLineParser.parse(line))
      } catch {
        fields = .failure(error)
      }
      return InputRecord(line: number, source: Array(line), fields: fields)
    }
  }
}
