/// One column of a table or view the connected user may use, as the system catalog describes it.
public struct RelationColumn: Sendable, Hashable {
  /// The table or view.
  public var relation: String
  /// The column's name.
  public var name: String
  /// The type as `information_schema.columns.data_type` spells it: `integer`, `timestamp with time zone`, …,
  /// `ARRAY` for arrays and `USER-DEFINED` for types outside `pg_catalog` (a domain counts as its base type).
  public var dataType: String
  /// False for `NOT NULL` columns.
  public var isNullable: Bool
  /// True for columns PostgreSQL always computes: generated columns and `GENERATED ALWAYS` identities.
  public var isAlwaysGenerated: Bool
  /// True when PostgreSQL fills the column of a row that does not name it (a `DEFAULT` or an identity).
  public var hasDefault: Bool

  /// Creates a column.
  public init(
    relation: String, name: String, dataType: String, isNullable: Bool, isAlwaysGenerated: Bool, hasDefault: Bool
  ) {
    self.relation = relation
    self.name = name
    self.dataType = dataType
    self.isNullable = isNullable
    self.isAlwaysGenerated = isAlwaysGenerated
    self.hasDefault = hasDefault
  }
}

extension Connection {
  /// The columns of the tables and views of `schema` (only the relation `relation` when given), in table order.
  ///
  /// The one reader of the system catalog's tables: the query catalog and ingest both describe tables with it. It
  /// reads `pg_catalog` directly (`information_schema.columns` costs seconds on a database with many partitions) and
  /// leaves partitions out: an event table's time partitions are storage, not tables to query or load by name. Only
  /// the columns the user holds some privilege on are listed, as `information_schema` would.
  public func relationColumns(inSchema schema: String, relation: String? = nil) throws -> [RelationColumn] {
    let result = try execute(
      """
      SELECT c.relname::text, a.attname::text,
        CASE WHEN et.typelem <> 0 AND et.typlen = -1 THEN 'ARRAY'
          WHEN et.typnamespace = 'pg_catalog'::regnamespace THEN format_type(et.oid, NULL)
          ELSE 'USER-DEFINED' END,
        NOT a.attnotnull, a.attgenerated <> '' OR a.attidentity = 'a', a.atthasdef OR a.attidentity <> ''
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE n.nspname = $1 AND ($2::text IS NULL OR c.relname = $2) AND c.relkind IN ('r', 'p', 'v', 'f')
        AND NOT c.relispartition
        AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES')
      ORDER BY c.relname, a.attnum
      """, [.text(schema), relation.map { .text($0) } ?? .null])
    return result.rows.compactMap { row in
      guard let relation = row[0], let name = row[1], let dataType = row[2] else { return nil }
      return RelationColumn(
        relation: relation, name: name, dataType: dataType, isNullable: row[3] == "t", isAlwaysGenerated: row[4] == "t",
        hasDefault: row[5] == "t")
    }
  }
}
