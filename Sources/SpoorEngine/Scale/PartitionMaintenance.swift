import SpoorDiagnostics
import SpoorPostgres

/// One thing `spoor.maintain_partitions()` did (`migrations/0120_time_partitions.sql`).
public struct PartitionAction: Sendable, Hashable {
  /// The event table.
  public var table: String
  /// `created`, `indexed`, `dropped`, `expired` or `default_rows`.
  public var action: String
  /// The partition acted on.
  public var partition: String
  /// Rows moved (`created`), deleted (`expired`) or waiting (`default_rows`); nil where not counted.
  public var rows: Int64?

  /// Creates an action.
  public init(table: String, action: String, partition: String, rows: Int64?) {
    self.table = table
    self.action = action
    self.partition = partition
    self.rows = rows
  }
}

/// One event table's partitioning policy, a row of `spoor.partitioned_tables`.
public struct PartitionPolicy: Sendable, Hashable {
  /// The event table.
  public var table: String
  /// The column it is partitioned on.
  public var timeColumn: String
  /// The length of one partition, as hunt files write durations (`1d`).
  public var partitionInterval: String
  /// How many partitions are kept ahead of the current one.
  public var premake: Int
  /// How old a row may be and still get a partition of its own rather than the default partition.
  public var backfill: String
  /// How long partitions are kept; nil keeps everything.
  public var retention: String?
  /// Partitions of the table (the default partition included).
  public var partitions: Int
}

/// Why a partition command was refused.
public struct PartitionError: Error, Sendable, CustomStringConvertible {
  /// The message, with a "did you mean" where it helps.
  public var description: String
}

/// Spoor's own maintenance of the time-partitioned event tables: partitions made ahead, rows moved out of the
/// default partition, trigram indexes built on closed partitions, retention (`spoor maintain`, `spoor retention`,
/// and every hour from `spoor schedule`).
public enum PartitionMaintenance {
  /// Maintains every partitioned event table at one time and returns what was done; empty when another maintainer
  /// holds the lock.
  ///
  /// Each step is short so that ingest and hunts go on (`migrations/0220_maintenance_short_locks.sql`): per table,
  /// retention commits in one transaction and the partitions made ahead (created, then attached) in another; the
  /// trigram indexes of closed partitions are then built with `CREATE INDEX CONCURRENTLY`, outside any transaction.
  /// - Parameters:
  ///   - connection: the database; no transaction may be open on it.
  ///   - microsecondsSinceEpoch: the time to maintain for; nil is the server's `now()`.
  ///   - lockTimeoutMilliseconds: how long one step waits for a table lock before giving up; the run then fails
  ///     with that step rolled back (the steps before it stay done, the next run does the rest).
  public static func maintain(
    on connection: Connection, at microsecondsSinceEpoch: Int64? = nil, lockTimeoutMilliseconds: Int = 10_000
  ) throws
    -> [PartitionAction]
  {
    let locked = try connection.execute("SELECT pg_try_advisory_lock(hashtext('spoor.maintain_partitions'))")
    guard locked.rows.first?[0] == "t" else { return [] }
    let previousLockTimeout = try connection.execute("SELECT current_setting('lock_timeout')").rows.first?[0] ?? "0"
    defer {
      _ = try? connection.execute("SELECT set_config('lock_timeout', $1, false)", [.text(previousLockTimeout)])
      _ = try? connection.execute("SELECT pg_advisory_unlock(hashtext('spoor.maintain_partitions'))")
    }
    // An ingest transaction left open must not queue every query behind a step waiting for its lock.
    _ = try connection.execute(
      "SELECT set_config('lock_timeout', $1, false)", [.text("\(lockTimeoutMilliseconds)ms")])
    // One time for every step, so they agree on which day is open.
    let at: PostgresValue = .timestamptz(
      microsecondsSinceEpoch: try microsecondsSinceEpoch
        ?? Int64(connection.execute("SELECT (extract(epoch FROM now()) * 1000000)::bigint").rows.first?[0] ?? "")
        ?? 0)
    let tables = try connection.execute(
      """
      SELECT table_name FROM spoor.partitioned_tables
      WHERE to_regclass(format('public.%I', table_name)) IS NOT NULL ORDER BY table_name
      """
    ).rows.compactMap { $0[0] }
    var actions: [PartitionAction] = []
    for table in tables {
      for step in ["spoor.apply_retention", "spoor.extend_partitions"] {
        // `step` is one of the two literals above, never user text.
        actions += try connection.transaction { connection in
          try connection.execute("SELECT action, partition_name, row_count FROM \(step)($1, $2)", [.text(table), at])
            .rows.map { row in
              PartitionAction(
                table: table, action: row[0] ?? "", partition: row[1] ?? "", rows: row[2].flatMap { Int64($0) })
            }
        }
      }
    }
    actions += try buildTrigramIndexes(on: connection, at: at)
    return actions
  }

  /// Builds the missing trigram indexes of closed and default partitions one at a time with
  /// `CREATE INDEX CONCURRENTLY` (dropping first one that a failed concurrent build left invalid); one `indexed`
  /// action per partition.
  private static func buildTrigramIndexes(on connection: Connection, at: PostgresValue) throws -> [PartitionAction] {
    let missing = try connection.execute(
      "SELECT table_name, partition_name, invalid_index, statement FROM spoor.missing_trigram_indexes($1)", [at]
    ).rows
    var actions: [PartitionAction] = []
    for index in missing {
      let (table, partition) = (index[0] ?? "", index[1] ?? "")
      // The server wrote both statements (format with %I): identifiers from its catalog, never user text.
      if let invalid = index[2] {
        _ = try connection.execute("DROP INDEX CONCURRENTLY IF EXISTS public.\(invalid)")
      }
      _ = try connection.execute(index[3] ?? "")
      if actions.last?.partition != partition {
        actions.append(PartitionAction(table: table, action: "indexed", partition: partition, rows: nil))
      }
    }
    return actions
  }

  /// Every partitioned event table's policy, by table name.
  public static func policies(on connection: Connection) throws -> [PartitionPolicy] {
    let result = try connection.execute(
      """
      SELECT t.table_name, t.time_column, extract(epoch FROM t.partition_interval)::bigint, t.premake,
        extract(epoch FROM t.backfill)::bigint, extract(epoch FROM t.retention)::bigint,
        (SELECT count(*) FROM spoor.time_partitions p WHERE p.table_name = t.table_name)
      FROM spoor.partitioned_tables t ORDER BY t.table_name
      """)
    return result.rows.map { row in
      PartitionPolicy(
        table: row[0] ?? "", timeColumn: row[1] ?? "", partitionInterval: Self.duration(row[2]),
        premake: Int(row[3] ?? "") ?? 0, backfill: Self.duration(row[4]), retention: row[5].map { Self.duration($0) },
        partitions: Int(row[6] ?? "") ?? 0)
    }
  }

  /// A whole number of seconds as hunt files write durations (`90d`, `1h30m`).
  private static func duration(_ seconds: String?) -> String {
    guard let seconds = seconds.flatMap({ Int64($0) }), seconds > 0 else { return "0s" }
    return HuntInterval(seconds: seconds).description
  }

  /// Keeps `table`'s partitions for `microseconds` (nil: forever); the next maintenance drops older ones.
  public static func setRetention(of table: String, microseconds: Int64?, on connection: Connection) throws {
    if let microseconds, microseconds <= 0 { throw PartitionError(description: "a retention is a positive duration") }
    try setPolicy(
      of: table, column: "retention", value: microseconds.map { .interval(microseconds: $0) } ?? .null,
      on: connection)
  }

  /// Makes new partitions of `table` `microseconds` long (at least a minute); existing partitions keep their size.
  public static func setPartitionInterval(of table: String, microseconds: Int64, on connection: Connection) throws {
    guard microseconds >= 60_000_000 else {
      throw PartitionError(description: "a partition is at least one minute long")
    }
    try setPolicy(of: table, column: "partition_interval", value: .interval(microseconds: microseconds), on: connection)
  }

  /// Updates one policy column of `table`, refusing a table that is not partitioned with a suggestion.
  private static func setPolicy(of table: String, column: String, value: PostgresValue, on connection: Connection)
    throws
  {
    // `column` is one of the two literals above, never user text.
    let updated = try connection.execute(
      "UPDATE spoor.partitioned_tables SET \(column) = justify_hours($2::interval) WHERE table_name = $1",
      [.text(table), value])
    guard updated.affectedRows == 1 else {
      let known = try policies(on: connection).map(\.table)
      var message = "\(table) is not a time-partitioned event table"
      if let help = NameSuggester.help(for: table, among: known) { message += "; \(help)" }
      throw PartitionError(description: message)
    }
  }
}
