import Logging
import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorPostgres

/// Runs one hunt over its next window, exactly once, on one connection.
///
/// A window is a PgQ-style snapshot batch: the rows whose `_spoor_xid` is visible in the snapshot taken now and
/// not in the snapshot that ended the hunt's previous window. Transactions that commit late or out of order are
/// invisible to the earlier snapshot, so they fall into a later window; nothing is skipped and nothing is
/// counted twice. The steps:
/// 1. take the hunt's session advisory lock (`pg_try_advisory_lock`); if another scheduler has it, give up;
/// 2. mark runs of this hunt still `running` as `abandoned` (their scheduler died: it no longer holds the lock);
/// 3. re-read the hunt's state under the lock, and stop if it is not due;
/// 4. insert a `running` run row (visible to dashboards while the window runs);
/// 5. in ONE transaction: take `pg_current_snapshot()` and `now()` as the window's end, compile the hunt for
///    that batch with "now" bound to the window end, insert its rows as hits server-side
///    (`INSERT … SELECT … ON CONFLICT DO NOTHING`), mark the run `succeeded` and move the watermark;
/// 6. if step 5 fails, record the run as `failed` with its error and set the back-off, in a transaction of its own.
public struct HuntWindowRunner {
  /// The first key of the scheduler's advisory locks (the second is `hashtext(hunt_id)`): "SpHu".
  public static let advisoryLockClass: Int32 = 0x5370_4875
  /// The snapshot before every transaction: `pg_visible_in_snapshot` is false for every xid in it, so a
  /// first window that starts here covers every row ingested so far.
  public static let originSnapshot = "1:1:"

  /// How runs are limited and retried.
  public var configuration: SchedulerConfiguration
  /// Where progress and failures are logged (`hunt.id`, `hunt.run_id` metadata).
  public var logger: Logger

  /// Creates a runner.
  public init(configuration: SchedulerConfiguration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
  }

  /// Runs `hunt` over its next window if it is due and no other scheduler holds it.
  /// - Parameters:
  ///   - hunt: the hunt to run.
  ///   - catalog: the tables and columns the hunt's query binds against.
  ///   - connection: a connection with no open transaction; the runner uses it exclusively until it returns.
  /// - Throws: only when the database cannot be used at all (e.g. the connection is lost); a hunt that fails
  ///   is an outcome, not an error.
  public func run(_ hunt: Hunt, catalog: Catalog, on connection: Connection) throws -> HuntRunOutcome {
    let locked = try connection.execute(
      "SELECT pg_try_advisory_lock($1, hashtext($2))", [.int32(Self.advisoryLockClass), .text(hunt.id)])
    guard locked.rows.first?[0] == "t" else { return .busy(huntID: hunt.id) }
    defer {
      do {
        _ = try connection.execute(
          "SELECT pg_advisory_unlock($1, hashtext($2))", [.int32(Self.advisoryLockClass), .text(hunt.id)])
      } catch {
        // The lock dies with the session; a lost connection has already released it.
        logger.debug("advisory unlock failed", metadata: ["hunt.id": "\(hunt.id)", "error": "\(error)"])
      }
    }

    _ = try connection.execute(
      "INSERT INTO spoor.hunt_state (hunt_id) VALUES ($1) ON CONFLICT DO NOTHING", [.text(hunt.id)])
    let abandoned = try connection.execute(
      """
      UPDATE spoor.hunt_runs SET status = 'abandoned', finished_at = clock_timestamp(),
        error = 'the scheduler stopped before the window committed; the window runs again'
      WHERE hunt_id = $1 AND status = 'running'
      """,
      [.text(hunt.id)])
    if abandoned.affectedRows > 0 {
      logger.notice(
        "abandoned runs of a stopped scheduler",
        metadata: ["hunt.id": "\(hunt.id)", "runs": "\(abandoned.affectedRows)"])
    }

    let state = try connection.execute(
      """
      SELECT last_snapshot::text, last_window_end::text, failures,
        (next_due <= now() OR $2) AND (backoff_until IS NULL OR backoff_until <= now()) AS due
      FROM spoor.hunt_state WHERE hunt_id = $1
      """,
      [.text(hunt.id), .bool(configuration.ignoresSchedule)])
    guard let stateRow = state.rows.first else { return .notDue(huntID: hunt.id) }
    guard stateRow["due"] == "t" else { return .notDue(huntID: hunt.id) }
    let previousSnapshot = stateRow["last_snapshot"]
    let previousEnd = stateRow["last_window_end"]
    let attempt = (Int(stateRow["failures"] ?? "0") ?? 0) + 1

    let inserted = try connection.execute(
      """
      INSERT INTO spoor.hunt_runs (hunt_id, attempt, window_start_snapshot, window_start, scheduler)
      VALUES ($1, $2, $3::pg_snapshot, $4::timestamptz, $5) RETURNING id
      """,
      [
        .text(hunt.id), .int32(Int32(clamping: attempt)), previousSnapshot.map { .text($0) } ?? .null,
        previousEnd.map { .text($0) } ?? .null, .text(configuration.schedulerName),
      ])
    guard let runText = inserted.rows.first?[0], let runID = Int64(runText) else {
      throw PostgresError(kind: .protocolViolation, message: "INSERT … RETURNING id returned no run id")
    }
    let window = HuntWindow(huntID: hunt.id, runID: runID, previousSnapshot: previousSnapshot)
    var logger = self.logger
    logger[metadataKey: "hunt.id"] = "\(hunt.id)"
    logger[metadataKey: "hunt.run_id"] = "\(runID)"

    do {
      let timeout = configuration.statementTimeoutMilliseconds
      let counts = try connection.transaction(statementTimeoutMilliseconds: timeout) {
        try runWindow(hunt, window, catalog: catalog, on: $0)
      }
      logger.info("window committed", metadata: ["rows": "\(counts.rows)", "hits.new": "\(counts.newHits)"])
      return .succeeded(
        HuntRunSummary(huntID: hunt.id, runID: runID, attempt: attempt, rows: counts.rows, newHits: counts.newHits))
    } catch let error as PostgresError where error.kind == .connection || error.kind == .closed {
      // The run row stays `running`; the next scheduler to take the hunt marks it abandoned.
      throw error
    } catch {
      let message = Self.message(for: error)
      logger.warning("hunt failed", metadata: ["error": "\(message)", "attempt": "\(attempt)"])
      try recordFailure(of: window, message: message, sqlState: (error as? PostgresError)?.sqlState, on: connection)
      return .failed(
        HuntRunSummary(huntID: hunt.id, runID: runID, attempt: attempt, rows: 0, newHits: 0), error: message)
    }
  }

  /// Step 5: everything that must commit together.
  private func runWindow(
    _ hunt: Hunt, _ window: HuntWindow, catalog: Catalog, on connection: Connection
  ) throws -> (rows: Int64, newHits: Int64) {
    let end = try connection.execute(
      "SELECT pg_current_snapshot()::text AS snapshot, (extract(epoch FROM now()) * 1000000)::int8 AS now_us")
    guard let endRow = end.rows.first, let snapshot = endRow["snapshot"], let nowText = endRow["now_us"],
      let now = Int64(nowText)
    else {
      throw PostgresError(kind: .protocolViolation, message: "pg_current_snapshot() returned no row")
    }

    let previous: String
    if let previousSnapshot = window.previousSnapshot {
      previous = previousSnapshot
    } else if let length = firstWindowLength(for: hunt) {
      previous = try lookbackSnapshot(since: now - length, current: snapshot, catalog: catalog, on: connection)
    } else {
      previous = Self.originSnapshot
    }
    let statement = try ExternalDataResolver.resolve(
      HuntStatementBuilder.statement(
        for: hunt, catalog: catalog, batch: IngestBatch(previous: previous, current: snapshot), since: nil, now: now),
      on: connection)
    let hunted = try connection.execute(
      HuntStatementBuilder.insertHitsSQL(huntSQL: statement.text, parameterCount: statement.parameters.count),
      PostgresBinding.postgresValues(statement.parameters) + [.text(window.huntID), .int64(window.runID)]
    )
    let rows = Int64(hunted.rows.first?["rows"] ?? "0") ?? 0
    let newHits = Int64(hunted.rows.first?["new_hits"] ?? "0") ?? 0

    _ = try connection.execute(
      """
      UPDATE spoor.hunt_runs SET status = 'succeeded', finished_at = clock_timestamp(), rows = $2, new_hits = $3,
        window_end_snapshot = $4::pg_snapshot, window_end = now(),
        window_start = coalesce(window_start, now() - make_interval(secs => $5::double precision / 1000000))
      WHERE id = $1
      """,
      [
        .int64(window.runID), .int64(rows), .int64(newHits), .text(snapshot),
        firstWindowLength(for: hunt).map { .int64($0) } ?? .null,
      ])
    let moved = try connection.execute(
      """
      UPDATE spoor.hunt_state SET last_snapshot = $2::pg_snapshot, last_window_end = now(), last_run_id = $3,
        next_due = now() + make_interval(secs => $4), failures = 0, backoff_until = NULL
      WHERE hunt_id = $1 AND last_snapshot::text IS NOT DISTINCT FROM $5::text
      """,
      [
        .text(window.huntID), .text(snapshot), .int64(window.runID), .double(Double(hunt.schedule.seconds)),
        window.previousSnapshot.map { .text($0) } ?? .null,
      ])
    guard moved.affectedRows == 1 else {
      // Only possible if something bypassed the advisory lock; refuse rather than record a window twice.
      throw HuntRunError.watermarkMoved(huntID: window.huntID)
    }
    return (rows, newHits)
  }

  /// Step 6: the failure, its error and the back-off, committed on their own.
  private func recordFailure(of window: HuntWindow, message: String, sqlState: String?, on connection: Connection)
    throws
  {
    try connection.transaction { connection in
      _ = try connection.execute(
        """
        UPDATE spoor.hunt_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2, sqlstate = $3
        WHERE id = $1
        """,
        [.int64(window.runID), .text(message), sqlState.map { .text($0) } ?? .null])
      _ = try connection.execute(
        """
        UPDATE spoor.hunt_state SET failures = failures + 1,
          backoff_until = now() + make_interval(secs => least($2::double precision * power(2, failures), $3::double precision))
        WHERE hunt_id = $1
        """,
        [
          .text(window.huntID), .double(Double(configuration.backoffBase.seconds)),
          .double(Double(configuration.backoffLimit.seconds)),
        ])
    }
  }

  /// The look-back of a hunt's first window, in microseconds (`nil`: everything ingested so far).
  private func firstWindowLength(for hunt: Hunt) -> Int64? {
    switch configuration.lookbackOverride ?? hunt.lookback {
    case .all: nil
    case .interval(let interval): interval.microseconds
    }
  }

  /// The snapshot a first window with a look-back starts from: "every transaction before the first one that
  /// ingested at or after `since`" (`X:X:` with X that transaction's xid), so the window holds the events ingested
  /// in the look-back, to the transaction. With nothing ingested since then, the window starts at `current` and
  /// is empty.
  private func lookbackSnapshot(since: Int64, current: String, catalog: Catalog, on connection: Connection) throws
    -> String
  {
    let tracked = catalog.tables.values.filter(\.tracksIngest).sorted { $0.name < $1.name }
    let firstXIDs = tracked.map { table in
      "SELECT min(\"_spoor_xid\") AS xid FROM \(Self.quoted(table.schema)).\(Self.quoted(table.name))"
        + " WHERE \"_spoor_ingested_at\" >= $1"
    }
    let candidates = firstXIDs + ["SELECT pg_snapshot_xmax($2::pg_snapshot)"]
    let result = try connection.execute(
      "SELECT min(xid)::text FROM (" + candidates.joined(separator: " UNION ALL ") + ") AS first_ingested",
      [.timestamptz(microsecondsSinceEpoch: since), .text(current)])
    guard let xid = result.rows.first?[0] else {
      throw PostgresError(kind: .protocolViolation, message: "the look-back query returned no xid")
    }
    return "\(xid):\(xid):"
  }

  /// A double-quoted SQL identifier (names here come from the catalog, never from a hunt).
  static func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The text recorded for a failure: the rendered diagnostics, or the database's short description.
  static func message(for error: any Error) -> String {
    if let error = error as? PostgresError { return error.description }
    return "\(error)"
  }
}

/// The window being run: its hunt, its run row and where it starts.
struct HuntWindow {
  var huntID: String
  var runID: Int64
  /// The snapshot that ended the previous window (`nil`: the hunt's first window).
  var previousSnapshot: String?
}
