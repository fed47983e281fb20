import SpoorCatalog

/// A data format KQL's `externaldata` reads (Kusto's ingestion formats Spoor parses).
public enum ExternalDataFormat: String, Hashable, Sendable, CaseIterable {
  /// Comma-separated values (RFC 4180 quoting).
  case csv
  /// Tab-separated values.
  case tsv
  /// One JSON object per line.
  case json
  /// JSON objects (or arrays of them) separated by any whitespace.
  case multijson
  /// One record per line, the whole line as the only column.
  case txt

  /// The format a storage address implies by its file extension, as Kusto detects it; CSV otherwise.
  public static func inferred(from address: String) -> ExternalDataFormat {
    var path = Substring(address)
    if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
    let lower = path.lowercased()
    for format in [ExternalDataFormat.tsv, .json, .multijson, .txt] where lower.hasSuffix("." + format.rawValue) {
      return format
    }
    return .csv
  }
}

/// The rows of a KQL `externaldata` operator: where they are, how to read them, and the declared columns.
///
/// Translation never fetches: the plan carries the source as an external-input bind value
/// (``Value/external(_:)``), which the engine resolves to the rows (one `jsonb` array of objects) just before the
/// statement runs.
public struct ExternalSource: Hashable, Sendable {
  /// The declared columns, in order.
  public var columns: [OutputColumn]
  /// The storage addresses (https, http, file URLs or local paths), read in order and concatenated.
  public var addresses: [String]
  /// How to read each blob.
  public var format: ExternalDataFormat
  /// True when the first record of every blob is skipped (a CSV header).
  public var ignoreFirstRecord: Bool

  /// Creates a source.
  public init(columns: [OutputColumn], addresses: [String], format: ExternalDataFormat, ignoreFirstRecord: Bool) {
    self.columns = columns
    self.addresses = addresses
    self.format = format
    self.ignoreFirstRecord = ignoreFirstRecord
  }
}
