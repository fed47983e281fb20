/// An error that stops an ingest (as opposed to an ``IngestReject``, which refuses one record and goes on).
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input file could not be opened.
  case cannotOpen(path: String, reason: String)
  /// Reading the input failed.
  case readFailed(path: String, reason: String)
  /// The target table does not exist; `help` may suggest a name.
  case unknownTable(name: String, help: String?)
  /// The format could not be told from the file name.
  case unknownFormat(path: String)
  /// A CSV file has no header row, or its header is malformed.
  case badHeader(path: String, reason: String)
  /// The reject file could not be written.
  case cannotWriteRejects(path: String, reason: String)
  /// The database refused a whole batch for a reason no single record explains.
  case database(String)
  /// `--dataset NAME` with a name that cannot be a dataset (lowercase letters, digits and `_`, starting with a
  /// letter, at most 63 bytes).
  case invalidDatasetName(String)
  /// `--dataset NAME` where NAME is a table that is not an XQL raw dataset (it has no `_document` column).
  case notARawDataset(String)

  /// A one-line message.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): return "cannot open \(path): \(reason)"
    case .readFailed(let path, let reason): return "cannot read \(path): \(reason)"
    case .unknownTable(let name, let help):
      return "unknown table '\(name)'" + (help.map { "; \($0)" } ?? "")
    case .unknownFormat(let path):
      return "cannot tell the format of \(path) from its name; use --format ndjson or --format csv"
    case .badHeader(let path, let reason): return "\(path): bad CSV header: \(reason)"
    case .cannotWriteRejects(let path, let reason): return "cannot write reject file \(path): \(reason)"
    case .database(let message): return message
    case .invalidDatasetName(let name):
      return "invalid dataset name '\(name)': use lowercase letters, digits and _, starting with a letter (at most 63)"
    case .notARawDataset(let name):
      return "'\(name)' is a table, not a raw dataset (it has no _document column); use spoor ingest \(name) FILE"
    }
  }
}
