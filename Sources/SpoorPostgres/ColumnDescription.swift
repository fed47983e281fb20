/// The name and type of one result column.
public struct ColumnDescription: Sendable, Hashable {
  /// The column's name as the server reports it (`PQfname`).
  public var name: String
  /// The OID of the column's type (`PQftype`), such as 25 for text, 20 for int8 or 1184 for timestamptz.
  public var typeOID: UInt32

  /// Creates a column description.
  public init(name: String, typeOID: UInt32) {
    self.name = name
    self.typeOID = typeOID
  }
}
