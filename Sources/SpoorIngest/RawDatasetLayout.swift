import Foundation
import SpoorCatalog
import SpoorFormats
import SpoorPlan

/// How a record loads into an XQL raw dataset (`migrations/0053_raw_datasets.sql`): a table with a jsonb
/// `_document` column.
///
/// - A field that names a column loads into it, as in any table.
/// - Every other field goes into `_document`, a JSON object of those fields with their JSON values.
/// - `_raw_log` is the record as it arrived, unless the record sets it.
/// - `_time` is the record's `_time`, else the first of ``timeFieldNames`` (compared ignoring case, in that order)
///   whose value is an ISO 8601 timestamp, else the ingest time. The field itself stays in the document (or its
///   column) too, so hunts can still name it.
/// - `_insert_time` is the ingest time, unless the record sets it.
///
/// The ingest time is one instant per ingest run, taken when the table is described.
struct RawDatasetLayout: Sendable {
  /// Column positions in the ``IngestTable``.
  let document: Int
  let rawLog: Int?
  let time: Int?
  let insertTime: Int?
  /// The ingest time, as PostgreSQL timestamptz input.
  let ingestTime: String

  /// Field names read as the event time when a record has no `_time`, most specific first: generic spellings,
  /// then those of Windows event logs, Office 365 audit records, Sentinel and PAN-OS logs.
  static let timeFieldNames = [
    "time", "timestamp", "@timestamp", "event_time", "eventtime", "timecreated", "creationtime", "timegenerated",
    "time_generated", "generatedtime", "receive_time",
  ]

  /// The layout of `table`, or nil when it is not a raw dataset (no jsonb `_document` column); the ingest time is
  /// now.
  init?(table: IngestTable) {
    guard let document = table.positions[Table.documentColumnName], table.columns[document].type == .dynamic
    else { return nil }
    self.document = document
    rawLog = table.positions["_raw_log"]
    time = table.positions["_time"].flatMap { table.columns[$0].type == .datetime ? $0 : nil }
    insertTime = table.positions["_insert_time"].flatMap { table.columns[$0].type == .datetime ? $0 : nil }
    ingestTime = TimestampParser.format(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
  }

  /// Adds the cells a raw dataset derives to `cells`: the document of `unknown` fields, `_raw_log` from `source`,
  /// `_time` and `_insert_time`; `seen` marks the columns the record set itself.
  /// - Throws: when the record sets `_document` and also has fields without a column.
  func complete(
    _ cells: inout [RowEncoder.Cell], seen: [Bool], unknown: [InputField], fields: [InputField], source: [UInt8]?,
    table: IngestTable
  ) throws(IngestReject.Reason) {
    if seen[document] {
      if let first = unknown.first {
        throw IngestReject.Reason(
          field: first.name,
          message: "the record sets _document, which holds the fields without a column of their own")
      }
    } else {
      cells.append((document, Self.object(unknown)))
    }
    if let rawLog, !seen[rawLog], let source {
      cells.append((rawLog, String(decoding: source, as: UTF8.self)))
    }
    if let time, !seen[time] {
      cells.append((time, eventTime(fields, column: table.columns[time]) ?? ingestTime))
    }
    if let insertTime, !seen[insertTime] { cells.append((insertTime, ingestTime)) }
  }

  /// The converted value of the first time-like field that is a timestamp, in ``timeFieldNames`` order.
  private func eventTime(_ fields: [InputField], column: IngestColumn) -> String? {
    var best: (rank: Int, value: String)?
    for field in fields {
      guard let rank = Self.timeFieldNames.firstIndex(of: field.name.lowercased()), rank < best?.rank ?? Int.max,
        let value = try? ValueConverter.convert(field.value, to: column)
      else { continue }
      best = (rank, value)
    }
    return best?.value
  }

  /// A JSON object of `fields`, each with its JSON value (strings quoted, numbers, booleans, objects and arrays as
  /// read, `null`).
  static func object(_ fields: [InputField]) -> String {
    var text = "{"
    for (index, field) in fields.enumerated() {
      if index > 0 { text += "," }
      text += JSONText.quote(field.name) + ":"
      switch field.value {
      case .null: text += "null"
      case .text(let value): text += JSONText.quote(value)
      case .number(let literal), .json(let literal): text += literal
      case .bool(let flag): text += flag ? "true" : "false"
      }
    }
    return text + "}"
  }
}
