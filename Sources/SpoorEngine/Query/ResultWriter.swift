import SpoorFormats
import SpoorPlan
import SpoorPostgres

/// Writes result rows in one ``OutputFormat`` as they stream in.
///
/// JSON, NDJSON and CSV are written row by row (memory stays flat); the table format buffers the rows it
/// shows, which the runner's row cap bounds.
public final class ResultWriter {
  /// How the JSON format writes a row.
  public enum JSONRowShape: Sendable {
    /// An object keyed by column name, as `spoor query --format json` prints.
    case object
    /// An array of the values in column order, beside a separate list of the columns (the HTTP API's form:
    /// compact, and it keeps the order and any repeated column name).
    case array
  }

  private let format: OutputFormat
  private let sink: TextSink
  private let rowShape: JSONRowShape
  private var columns: [ColumnDescription] = []
  private var bufferedRows: [[String]] = []
  private var rowCount = 0

  /// Creates a writer.
  /// - Parameter rowShape: how the JSON format writes each row (NDJSON always writes objects).
  public init(format: OutputFormat, sink: TextSink, rowShape: JSONRowShape = .object) {
    self.format = format
    self.sink = sink
    self.rowShape = rowShape
  }

  /// Starts the output with the result's columns.
  public func begin(columns: [ColumnDescription]) {
    self.columns = columns
    switch format {
    case .json: sink.write("[")
    case .csv: sink.write(columns.map { csvField($0.name) }.joined(separator: ",") + "\r\n")
    case .ndjson, .table: break
    }
  }

  /// Writes one row.
  public func write(_ row: Row) {
    switch format {
    case .json:
      sink.write(rowCount == 0 ? "\n" : ",\n")
      sink.write(rowShape == .array ? jsonArray(row) : jsonObject(row))
    case .ndjson:
      sink.write(jsonObject(row) + "\n")
    case .csv:
      sink.write(row.values.map { csvField($0 ?? "") }.joined(separator: ",") + "\r\n")
    case .table:
      bufferedRows.append(row.values.map { tableCell($0) })
    }
    rowCount += 1
  }

  /// Ends the output.
  ///
  /// `note` (for example the truncation notice) is returned for the caller to print on stderr.
  public func end() {
    switch format {
    case .json: sink.write(rowCount == 0 ? "]\n" : "\n]\n")
    case .table: writeTable()
    case .ndjson, .csv: break
    }
    sink.flush()
  }

  /// Writes a whole, already fetched result: its columns, every row, and the end.
  public func write(_ result: QueryResult) {
    begin(columns: result.columns)
    for row in result.rows { write(row) }
    end()
  }

  /// The number of rows written so far.
  public var rowsWritten: Int { rowCount }

  private func jsonObject(_ row: Row) -> String {
    var parts: [String] = []
    parts.reserveCapacity(columns.count)
    for (index, column) in columns.enumerated() {
      parts.append(JSONText.quote(column.name) + ":" + jsonValue(row.decoded(index)))
    }
    return "{" + parts.joined(separator: ",") + "}"
  }

  private func jsonArray(_ row: Row) -> String {
    var parts: [String] = []
    parts.reserveCapacity(columns.count)
    for index in columns.indices { parts.append(jsonValue(row.decoded(index))) }
    return "[" + parts.joined(separator: ",") + "]"
  }

  private func jsonValue(_ cell: PostgresCell) -> String {
    switch cell {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let number): return String(number)
    case .double(let number): return number.isFinite ? String(number) : JSONText.quote(String(number))
    case .json(let text): return text
    case .text(let text), .timestamp(let text), .other(let text): return JSONText.quote(text)
    }
  }

  private func csvField(_ text: String) -> String {
    let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  private func tableCell(_ value: String?) -> String {
    guard let value else { return "" }
    let flattened = value.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    return flattened.count > 120 ? String(flattened.prefix(119)) + "…" : flattened
  }

  private func writeTable() {
    let headers = columns.map(\.name)
    var widths = headers.map(\.count)
    for row in bufferedRows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
        .joined(separator: "  ").trimmingTrailingSpaces()
    }
    sink.write(line(headers) + "\n")
    sink.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
    for row in bufferedRows { sink.write(line(row) + "\n") }
    bufferedRows.removeAll()
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
