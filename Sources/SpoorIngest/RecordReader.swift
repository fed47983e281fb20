/// A source of ``InputRecord``s: one of the input formats over one ``InputFile``.
protocol RecordReader {
  /// The next record, or nil at the end of the input.
  /// - Throws: ``IngestError`` when the input cannot be read at all (I/O error, bad CSV header).
  mutating func next() throws -> InputRecord?
  /// Bytes consumed by the records returned so far.
  var bytesRead: Int { get }
  /// The line after the last record returned.
  var nextLine: Int { get }
  /// Goes on reading at byte `offset`, where line `line` starts: a record boundary an earlier reading found.
  mutating func skip(to offset: Int, line: Int) throws
}

/// The input formats `spoor ingest` reads.
public enum IngestFormat: String, Sendable, CaseIterable {
  /// One JSON object per line.
  case ndjson
  /// RFC 4180 CSV with a header row.
  case csv

  /// The format a file name implies (`.ndjson`, `.jsonl`, `.json` → NDJSON; `.csv` → CSV), or nil.
  public init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") {
      self = .ndjson
    } else if lower.hasSuffix(".csv") {
      self = .csv
    } else {
      return nil
    }
  }
}
