/// One record read from an input file: where it came from, its source bytes, and its fields or why it is malformed.
public struct InputRecord: Sendable {
  /// The 1-based line on which the record starts.
  public var line: Int
  /// The record as it appeared in the file (without its line ending), kept for the reject file.
  public var source: [UInt8]
  /// The fields in file order, or the reason the record could not be read.
  public var fields: Result<[InputField], IngestReject.Reason>

  /// Creates a record.
  public init(line: Int, source: [UInt8], fields: Result<[InputField], IngestReject.Reason>) {
    self.line = line
    self.source = source
    self.fields = fields
  }
}
