import SpoorDiagnostics

/// Converts the fields of one record into values of an ``IngestTable``'s columns, or says why it cannot.
///
/// Only the columns a record names are returned: a batch's COPY lists just the columns its records set, so
/// PostgreSQL fills the others from their defaults (`''` for Defender strings, NULL elsewhere) without parsing
/// them, which is what makes ingest of narrow records into wide tables fast.
public struct RowEncoder: Sendable {
  /// A converted value and the position of its column in the table.
  public typealias Cell = (column: Int, value: String?)

  /// The target table.
  public let table: IngestTable
  /// When true, fields that name no column are dropped; otherwise they refuse the record.
  ///
  /// Ignored for an XQL raw
  /// dataset, whose document takes every such field.
  public let ignoreUnknown: Bool
  /// Set when the table is an XQL raw dataset: how its document, `_raw_log` and `_time` are filled.
  let rawDataset: RawDatasetLayout?

  /// Creates an encoder.
  public init(table: IngestTable, ignoreUnknown: Bool) {
    self.table = table
    self.ignoreUnknown = ignoreUnknown
    rawDataset = RawDatasetLayout(table: table)
  }

  /// The converted values of the columns `fields` name, in field order.
  /// - Throws: an ``IngestReject/Reason`` for an unknown or repeated field, a value that does not convert, or a
  ///   missing value of a `NOT NULL` column without default.
  public func cells(of fields: [InputField]) throws(IngestReject.Reason) -> [Cell] {
    var hints: [Int] = []
    return try cells(of: fields, hints: &hints)
  }

  /// ``cells(of:hints:)`` for a record read from `source` (an XQL raw dataset keeps it as `_raw_log`).
  func cells(of fields: [InputField], source: [UInt8], hints: inout [Int]) throws(IngestReject.Reason) -> [Cell] {
    try cells(of: fields, hints: &hints, source: source)
  }

  /// ``cells(of:)`` remembering in `hints` where the field at each index was found (-1: no column): inputs
  /// repeat the same names in the same order (a CSV header), so a remembered position costs one string
  /// comparison instead of a hash lookup.
  ///
  /// Pass the same array for every record of one input.
  public func cells(of fields: [InputField], hints: inout [Int]) throws(IngestReject.Reason) -> [Cell] {
    try cells(of: fields, hints: &hints, source: nil)
  }

  private func cells(of fields: [InputField], hints: inout [Int], source: [UInt8]?) throws(IngestReject.Reason)
    -> [Cell]
  {
    var seen = [Bool](repeating: false, count: table.columns.count)
    var unknown: [InputField] = []
    var cells: [Cell] = []
    cells.reserveCapacity(fields.count)
    for (index, field) in fields.enumerated() {
      let found: Int?
      if index < hints.count, hints[index] >= 0, table.columns[hints[index]].name == field.name {
        found = hints[index]
      } else {
        found = table.positions[field.name]
        if index < hints.count {
          hints[index] = found ?? -1
        } else if index == hints.count {
          hints.append(found ?? -1)
        }
      }
      guard let position = found else {
        if rawDataset != nil {
          unknown.append(field)
          continue
        }
        if ignoreUnknown { continue }
        var message = "unknown field in \(table.name)"
        if let help = NameSuggester.help(for: field.name, among: table.columns.map(\.name)) {
          message += "; \(help)"
        } else {
          message += " (use --ignore-unknown to drop unknown fields)"
        }
        throw IngestReject.Reason(field: field.name, message: message)
      }
      guard !seen[position] else {
        throw IngestReject.Reason(field: field.name, message: "field appears more than once")
      }
      seen[position] = true
      cells.append((position, try ValueConverter.convert(field.value, to: table.columns[position])))
    }
    if let rawDataset {
      try rawDataset.complete(
        &cells, seen: seen, unknown: unknown, fields: fields, source: source, table: table)
      for cell in cells { seen[cell.column] = true }
    }
    for position in table.requiredColumns where !seen[position] {
      let column = table.columns[position]
      throw IngestReject.Reason(
        field: column.name, message: "missing value for a NOT NULL \(column.type.rawValue) column")
    }
    return cells
  }

  /// The value a column gets when a record of the batch does not name it: what its default would give.
  func absentValue(of position: Int) -> String? {
    let column = table.columns[position]
    return (column.type == .string || column.type == .guid) && !column.isNullable ? "" : nil
  }
}
