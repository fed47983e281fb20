import SpoorCatalog
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@Suite struct CatalogLoaderTests {
  @Test func loadsShippedTablesAndHidesBookkeeping() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "catalog"))
    defer { connection.close() }
    let catalog = try CatalogLoader.load(from: connection)
    for table in Catalog.builtIn.tables.values {
      let loaded = try #require(catalog.table(named: table.name), "\(table.name) missing")
      #expect(loaded.columns == table.columns, "\(table.name) differs from the built-in catalog")
    }
    let processEvents = try #require(catalog.table(named: "DeviceProcessEvents"))
    #expect(!processEvents.columns.contains { $0.name.hasPrefix("_spoor_") })
    #expect(catalog.table(named: "xdr_data")?.column(named: "event_type")?.isEnum == true)
    #expect(catalog.enumValues.contains("PROCESS_START"))
  }

  @Test("a database never migrated is an error that says to migrate, not a catalog where every table is unknown")
  func refusesAnUnmigratedDatabase() throws {
    let connection = try Connection(configuration: try TestDatabase.makeEmptyDatabase(named: "catalog_empty"))
    defer { connection.close() }
    #expect(throws: CatalogLoaderError.noTables) { try CatalogLoader.load(from: connection) }
    #expect(CatalogLoaderError.noTables.description.contains("spoor migrate"))
  }

  @Test func seesAUserAddedTable() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "catalog_user"))
    defer { connection.close() }
    try connection.executeScript(
      """
      CREATE TABLE public."CustomAlerts" (
        "Timestamp" timestamptz, "Severity" integer, "Title" text, "Score" double precision,
        "Payload" jsonb, "Blob" bytea, "_spoor_xid" xid8
      );
      """)
    let table = try #require(try CatalogLoader.load(from: connection).table(named: "CustomAlerts"))
    #expect(
      table.columns == [
        Column(name: "Timestamp", type: .datetime), Column(name: "Severity", type: .int),
        Column(name: "Title", type: .string), Column(name: "Score", type: .real),
        Column(name: "Payload", type: .dynamic),
      ])
  }
}
