import SpoorDiagnostics

/// Turns the fields of one record into one COPY text row of an ``IngestTable``, or says why it cannot.
public struct RowEncoder: Sendable {
  /// The target table.
  public let table: IngestTable
  /// When true, fields that name no column are dropped; otherwise they refuse the record.
  public let ignoreUnknown: Bool

  /// Creates an encoder.
  public init(table: IngestTable, ignoreUnknown: Bool) {
    self.table = table
    self.ignoreUnknown = ignoreUnknown
  }

  /// The converted values of `fields`, one per column (nil for NULL).
  /// - Throws: an ``IngestReject/Reason`` for an unknown or repeated field or a value that does not convert.
  public func values(of fields: [InputField]) throws(IngestReject.Reason) -> [String?] {
    var slots = [FieldValue?](repeating: nil, count: table.columns.count)
    for field in fields {
      guard let position = table.positions[field.name] else {
        if ignoreUnknown { continue }
        var message = "unknown field in \(table.name)"
        if let help = NameSuggester.help(for: field.name, among: table.columns.map(\.name)) {
          message += "; \(help)"
        } else {
          message += " (use --ignore-unknown to drop unknown fields)"
        }
        throw IngestReject.Reason(field: field.name, message: message)
      }
      guard slots[position] == nil else {
        throw IngestReject.Reason(field: field.name, message: "field appears more than once")
      }
      slots[position] = field.value
    }
    var values: [String?] = []
    values.reserveCapacity(slots.count)
    for (position, slot) in slots.enumerated() {
      values.append(try ValueConverter.convert(slot ?? .null, to: table.columns[position]))
    }
    return values
  }

  /// Appends the COPY text row of `fields` to `buffer`; leaves `buffer` unchanged when it throws.
  /// - Throws: as ``values(of:)``.
  public func encode(_ fields: [InputField], into buffer: inout [UInt8]) throws(IngestReject.Reason) {
    CopyTextEncoder.appendRow(try values(of: fields), to: &buffer)
  }
}
