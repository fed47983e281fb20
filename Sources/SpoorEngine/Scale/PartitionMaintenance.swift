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
  /// Runs `spoor.maintain_partitions()` in its own transaction and returns what it did; empty when another
  /// maintainer holds the lock.
  /// - Parameters:
  ///   - connection: the database.
  ///   - microsecondsSinceEpoch: the time to maintain for; nil is the server's `now()`.
  ///   - lockTimeoutMilliseconds: how long to wait for a table lock before giving up (the run fails, and changes
  ///     nothing).
  public static func maintain(
    on connection: Connection, at microsecondsSinceEpoch: Int64? = nil, lockTimeoutMilliseconds: Int = 10_000
  ) throws
    -> [PartitionAction]
  {
    let at: PostgresValue = microsecondsSinceEpoch.map { .timestamptz(microsecondsSinceEpoch: $0) } ?? .null
    // Creating or dropping a partition locks the table; an ingest transaction left open must not queue every query
    // behind maintenance, so it gives up after lockTimeout and the next run tries again.
    _ = try connection.execute("BEGIN")
    let result: QueryResult
    do {
      _ = try connection.execute("SELECT set_config('lock_timeout', $1, true)", [.text("\(lockTimeoutMilliseconds)ms")])
      result = try connection.execute(
        "SELECT table_name, action, partition_name, row_count FROM spoor.maintain_partitions(coalesce($1, now()))",
        [at])
      _ = try connection.execute("COMMIT")
    } catch {
      _ = try? connection.execute("ROLLBACK")
      throw error
    }
    return result.rows.map { row in
      PartitionAction(
        table: row[0] ?? "", action: row[1] ?? "", partition: row[2] ?? "", rows: row[3].flatMap { Int64($0) })
    }
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
