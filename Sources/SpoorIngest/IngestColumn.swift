import SpoorCatalog
import SpoorFormats

/// A column ingest writes: name, Spoor type, exact PostgreSQL type and nullability.
public struct IngestColumn: Sendable, Hashable {
  /// The exact column name.
  public var name: String
  /// The Spoor type, which chooses the conversion rule.
  public var type: DataType
  /// The PostgreSQL type as `information_schema` spells it (`integer`, `smallint`, `text`, …), for range checks.
  public var postgresType: String
  /// False for `NOT NULL` columns: a missing string becomes `''`, a missing value of another type is refused.
  public var isNullable: Bool
  /// True when the column has a `DEFAULT`, which PostgreSQL applies to records that do not name it.
  public var hasDefault: Bool

  /// Creates a column.
  public init(name: String, type: DataType, postgresType: String? = nil, isNullable: Bool, hasDefault: Bool = false) {
    self.name = name
    self.type = type
    self.postgresType = postgresType ?? type.postgresType
    self.isNullable = isNullable
    self.hasDefault = hasDefault
  }
}

/// The loadable columns of one table (generated columns and Spoor's `_spoor_*` bookkeeping left out).
public struct IngestTable: Sendable, Hashable {
  /// The PostgreSQL schema.
  public var schema: String
  /// The exact table name.
  public var name: String
  /// The columns a record may set, in table order.
  public var columns: [IngestColumn]
  /// Column positions by name.
  public let positions: [String: Int]
  /// Positions of the `NOT NULL` non-string columns without default: a record must name them.
  public let requiredColumns: [Int]

  /// Creates a table description.
  public init(schema: String = "public", name: String, columns: [IngestColumn]) {
    self.schema = schema
    self.name = name
    self.columns = columns
    var positions: [String: Int] = [:]
    for (index, column) in columns.enumerated() { positions[column.name] = index }
    self.positions = positions
    requiredColumns = columns.indices.filter {
      let column = columns[$0]
      return !column.isNullable && !column.hasDefault && column.type != .string && column.type != .guid
    }
  }

  /// `"schema"."name"`, quoted for SQL.
  public var qualifiedName: String { SQLIdentifier.qualified(schema: schema, name: name) }

  /// The `COPY … FROM STDIN` statement (text format) for the columns at `positions`.
  public func copyStatement(columns positions: [Int]) -> String {
    let list = positions.map { SQLIdentifier.quoted(columns[$0].name) }.joined(separator: ", ")
    return "COPY \(qualifiedName) (\(list)) FROM STDIN"
  }
}
