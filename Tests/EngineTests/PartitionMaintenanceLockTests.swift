import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Partition maintenance leaves ingest running (`migrations/0220_maintenance_short_locks.sql`): a partition made
/// ahead is attached under SHARE UPDATE EXCLUSIVE, and trigram indexes are built concurrently.
@Suite struct PartitionMaintenanceLockTests {
  /// The lock modes `connection`'s own session holds on the relation `name`.
  static func heldModes(on name: String, by connection: Connection) throws -> Set<String> {
    Set(
      try connection.execute(
        """
        SELECT mode FROM pg_locks
        WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = to_regclass(format('public.%I', $1::text))
        """, [.text(name)]
      ).rows.compactMap { $0[0] })
  }

  @Test func ingestGoesOnWhileAPartitionIsMadeAhead() throws {
    let configuration = try TestDatabase.makeDatabase(named: "maintenance_locks")
    let maintainer = try Connection(configuration: configuration)
    defer { maintainer.close() }
    let ingester = try Connection(configuration: configuration)
    defer { ingester.close() }

    // The maintainer stops in the middle of its step, with the step's locks held: a week ahead has no partition yet.
    _ = try maintainer.execute("BEGIN")
    let created = try maintainer.execute(
      "SELECT action, partition_name FROM spoor.extend_partitions('DeviceProcessEvents', now() + interval '7 days')"
    ).rows.filter { $0[0] == "created" }
    #expect(!created.isEmpty)
    let modes = try Self.heldModes(on: "DeviceProcessEvents", by: maintainer)
    #expect(modes.contains("ShareUpdateExclusiveLock"), "\(modes)")
    #expect(!modes.contains("AccessExclusiveLock"), "\(modes)")

    // Ingest into today's partition is not queued behind it. A blocked INSERT would fail on the lock timeout
    // (an error, not a measured time).
    _ = try ingester.execute("SET lock_timeout = '30s'")
    let inserted = try ingester.execute(
      #"INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId") VALUES (now(), 1), (now(), 2)"#)
    #expect(inserted.affectedRows == 2)
    _ = try maintainer.execute("COMMIT")
    #expect(try ingester.execute(#"SELECT count(*) FROM "DeviceProcessEvents""#).rows.first?[0] == "2")
  }

  @Test func maintenanceBuildsTrigramIndexesConcurrentlyAndValid() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "maintenance_concurrent"))
    defer { connection.close() }
    _ = try connection.execute(
      #"INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId", "ProcessCommandLine") VALUES (now(), 1, 'a b')"#)
    let today = try #require(
      try connection.execute("SELECT spoor.partition_name('DeviceProcessEvents', now(), '1 day')").rows.first?[0])
    // Two days on, today's partition has closed: maintenance indexes it, outside a transaction.
    let actions = try PartitionMaintenance.maintain(
      on: connection, at: WallClock.nowMicroseconds() + 2 * 86_400_000_000)
    #expect(
      actions.contains(PartitionAction(table: "DeviceProcessEvents", action: "indexed", partition: today, rows: nil)))
    let indexes = try connection.execute(
      """
      SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = $1 AND pg_get_indexdef(i.indexrelid) LIKE '%gin_trgm_ops%'
      """, [.text(today)]
    ).rows.map { $0[0] }
    let columns = try connection.execute(
      "SELECT cardinality(trigram_columns) FROM spoor.partitioned_tables WHERE table_name = 'DeviceProcessEvents'"
    ).rows.first?[0]
    #expect(indexes.count == Int(columns ?? "") && indexes.allSatisfy { $0 == "t" }, "\(indexes)")
    // Nothing is left to build, and a second run does nothing more.
    #expect(
      try connection.execute(
        "SELECT count(*) FROM spoor.missing_trigram_indexes(now() + interval '2 days') WHERE partition_name = $1",
        [.text(today)]
      ).rows.first?[0] == "0")
    let again = try PartitionMaintenance.maintain(on: connection, at: WallClock.nowMicroseconds() + 2 * 86_400_000_000)
    #expect(!again.contains { $0.action == "indexed" || $0.action == "created" })
    // The lock timeout set for the run is the session's own again.
    #expect(try connection.execute("SHOW lock_timeout").rows.first?[0] == "0")
  }
}
