import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The migrated database has every table and column of `reference/schema.json` and `reference/schema-more.json`
/// (the in-repo copies), with the mapped type.
@Suite struct MigratedSchemaTests {
  /// One expected column: table, name, PostgreSQL `data_type`.
  struct ExpectedColumn: Hashable, CustomStringConvertible {
    var table: String
    var column: String
    var dataType: String
    var description: String { "\(table).\(column) \(dataType)" }
  }

  static let kqlTypes = [
    "string": "text", "long": "bigint", "int": "integer", "bool": "boolean", "real": "double precision",
    "datetime": "timestamp with time zone", "timespan": "interval", "dynamic": "jsonb", "guid": "text",
  ]
  /// `unknown` (no type in Palo Alto's guide) is text: `migrations/0052_xdr_data_more.sql` says why.
  static let xqlTypes = [
    "string": "text", "enum": "text", "integer": "bigint", "boolean": "boolean",
    "timestamp": "timestamp with time zone", "json": "jsonb", "float": "double precision", "unknown": "text",
  ]
  /// The system columns every raw dataset has (`migrations/0053_raw_datasets.sql`), in order.
  static let rawDatasetSystemColumns = [
    ("_time", "timestamp with time zone"), ("_insert_time", "timestamp with time zone"), ("_vendor", "text"),
    ("_product", "text"), ("_raw_log", "text"), ("_document", "jsonb"),
  ]

  /// Reads a JSON object from `reference/` in the package.
  static func reference(_ name: String) throws -> [String: Any] {
    let path = TestData.path("reference/" + name)
    let data = try #require(FileManager.default.contents(atPath: path), "\(name) not found at \(path)")
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func kqlColumns(_ table: String, _ columns: [[String: Any]]) throws -> [ExpectedColumn] {
    try columns.map { column in
      let type = try #require(kqlTypes[column["type"] as? String ?? ""], "unknown type in \(table)")
      return ExpectedColumn(table: table, column: column["name"] as? String ?? "", dataType: type)
    }
  }

  static func xqlColumns(_ table: String, _ columns: [[String: Any]]) throws -> [ExpectedColumn] {
    try columns.map { column in
      let name = column["type"] as? String ?? ""
      let type = try #require(name.hasPrefix("array<") ? "jsonb" : xqlTypes[name], "unknown \(table) type \(name)")
      return ExpectedColumn(table: table, column: column["name"] as? String ?? "", dataType: type)
    }
  }

  /// Every documented column of both references, each table's in documented order.
  static func expectedColumns() throws -> [ExpectedColumn] {
    let schema = try reference("schema.json")
    let more = try reference("schema-more.json")
    var expected: [ExpectedColumn] = []
    for source in [schema, more] {
      for (table, columns) in try #require(source["kql"] as? [String: [[String: Any]]]) {
        expected += try kqlColumns(table, columns)
      }
    }
    for (table, entry) in try #require(more["sentinel"] as? [String: Any]) where !table.hasPrefix("_") {
      let columns = try #require((entry as? [String: Any])?["columns"] as? [[String: Any]])
      expected += try kqlColumns(table, columns)
    }
    let xql = try #require(schema["xql"] as? [String: Any])
    let xqlMore = try #require(more["xql"] as? [String: Any])
    expected += try xqlColumns("xdr_data", try #require(xql["xdr_data"] as? [[String: Any]]))
    expected += try xqlColumns("xdr_data", try #require(xqlMore["xdr_data_more"] as? [[String: Any]]))
    for (name, entry) in try #require(xqlMore["datasets"] as? [String: Any]) {
      guard let entry = entry as? [String: Any], let fields = entry["fields"] as? [[String: Any]],
        entry["status"] as? String == "partial" || entry["status"] as? String == "not_found",
        !["alerts", "endpoints"].contains(name)
      else { continue }
      expected += rawDatasetSystemColumns.map { ExpectedColumn(table: name, column: $0.0, dataType: $0.1) }
      expected += try xqlColumns(name, fields)
    }
    return expected
  }

  @Test func everySchemaJSONColumnExistsWithItsMappedType() throws {
    let expected = try Self.expectedColumns()
    #expect(expected.count > 2500)
    #expect(Set(expected.map(\.table)).count == 49)
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "schema_json"))
    defer { connection.close() }
    let result = try connection.execute(
      """
      SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
      WHERE table_schema = 'public'
      """)
    let actual = Set(result.rows.map { ExpectedColumn(table: $0[0] ?? "", column: $0[1] ?? "", dataType: $0[2] ?? "") })
    let missing = expected.filter { !actual.contains($0) }
    #expect(missing.isEmpty, "missing or mistyped: \(missing.prefix(10))")
  }

  @Test func columnsKeepTheDocumentedOrder() throws {
    let expected = try Self.expectedColumns()
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "column_order"))
    defer { connection.close() }
    for table in Set(expected.map(\.table)) {
      let result = try connection.execute(
        """
        SELECT column_name::text FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
        """, [.text(table)])
      let documented = expected.filter { $0.table == table }.map(\.column)
      // Spoor's bookkeeping sits between 0003's and 0052's xdr_data columns (ALTER TABLE appends).
      let actual = result.rows.compactMap { $0[0] }.filter { !$0.hasPrefix("_spoor_") }
      #expect(Array(actual.prefix(documented.count)) == documented, "\(table)")
    }
  }

  @Test func defenderStringsDefaultToEmptyAndTimeGeneratedFollowsTimestamp() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "defaults"))
    defer { connection.close() }
    _ = try connection.execute(
      #"INSERT INTO "DeviceProcessEvents" ("Timestamp", "ProcessId") VALUES ('2026-01-02T03:04:05Z', 7)"#)
    let row = try #require(
      try connection.execute(
        #"SELECT "FileName", "TimeGenerated" = "Timestamp", "_spoor_xid" IS NOT NULL FROM "DeviceProcessEvents""#
      ).rows.first)
    #expect(row.values == ["", "t", "t"])
  }

  @Test func trigramIndexesServeSubstringSearch() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "trigram"))
    defer { connection.close() }
    // Built per closed partition (migrations/0120_time_partitions.sql): the columns are recorded, and the default
    // partition, closed from the start, has them.
    let columns = try connection.execute(
      "SELECT trigram_columns::text FROM spoor.partitioned_tables WHERE table_name = 'DeviceProcessEvents'")
    #expect(columns.rows.first?[0]?.contains("ProcessCommandLine") == true)
    let result = try connection.execute(
      """
      SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'DeviceProcessEvents_default'
      AND indexdef LIKE '%gin_trgm_ops%' AND indexdef LIKE '%ProcessCommandLine%'
      """)
    #expect(!result.rows.isEmpty)
  }

  /// `spoor.parse_json()` (0030, 0280): the same results on every server, and parallel safe where PostgreSQL 16's
  /// `pg_input_is_valid` spares it the EXCEPTION block (on 15 it keeps the block and so stays parallel unsafe).
  @Test func parseJSONResultsAndParallelSafetyFollowTheServerVersion() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "parse_json"))
    defer { connection.close() }
    let results = try connection.execute(
      #"""
      SELECT spoor.parse_json($1)::text, spoor.parse_json($2)::text, spoor.parse_json($3) IS NULL,
        spoor.parse_json($4)::text
      """#, [.text(#"{"a": [1, 2]}"#), .text("not json"), .text(""), .text(#""\u0000""#)])
    #expect(results.rows.first?.values == [#"{"a": [1, 2]}"#, #""not json""#, "t", #""\"\\u0000\"""#])
    let row = try #require(
      try connection.execute(
        """
        SELECT current_setting('server_version_num')::int >= 160000, proparallel::text
        FROM pg_proc WHERE oid = 'spoor.parse_json(text)'::regprocedure
        """
      ).rows.first)
    #expect(row.values == (row[0] == "t" ? ["t", "s"] : ["f", "u"]))
  }
}
