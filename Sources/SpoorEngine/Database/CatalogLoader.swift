import SpoorCatalog
import SpoorPostgres

/// Loads the query catalog from the connected database, so tables a user adds with a migration become
/// queryable without code changes.
///
/// Reads the columns of the `public` schema's tables and views that the user may use through
/// `Connection/relationColumns(inSchema:relation:)`, the one reader of `pg_catalog`'s tables (ingest describes its
/// tables with it too). Partitions (an event table's time partitions, `migrations/0120_time_partitions.sql`) are
/// storage, not tables to query, and are left out. Columns starting `_spoor_` (ingest bookkeeping)
/// are hidden, but a table that has `_spoor_xid` is marked ``Table/tracksIngest`` so scheduled runs read only
/// its newly ingested rows; and so are columns whose PostgreSQL type Spoor cannot query. Enum flags, the XQL enum
/// constants and the logical types that share a storage type (a Kusto `guid` is stored as `text`) come from
/// ``Catalog/builtIn`` for the tables it knows.
public enum CatalogLoader {
  /// The catalog of the database `connection` is connected to.
  /// - Throws: ``CatalogLoaderError/noTables`` when the database has no table to query: it was never migrated.
  public static func load(from connection: Connection) throws -> Catalog {
    let rows = try connection.relationColumns(inSchema: "public")
    guard !rows.isEmpty else { throw CatalogLoaderError.noTables }
    var columnsByTable: [String: [Column]] = [:]
    var order: [String] = []
    var tracked: Set<String> = []
    let builtIn = Catalog.builtIn
    // Built-in columns by table, then name: one hash lookup per column (xdr_data has 865), not a scan of the table.
    let builtInColumns = builtIn.tables.mapValues { table in
      Dictionary(table.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
    for row in rows {
      let tableName = row.relation
      let columnName = row.name
      if columnsByTable[tableName] == nil {
        order.append(tableName)
        columnsByTable[tableName] = []
      }
      if columnName == "_spoor_xid" { tracked.insert(tableName) }
      guard !columnName.hasPrefix("_spoor_"), var type = DataType(postgresDataType: row.dataType) else { continue }
      let known = builtInColumns[tableName]?[columnName]
      if let known, known.type != type, known.type.postgresType == type.postgresType { type = known.type }
      let column = Column(name: columnName, type: type, isEnum: known?.isEnum ?? false)
      columnsByTable[tableName, default: []].append(column)
    }
    let tables = order.map {
      Table(schema: "public", name: $0, columns: columnsByTable[$0] ?? [], tracksIngest: tracked.contains($0))
    }
    return Catalog(tables: tables, enumValues: builtIn.enumValues)
  }
}

/// Why the catalog could not be read from a database.
public enum CatalogLoaderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The `public` schema has no table or view: Spoor's migrations were never applied to this database.
  case noTables

  public var description: String {
    switch self {
    case .noTables:
      "the database has no tables yet (Spoor's migrations were never applied to it): run `spoor migrate`"
    }
  }
}
