import SpoorFormats

/// A column of a catalog table.
public struct Column: Hashable, Sendable {
  /// The exact, case-sensitive column name.
  public var name: String {
    didSet { quotedName = SQLIdentifier.quoted(name) }
  }
  /// The Spoor type.
  public var type: DataType
  /// True when the source language calls it an enum (`xdr_data` ENUM fields, stored as their constant's text).
  public var isEnum: Bool
  /// The name as a double-quoted SQL identifier (`"Timestamp"`, embedded quotes doubled), made once with the
  /// column so that emitting a scan of a wide table copies references instead of quoting every name per query.
  public private(set) var quotedName: String

  /// Creates a column.
  public init(name: String, type: DataType, isEnum: Bool = false) {
    self.name = name
    self.type = type
    self.isEnum = isEnum
    self.quotedName = SQLIdentifier.quoted(name)
  }

  /// Equal when name, type and enum flag are (the quoted name follows from the name).
  public static func == (lhs: Column, rhs: Column) -> Bool {
    lhs.name == rhs.name && lhs.type == rhs.type && lhs.isEnum == rhs.isEnum
  }

  /// Hashes what ``==`` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(type)
    hasher.combine(isEnum)
  }
}
