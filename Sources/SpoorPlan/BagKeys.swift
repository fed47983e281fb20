import SpoorCatalog

/// A key of a bag column and the type of its values: one column of KQL's `evaluate bag_unpack`.
public struct BagKey: Hashable, Sendable {
  /// The key.
  public var name: String
  /// The column type: the values' type when they all have one, else `dynamic`.
  public var type: DataType

  /// Creates a key.
  public init(name: String, type: DataType) {
    self.name = name
    self.type = type
  }

  /// The keys found by a ``BagKeyDiscovery``'s rows (key, Kusto type name of one value), sorted by key; a key
  /// whose values are all null gives no column (Kusto's bag_unpack ignores nulls).
  public static func keys(fromDiscovered rows: [(key: String, typeName: String)]) -> [BagKey] {
    var types: [String: Set<String>] = [:]
    for row in rows where row.typeName != "null" { types[row.key, default: []].insert(row.typeName) }
    return types.keys.sorted().map { key in
      let names = types[key] ?? []
      let type: DataType
      switch names {
      case ["string"]: type = .string
      case ["bool"]: type = .bool
      case ["real"]: type = .real
      case ["int"], ["long"], ["int", "long"]: type = .long
      default: type = .dynamic
      }
      return BagKey(name: key, type: type)
    }
  }
}

/// What binding must learn from the database before it can go on.
///
/// That is the distinct keys of a bag column (KQL `evaluate bag_unpack` without an output schema), or the distinct
/// values of a pivot column (KQL `evaluate pivot`, every row typed `string`). The engine runs ``relation`` (text
/// columns `key` and `type`, one row per key and Kusto type name of its values), then binds again with the keys.
public struct BagKeyDiscovery: Hashable, Sendable {
  /// The rows to read.
  public var relation: Relation

  /// Creates a discovery.
  public init(relation: Relation) {
    self.relation = relation
  }
}
