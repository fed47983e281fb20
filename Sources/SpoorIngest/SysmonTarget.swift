/// Which tables `--from sysmon` fills.
public enum SysmonTarget: String, Sendable, CaseIterable {
  /// The Defender tables only.
  case defender
  /// `xdr_data` only.
  case xdr
  /// Both (the default).
  case both

  /// True when Defender rows are produced.
  public var includesDefender: Bool { self != .xdr }
  /// True when `xdr_data` rows are produced.
  public var includesXDR: Bool { self != .defender }
}

/// One row a Sysmon event becomes: the table and its fields by column name.
public struct MappedRow: Sendable, Hashable {
  /// The target table.
  public var table: String
  /// The fields, named by the table's columns.
  public var fields: [InputField]

  /// Creates a row.
  public init(table: String, fields: [InputField]) {
    self.table = table
    self.fields = fields
  }
}
