import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The time-partitioned event tables (`migrations/0120_time_partitions.sql`): partition creation, routing, the
/// default partition, maintenance, retention, pruning of emitted SQL, and the lossless upgrade migration.
@Suite struct TimePartitionTests {
  /// Microseconds since the epoch of `text` (ISO 8601).
  static func microseconds(_ text: String) -> Int64 {
    let formatter = ISO8601DateFormatter()
    return Int64((formatter.date(from: text)!.timeIntervalSince1970 * 1_000_000).rounded())
  }

  /// The partitions of `table` as (name, is default), in bound order.
  static func partitions(of table: String, on connection: Connection) throws -> [(name: String, isDefault: Bool)] {
    try connection.execute(
      "SELECT partition_name, is_default FROM spoor.time_partitions WHERE table_name = $1 ORDER BY lower NULLS LAST",
      [.text(table)]
    ).rows.map { ($0[0] ?? "", $0[1] == "t") }
  }

  /// The partition holding the row of `table` whose `ReportId` is `reportID`.
  static func partitionOf(reportID: Int64, in table: String, on connection: Connection) throws -> String? {
    try connection.execute(
      "SELECT tableoid::regclass::text FROM public.\"\(table)\" WHERE \"ReportId\" = $1", [.int64(reportID)]
    ).rows.first?[0].map { $0.replacingOccurrences(of: "\"", with: "") }
  }

  @Test func everyEventTableIsPartitionedWithADefaultAndPartitionsAhead() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "partitions_shape"))
    defer { connection.close() }
    let tables = try connection.execute(
      """
      SELECT t.table_name, t.time_column, c.relkind::text FROM spoor.partitioned_tables t
      JOIN pg_class c ON c.oid = to_regclass(format('public.%I', t.table_name)) ORDER BY 1
      """
    ).rows
    let names = tables.compactMap { $0[0] }
    for expected in [
      "DeviceProcessEvents", "DeviceNetworkEvents", "xdr_data", "SecurityEvent", "panw_ngfw_traffic_raw",
    ] {
      #expect(names.contains(expected), "\(expected) is not partitioned")
    }
    for row in tables { #expect(row[2] == "p", "\(row[0] ?? "") is not a partitioned table") }
    // Every table Table.timeColumn would filter, on the column it names.
    let catalog = try CatalogLoader.load(from: connection)
    for row in tables {
      let table = try #require(catalog.table(named: row[0] ?? ""))
      #expect(table.timeColumn?.name == row[1], "\(table.name) partitioned on \(row[1] ?? "")")
    }
    // No partition is a catalog table: they are storage, not something to query or suggest.
    #expect(catalog.table(named: "DeviceProcessEvents_default") == nil)
    #expect(!catalog.tableNames.contains { $0.contains("_p20") })

    let today = try #require(
      try connection.execute("SELECT spoor.partition_name('DeviceProcessEvents', now(), '1 day')").rows.first?[0])
    let partitions = try Self.partitions(of: "DeviceProcessEvents", on: connection)
    #expect(partitions.last?.isDefault == true)
    let names2 = partitions.map(\.name)
    let index = try #require(names2.firstIndex(of: today), "no partition for today in \(names2)")
    #expect(names2.count - 1 - index >= 3, "today plus two days ahead: \(names2)")
  }

  @Test func rowsRouteByTimeAndStrayRowsWaitInTheDefaultPartition() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "partitions_routing"))
    defer { connection.close() }
    _ = try connection.execute(
      """
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId") VALUES
        (now(), 1), (NULL, 2), (now() - interval '10 days', 3), (now() - interval '400 days', 4),
        (now() + interval '20 days', 5)
      """)
    let today = try connection.execute("SELECT spoor.partition_name('DeviceProcessEvents', now(), '1 day')")
      .rows.first?[0]
    #expect(try Self.partitionOf(reportID: 1, in: "DeviceProcessEvents", on: connection) == today)
    for stray: Int64 in [2, 3, 4, 5] {
      #expect(
        try Self.partitionOf(reportID: stray, in: "DeviceProcessEvents", on: connection)
          == "DeviceProcessEvents_default")
    }
    let before = try connection.execute(
      #"SELECT "ReportId", "_spoor_xid"::text, "TimeGenerated" IS NOT DISTINCT FROM "Timestamp" FROM "DeviceProcessEvents" ORDER BY 1"#
    ).rows.map(\.values)

    // Maintenance gives the row ten days old (inside the 31-day backfill) a partition of its own, keeps its xid,
    // and reports the three rows that stay: no time, 400 days old, 20 days ahead.
    let actions = try PartitionMaintenance.maintain(on: connection)
    let tenDaysAgo = try connection.execute(
      "SELECT spoor.partition_name('DeviceProcessEvents', now() - interval '10 days', '1 day')"
    ).rows.first?[0]
    #expect(
      actions.contains(
        PartitionAction(table: "DeviceProcessEvents", action: "created", partition: tenDaysAgo ?? "", rows: 1)))
    #expect(
      actions.contains(
        PartitionAction(
          table: "DeviceProcessEvents", action: "default_rows", partition: "DeviceProcessEvents_default", rows: 3)))
    #expect(try Self.partitionOf(reportID: 3, in: "DeviceProcessEvents", on: connection) == tenDaysAgo)
    let after = try connection.execute(
      #"SELECT "ReportId", "_spoor_xid"::text, "TimeGenerated" IS NOT DISTINCT FROM "Timestamp" FROM "DeviceProcessEvents" ORDER BY 1"#
    ).rows.map(\.values)
    #expect(after == before)
    // The closed partition got its trigram indexes; today's open partition has none.
    let trigram = try connection.execute(
      """
      SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE pg_get_indexdef(i.indexrelid) LIKE '%gin_trgm_ops%' AND c.relname IN ($1, $2)
      GROUP BY 1
      """, [.text(tenDaysAgo ?? ""), .text(today ?? "")]
    ).rows.map { $0[0] }
    #expect(trigram == [tenDaysAgo])
  }

  @Test func retentionDropsOldPartitionsAndKeepsHits() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "partitions_retention"))
    defer { connection.close() }
    _ = try connection.execute(
      """
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId") VALUES
        (now() - interval '20 days', 1), (now() - interval '5 days', 2), (now(), 3), (now() - interval '300 days', 4)
      """)
    _ = try PartitionMaintenance.maintain(on: connection)
    let run = try connection.execute(
      "INSERT INTO spoor.hunt_runs (hunt_id, status) VALUES ('h', 'succeeded') RETURNING id"
    ).rows.first?[0]
    _ = try connection.execute(
      """
      INSERT INTO spoor.hunt_hits (hunt_id, run_id, detected_at, "row", hit_key)
      SELECT 'h', $1::bigint, now(), to_jsonb(e), md5(to_jsonb(e)::text) FROM "DeviceProcessEvents" e
      """, [.text(run ?? "")])

    try PartitionMaintenance.setRetention(of: "DeviceProcessEvents", microseconds: 10 * 86_400_000_000, on: connection)
    #expect(throws: PartitionError.self) {
      try PartitionMaintenance.setRetention(of: "DeviceProcesEvents", microseconds: 1, on: connection)
    }
    let actions = try PartitionMaintenance.maintain(on: connection).filter { $0.table == "DeviceProcessEvents" }
    let dropped = actions.filter { $0.action == "dropped" }.map(\.partition)
    let twentyDaysAgo = try connection.execute(
      "SELECT spoor.partition_name('DeviceProcessEvents', now() - interval '20 days', '1 day')"
    ).rows.first?[0]
    #expect(dropped == [twentyDaysAgo])
    #expect(
      actions.contains(
        PartitionAction(
          table: "DeviceProcessEvents", action: "expired", partition: "DeviceProcessEvents_default", rows: 1)))
    let left = try connection.execute(#"SELECT "ReportId" FROM "DeviceProcessEvents" ORDER BY 1"#).rows.map { $0[0] }
    #expect(left == ["2", "3"])
    #expect(try connection.execute("SELECT count(*) FROM spoor.hunt_hits").rows.first?[0] == "4")
    #expect(try connection.execute("SELECT count(*) FROM spoor.hunt_runs").rows.first?[0] == "1")
    // Other tables keep everything.
    let policies = try PartitionMaintenance.policies(on: connection)
    #expect(policies.first { $0.table == "DeviceProcessEvents" }?.retention == "10d")
    #expect(policies.first { $0.table == "xdr_data" }?.retention == nil)
  }

  @Test func newRawDatasetsArePartitioned() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "partitions_raw"))
    defer { connection.close() }
    #expect(try connection.execute("SELECT spoor.create_raw_dataset('acme_edr_raw')").rows.first?[0] == "t")
    let partitions = try Self.partitions(of: "acme_edr_raw", on: connection)
    #expect(partitions.count >= 4)
    #expect(partitions.last?.isDefault == true)
    let catalog = try CatalogLoader.load(from: connection)
    #expect(catalog.table(named: "acme_edr_raw") != nil)
    #expect(catalog.table(named: "acme_edr_raw_default") == nil)
  }

  /// The plan of `sql` (EXPLAIN ANALYZE, no costs or timings), its binds given.
  static func plan(_ sql: String, _ parameters: [PostgresValue], on connection: Connection) throws -> String {
    try connection.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, parameters).rows
      .compactMap { $0[0] }.joined(separator: "\n")
  }

  @Test func emittedWindowsPruneAtPlanTimeAndWithGenericPlans() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "partitions_pruning"))
    defer { connection.close() }
    // Eight daily partitions of history, a row in each.
    try connection.executeScript(
      """
      SELECT spoor.create_time_partition('DeviceProcessEvents', now() - d * interval '1 day') FROM generate_series(1, 8) d;
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "DeviceId", "ReportId")
      SELECT now() - d * interval '1 day' + interval '1 minute', 'dev-' || d, d FROM generate_series(0, 8) d;
      ANALYZE "DeviceProcessEvents";
      """)
    let partitionCount = try Self.partitions(of: "DeviceProcessEvents", on: connection).count
    #expect(partitionCount >= 12)
    let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
    let catalog = try CatalogLoader.load(from: connection)
    // The window's bounds are binds (`$1::timestamptz - $2::interval`, stable, not constant), so PostgreSQL prunes
    // when the executor starts: "Subplans Removed".
    let recent = try Self.prunedPlans(
      "DeviceProcessEvents | where Timestamp > ago(1h) | summarize count() by DeviceId", now: now, catalog: catalog,
      on: connection)
    // An open window keeps the partitions that reach past its start (today's, the two made ahead, and yesterday's
    // in the first hour of a UTC day) and the default one (rows far ahead).
    let open = try #require(
      try connection.execute(
        """
        SELECT count(*) FROM spoor.time_partitions WHERE table_name = 'DeviceProcessEvents'
          AND (is_default OR upper > to_timestamp($1::float8 / 1e6) - interval '1 hour')
        """, [.int64(now)]
      ).rows.first?[0].flatMap { Int($0) })
    #expect((4...5).contains(open))
    for plan in [recent.custom, recent.generic] {
      #expect(plan.contains("Subplans Removed: \(partitionCount - open)"), "\(plan)")
      #expect(Self.scannedPartitions(plan) == open, "\(plan)")
    }
    // A closed window inside the partitions scans only its days: no default partition.
    let closed = try Self.prunedPlans(
      "DeviceProcessEvents | where Timestamp between (ago(3d) .. ago(2d)) | summarize count() by DeviceId", now: now,
      catalog: catalog, on: connection)
    for plan in [closed.custom, closed.generic] {
      #expect(plan.contains("Subplans Removed: \(partitionCount - 2)"), "\(plan)")
      #expect(Self.scannedPartitions(plan) == 2, "\(plan)")
      #expect(!plan.contains("_default"), "\(plan)")
    }
  }

  /// The number of partition scans in `plan`.
  static func scannedPartitions(_ plan: String) -> Int {
    plan.split(separator: "\n").filter { $0.contains(" on \"DeviceProcessEvents_") }.count
  }

  /// The EXPLAIN ANALYZE text of `query`'s SQL run with its binds (custom plan) and as a prepared statement under
  /// `plan_cache_mode = force_generic_plan` (generic plan: the binds unknown when planning).
  static func prunedPlans(_ query: String, now: Int64, catalog: Catalog, on connection: Connection) throws
    -> (custom: String, generic: String)
  {
    let statement = try TranslationHarness.statement(query, language: .kql, now: now, catalog: catalog)
    let binds = PostgresBinding.postgresValues(statement.parameters)
    let custom = try Self.plan(statement.text, binds, on: connection)
    let literals = try binds.map { bind -> String in
      try #require(
        try connection.execute("SELECT quote_literal($1::text)", [.text(Self.text(of: bind))]).rows.first?[0])
    }
    _ = try connection.execute("SET plan_cache_mode = force_generic_plan")
    _ = try connection.execute("PREPARE windowed AS " + statement.text)
    defer {
      _ = try? connection.execute("DEALLOCATE windowed")
      _ = try? connection.execute("RESET plan_cache_mode")
    }
    let generic = try connection.execute(
      "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE windowed(\(literals.joined(separator: ", ")))"
    ).rows.compactMap { $0[0] }.joined(separator: "\n")
    return (custom, generic)
  }

  /// The text form of a bind, for `PREPARE` and `EXECUTE` in a test.
  static func text(of value: PostgresValue) -> String {
    switch value {
    case .timestamptz(let microseconds):
      return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(microseconds) / 1_000_000))
    case .interval(let microseconds): return "\(microseconds) microseconds"
    case .text(let text): return text
    case .int64(let number): return String(number)
    default: return ""
    }
  }

  @Test func upgradeMigrationKeepsEveryRow() throws {
    let connection = try Connection(configuration: try TestDatabase.makeEmptyDatabase(named: "partitions_upgrade"))
    defer { connection.close() }
    let all = try MigrationSource.builtIn().migrations
    let before = try MigrationSource(migrations: all.filter { $0.version < 120 }, origin: "before partitions")
    _ = try MigrationRunner(source: before).migrate(on: connection)
    // Rows of every kind: in the backfill horizon, older, in the future, without a time; in three shapes of table.
    try connection.executeScript(
      """
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "DeviceId", "ProcessCommandLine", "ReportId")
      SELECT now() - g * interval '7 hours', 'dev-' || g % 5, 'cmd /c ' || g, g FROM generate_series(1, 300) g;
      INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId") VALUES (NULL, 1001), ('2019-05-01', 1002),
        (now() + interval '90 days', 1003);
      INSERT INTO xdr_data (_time, agent_id, action_process_image_command_line)
      SELECT now() - g * interval '13 minutes', 'agent-' || g % 3, 'python run.py ' || g FROM generate_series(1, 500) g;
      INSERT INTO "SecurityEvent" ("TimeGenerated", "Computer", "EventID")
      SELECT now() - g * interval '1 day', 'host', 4624 FROM generate_series(0, 40) g;
      INSERT INTO panw_ngfw_traffic_raw (_time, _raw_log) VALUES (now(), 'a'), ('2001-01-01', 'b');
      GRANT SELECT ON "DeviceProcessEvents" TO PUBLIC;
      """)
    let tables = ["DeviceProcessEvents", "xdr_data", "SecurityEvent", "panw_ngfw_traffic_raw"]
    func fingerprint() throws -> [[String?]] {
      try tables.map { table in
        try connection.execute(
          "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM public.\"\(table)\" t"
        ).rows[0].values
      }
    }
    let expected = try fingerprint()
    _ = try MigrationRunner(source: try MigrationSource.builtIn()).migrate(on: connection)
    #expect(try fingerprint() == expected)
    for table in tables {
      let kind = try connection.execute(
        "SELECT relkind::text FROM pg_class WHERE oid = $1::regclass", [.text("public.\"\(table)\"")]
      ).rows.first?[0]
      #expect(kind == "p", "\(table)")
    }
    let granted = try connection.execute(
      "SELECT has_table_privilege('public', 'public.\"DeviceProcessEvents\"', 'SELECT')"
    ).rows.first?[0]
    #expect(granted == "t")
    // The indexes are back under their own names, on the partitioned table.
    let indexes = try connection.execute(
      "SELECT indexname::text FROM pg_indexes WHERE tablename = 'DeviceProcessEvents' ORDER BY 1"
    ).rows.compactMap { $0[0] }
    #expect(indexes.contains("DeviceProcessEvents_time"))
    #expect(indexes.contains("DeviceProcessEvents_spoor_xid"))
  }
}
