/// A column of a catalog table.
public struct Column: Hashable, Sendable {
  /// The exact, case-sensitive column name.
  public var name: String
  /// The Spoor type.
  public var type: DataType
  /// True when the source language calls it an enum (`xdr_data` ENUM fields, stored as their constant's text).
  public var isEnum: Bool

  /// Creates a column.
  public init(name: String, type: DataType, isEnum: Bool = false) {
    self.name = name
    self.type = type
    self.isEnum = isEnum
  }
}
