import SpoorCatalog
import SpoorPostgres

/// Loads the query catalog from the connected database, so tables a user adds with a migration become
/// queryable without code changes.
///
/// Reads the columns of the `public` schema's tables and views that the user may use, as
/// `information_schema.columns` would list them (same type names), but from `pg_catalog` directly: that view costs
/// seconds on a database with many partitions. Partitions (an event table's time partitions,
/// `migrations/0120_time_partitions.sql`) are storage, not tables to query, and are left out. Columns starting `_spoor_` (ingest bookkeeping)
/// are hidden, but a table that has `_spoor_xid` is marked ``Table/tracksIngest`` so scheduled runs read only
/// its newly ingested rows; and so are columns whose PostgreSQL type Spoor cannot query. Enum flags, the XQL enum
/// constants and the logical types that share a storage type (a Kusto `guid` is stored as `text`) come from
/// ``Catalog/builtIn`` for the tables it knows.
public enum CatalogLoader {
  /// The catalog of the database `connection` is connected to.
  public static func load(from connection: Connection) throws -> Catalog {
    let result = try connection.execute(
      """
      SELECT c.relname::text, a.attname::text,
        CASE WHEN et.typelem <> 0 AND et.typlen = -1 THEN 'ARRAY'
          WHEN et.typnamespace = 'pg_catalog'::regnamespace THEN format_type(et.oid, NULL)
          ELSE 'USER-DEFINED' END
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'f') AND NOT c.relispartition
        AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES')
      ORDER BY c.relname, a.attnum
      """, [])
    var columnsByTable: [String: [Column]] = [:]
    var order: [String] = []
    var tracked: Set<String> = []
    let builtIn = Catalog.builtIn
    // Built-in columns by table, then name: one hash lookup per column (xdr_data has 865), not a scan of the table.
    let builtInColumns = builtIn.tables.mapValues { table in
      Dictionary(table.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
    for row in result.rows {
      guard let tableName = row[0], let columnName = row[1], let dataType = row[2] else { continue }
      if columnsByTable[tableName] == nil {
        order.append(tableName)
        columnsByTable[tableName] = []
      }
      if columnName == "_spoor_xid" { tracked.insert(tableName) }
      guard !columnName.hasPrefix("_spoor_"), var type = DataType(postgresDataType: dataType) else { continue }
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
