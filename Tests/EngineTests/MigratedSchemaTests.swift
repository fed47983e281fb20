import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The migrated database has every table and column of `reference/schema.json`, with the mapped type.
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
  static let xqlTypes = [
    "string": "text", "enum": "text", "integer": "bigint", "boolean": "boolean",
    "timestamp": "timestamp with time zone", "json": "jsonb",
  ]

  /// Reads the repository's `reference/schema.json`.
  static func expectedColumns() throws -> [ExpectedColumn] {
    let path = TestData.path("reference/schema.json")
    let data = try #require(FileManager.default.contents(atPath: path), "schema.json not found at \(path)")
    let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let kql = try #require(schema["kql"] as? [String: [[String: Any]]])
    let xql = try #require(schema["xql"] as? [String: Any])
    let xdr = try #require(xql["xdr_data"] as? [[String: Any]])
    var expected: [ExpectedColumn] = []
    for (table, columns) in kql {
      for column in columns {
        let type = try #require(kqlTypes[column["type"] as? String ?? ""], "unknown type in \(table)")
        expected.append(ExpectedColumn(table: table, column: column["name"] as? String ?? "", dataType: type))
      }
    }
    for column in xdr {
      let name = column["type"] as? String ?? ""
      let type = try #require(name.hasPrefix("array<") ? "jsonb" : xqlTypes[name], "unknown xdr_data type \(name)")
      expected.append(ExpectedColumn(table: "xdr_data", column: column["name"] as? String ?? "", dataType: type))
    }
    return expected
  }

  @Test func everySchemaJSONColumnExistsWithItsMappedType() throws {
    let expected = try Self.expectedColumns()
    #expect(expected.count > 500)
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
      #expect(Array(result.rows.compactMap { $0[0] }.prefix(documented.count)) == documented, "\(table)")
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
    let result = try connection.execute(
      """
      SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'DeviceProcessEvents'
      AND indexdef LIKE '%gin_trgm_ops%' AND indexdef LIKE '%ProcessCommandLine%'
      """)
    #expect(!result.rows.isEmpty)
  }
}
