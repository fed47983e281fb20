/// How query results and exported records are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Aligned columns for people.
  case table
  /// One JSON array of objects.
  case json
  /// One JSON object per line.
  case ndjson
  /// RFC 4180 CSV with a header row.
  case csv
}
