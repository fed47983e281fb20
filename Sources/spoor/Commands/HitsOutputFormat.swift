import ArgumentParser
import SpoorEngine
import SpoorPostgres

/// The `--format` of `spoor hits`, `spoor runs` and `spoor hunt run`; printing is the engine's `ResultWriter`,
/// so these commands print exactly like `spoor query` (jsonb cells are embedded as JSON).
enum HitsOutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned columns for a terminal; long cells are cut.
  case table
  /// One JSON array of objects.
  case json
  /// One JSON object per line.
  case ndjson
  /// RFC 4180 CSV with a header line.
  case csv

  /// Writes `result` to standard output in this format.
  func print(_ result: QueryResult) {
    let writer = ResultWriter(format: OutputFormat(rawValue: rawValue) ?? .table, sink: TextSink())
    writer.begin(columns: result.columns)
    for row in result.rows { writer.write(row) }
    writer.end()
  }
}
