/// A record refused by ingest, with where and why: rendered as `file:line: field: reason`.
public struct IngestReject: Sendable, Hashable, CustomStringConvertible {
  /// Why a record (or one of its fields) was refused.
  public struct Reason: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault, or nil when the whole record is (malformed line, database refusal).
    public var field: String?
    /// What is wrong, in a few words.
    public var message: String

    /// Creates a reason.
    public init(field: String? = nil, message: String) {
      self.field = field
      self.message = message
    }

    /// `field: message`, or just the message.
    public var description: String {
      if let field { return "\(field): \(message)" }
      return message
    }
  }

  /// The input's display name (`-` shows as `<stdin>`).
  public var file: String
  /// The 1-based line on which the record starts.
  public var line: Int
  /// Why it was refused.
  public var reason: Reason
  /// The record as it appeared in the file.
  public var source: [UInt8]

  /// Creates a reject.
  public init(file: String, line: Int, reason: Reason, source: [UInt8]) {
    self.file = file
    self.line = line
    self.reason = reason
    self.source = source
  }

  /// `file:line: field: reason`.
  public var description: String { "\(file):\(line): \(reason)" }
}
