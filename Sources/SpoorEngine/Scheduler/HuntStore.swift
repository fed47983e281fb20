import SpoorCatalog
import SpoorFormats
import SpoorPostgres
import SpoorSQL

/// Which recorded hits to read (``HuntStore/hits(_:)``).
public struct HitFilter: Sendable, Hashable {
  /// Only this hunt's hits.
  public var huntID: String?
  /// Only hits detected at most this long ago, in microseconds.
  public var detectedWithin: Int64?
  /// At most this many hits (newest first).
  public var limit: Int64
  /// Only hits of one of these hunts (the server's severity filter, resolved against the hunt library).
  public var huntIDs: [String]?
  /// Only hits detected at or after this instant, in microseconds since the epoch.
  public var detectedFrom: Int64?
  /// Only hits detected before this instant, in microseconds since the epoch.
  public var detectedBefore: Int64?
  /// Only hits after this one in the order hits are read (newest first): the keyset of the next page.
  public var afterHitID: Int64?

  /// Creates a filter.
  public init(
    huntID: String? = nil, detectedWithin: Int64? = nil, limit: Int64 = 1_000, huntIDs: [String]? = nil,
    detectedFrom: Int64? = nil, detectedBefore: Int64? = nil, afterHitID: Int64? = nil
  ) {
    self.huntID = huntID
    self.detectedWithin = detectedWithin
    self.limit = limit
    self.huntIDs = huntIDs
    self.detectedFrom = detectedFrom
    self.detectedBefore = detectedBefore
    self.afterHitID = afterHitID
  }
}

/// Which runs to read (``HuntStore/runs(_:)``).
public struct RunFilter: Sendable, Hashable {
  /// Only this hunt's runs.
  public var huntID: String?
  /// Only runs that failed or were abandoned.
  public var failedOnly: Bool
  /// At most this many runs (newest first).
  public var limit: Int64

  /// Creates a filter.
  public init(huntID: String? = nil, failedOnly: Bool = false, limit: Int64 = 50) {
    self.huntID = huntID
    self.failedOnly = failedOnly
    self.limit = limit
  }
}

/// A hunt's scheduler state as read under its advisory lock (``HuntStore/state(of:ignoringSchedule:)``).
struct HuntStateRow {
  /// The snapshot that ended the last committed window (`nil`: the hunt never committed one).
  var lastSnapshot: String?
  /// When that window ended (timestamptz text).
  var lastWindowEnd: String?
  /// Failed attempts since the last success.
  var failures: Int
  /// Whether the hunt is due now (schedule and back-off).
  var due: Bool
}

/// The one owner of the statements on Spoor's `spoor.hunt_*` tables.
///
/// It holds the recorded hits, the run history, the watermarks and the scheduler's advisory locks. Front doors read through it (`spoor hits`, `spoor runs`, `spoor demo`,
/// `spoor hunt reset`, the server's endpoints); ``HuntWindowRunner`` writes through it.
///
/// A store borrows a connection; it opens no transaction of its own except where a method says so.
public struct HuntStore {
  /// The connection every statement runs on.
  public let connection: Connection

  /// Creates a store over a connection to a migrated database.
  public init(connection: Connection) {
    self.connection = connection
  }

  // MARK: - Reading

  /// Recorded hits, newest first (by detection time, then id): `hunt_id`, `detected_at`, `run_id`, the matched
  /// `row` (JSON) and the hit's `id` (a page's last `id` is the next page's ``HitFilter/afterHitID``).
  public func hits(_ filter: HitFilter) throws -> QueryResult {
    try connection.execute(
      """
      SELECT hunt_id, detected_at, run_id, "row", id
      FROM spoor.hunt_hits
      WHERE ($1::text IS NULL OR hunt_id = $1::text)
        AND ($2::double precision IS NULL OR detected_at >= now() - make_interval(secs => $2::double precision))
        AND ($4::text[] IS NULL OR hunt_id = ANY($4::text[]))
        AND ($5::timestamptz IS NULL OR detected_at >= $5::timestamptz)
        AND ($6::timestamptz IS NULL OR detected_at < $6::timestamptz)
        AND ($7::bigint IS NULL
          OR (detected_at, id) < (SELECT page.detected_at, page.id FROM spoor.hunt_hits page WHERE page.id = $7))
      ORDER BY detected_at DESC, id DESC
      LIMIT $3
      """,
      [
        filter.huntID.map { .text($0) } ?? .null,
        filter.detectedWithin.map { .double(Double($0) / 1_000_000) } ?? .null, .int64(filter.limit),
        filter.huntIDs.map { .textArray($0) } ?? .null,
        filter.detectedFrom.map { .timestamptz(microsecondsSinceEpoch: $0) } ?? .null,
        filter.detectedBefore.map { .timestamptz(microsecondsSinceEpoch: $0) } ?? .null,
        filter.afterHitID.map { .int64($0) } ?? .null,
      ])
  }

  /// Every recorded hit in one line each, by hunt: `hunt_id`, `host` and the most telling `evidence` of the row
  /// (a command line, a path, a registry key or a remote address), for the quick start's summary.
  public func hitOverview() throws -> QueryResult {
    try connection.execute(
      """
      SELECT hunt_id, coalesce(nullif("row"->>'DeviceName', ''), "row"->>'agent_hostname') AS host,
        coalesce(nullif("row"->>'ProcessCommandLine', ''), nullif("row"->>'action_process_image_command_line', ''),
          nullif("row"->>'InitiatingProcessCommandLine', ''), nullif("row"->>'FolderPath', ''),
          nullif("row"->>'RegistryKey', ''), "row"->>'RemoteIP', '') AS evidence
      FROM spoor.hunt_hits ORDER BY hunt_id, id
      """)
  }

  /// The scheduler's run history, newest first: id, hunt, status, attempt, start, duration in seconds, rows,
  /// new hits, the window's bounds and the error's first line.
  public func runs(_ filter: RunFilter) throws -> QueryResult {
    try connection.execute(
      """
      SELECT id, hunt_id, status, attempt, date_trunc('second', started_at) AS started_at,
        round(extract(epoch FROM finished_at - started_at)::numeric, 3) AS seconds,
        rows, new_hits, date_trunc('second', window_start) AS window_start, date_trunc('second', window_end) AS window_end,
        split_part(coalesce(error, ''), E'\\n', 1) AS error
      FROM spoor.hunt_runs
      WHERE ($1::text IS NULL OR hunt_id = $1::text) AND (NOT $2 OR status IN ('failed', 'abandoned'))
      ORDER BY id DESC
      LIMIT $3
      """,
      [filter.huntID.map { .text($0) } ?? .null, .bool(filter.failedOnly), .int64(filter.limit)])
  }

  /// Every hunt's watermark: `hunt_id`, when its last window ended, when it is next due, its failures since the
  /// last success and its back-off; by hunt id.
  public func watermarks() throws -> QueryResult {
    try connection.execute(
      """
      SELECT hunt_id, date_trunc('second', last_window_end) AS last_window_end,
        date_trunc('second', next_due) AS next_due, failures, date_trunc('second', backoff_until) AS backoff_until
      FROM spoor.hunt_state ORDER BY hunt_id
      """)
  }

  // MARK: - Watermarks

  /// What ``resetWatermark(huntID:)`` found.
  public enum ResetOutcome: Equatable, Sendable {
    /// The watermark was removed.
    case reset
    /// The hunt has no watermark: it never ran, or was reset already.
    case neverRan
  }

  /// Removes the watermark of hunt `huntID`, so its next scheduled run is its first window again, bounded by its
  /// look-back; refused while a scheduler runs that hunt.
  ///
  /// That is what an operator wants after changing a hunt's query: the new query also sees the events the old one
  /// already covered. Hits already recorded stay, and a row found again is not recorded twice (hits are keyed by
  /// content). The hunt's advisory lock is taken for the transaction, so a reset never races a committing window.
  /// - Throws: ``HuntStoreError/huntRunning(huntID:)`` when a scheduler holds the hunt; database errors.
  public func resetWatermark(huntID: String) throws -> ResetOutcome {
    try connection.transaction {
      guard try $0.tryLockForTransaction(.hunt(huntID)) else { throw HuntStoreError.huntRunning(huntID: huntID) }
      let deleted = try $0.execute("DELETE FROM spoor.hunt_state WHERE hunt_id = $1", [.text(huntID)])
      return deleted.affectedRows > 0 ? .reset : .neverRan
    }
  }

  // MARK: - The scheduler's steps (HuntWindowRunner)

  /// Takes the hunt's session advisory lock if no other scheduler holds it.
  func tryLock(huntID: String) throws -> Bool {
    try connection.tryLock(.hunt(huntID))
  }

  /// Releases the lock ``tryLock(huntID:)`` took.
  func unlock(huntID: String) throws {
    try connection.unlock(.hunt(huntID))
  }

  /// Creates the hunt's state row if it has none.
  func ensureState(huntID: String) throws {
    _ = try connection.execute(
      "INSERT INTO spoor.hunt_state (hunt_id) VALUES ($1) ON CONFLICT DO NOTHING", [.text(huntID)])
  }

  /// Marks the hunt's runs still `running` as `abandoned` (their scheduler died); returns how many.
  func abandonRunningRuns(huntID: String) throws -> Int {
    try connection.execute(
      """
      UPDATE spoor.hunt_runs SET status = 'abandoned', finished_at = clock_timestamp(),
        error = 'the scheduler stopped before the window committed; the window runs again'
      WHERE hunt_id = $1 AND status = 'running'
      """,
      [.text(huntID)]
    ).affectedRows
  }

  /// The hunt's state; `ignoringSchedule` makes a hunt due whatever its schedule (the back-off still holds).
  func state(of huntID: String, ignoringSchedule: Bool) throws -> HuntStateRow? {
    let state = try connection.execute(
      """
      SELECT last_snapshot::text, last_window_end::text, failures,
        (next_due <= now() OR $2) AND (backoff_until IS NULL OR backoff_until <= now()) AS due
      FROM spoor.hunt_state WHERE hunt_id = $1
      """,
      [.text(huntID), .bool(ignoringSchedule)])
    guard let row = state.rows.first else { return nil }
    return HuntStateRow(
      lastSnapshot: row["last_snapshot"], lastWindowEnd: row["last_window_end"],
      failures: Int(row["failures"] ?? "0") ?? 0, due: row["due"] == "t")
  }

  /// Inserts a `running` run row and returns its id.
  func startRun(huntID: String, attempt: Int, after state: HuntStateRow, scheduler: String) throws -> Int64 {
    let inserted = try connection.execute(
      """
      INSERT INTO spoor.hunt_runs (hunt_id, attempt, window_start_snapshot, window_start, scheduler)
      VALUES ($1, $2, $3::pg_snapshot, $4::timestamptz, $5) RETURNING id
      """,
      [
        .text(huntID), .int32(Int32(clamping: attempt)), state.lastSnapshot.map { .text($0) } ?? .null,
        state.lastWindowEnd.map { .text($0) } ?? .null, .text(scheduler),
      ])
    guard let runText = inserted.rows.first?[0], let runID = Int64(runText) else {
      throw PostgresError(kind: .protocolViolation, message: "INSERT … RETURNING id returned no run id")
    }
    return runID
  }

  /// The transaction's snapshot and `now()` in µs since the epoch: the end of the window being run.
  func windowEnd() throws -> (snapshot: String, now: Int64) {
    let end = try connection.execute(
      "SELECT pg_current_snapshot()::text AS snapshot, (extract(epoch FROM now()) * 1000000)::int8 AS now_us")
    guard let row = end.rows.first, let snapshot = row["snapshot"], let nowText = row["now_us"],
      let now = Int64(nowText)
    else {
      throw PostgresError(kind: .protocolViolation, message: "pg_current_snapshot() returned no row")
    }
    return (snapshot, now)
  }

  /// The snapshot a first window with a look-back starts from.
  ///
  /// It is "every transaction before the first one that ingested at or after `since`" (`X:X:` with X that
  /// transaction's xid), so the window holds the events ingested
  /// in the look-back, to the transaction. With nothing ingested since then, the window starts at `current` and
  /// is empty.
  func lookbackSnapshot(since: Int64, current: String, tables: [Table]) throws -> String {
    let firstXIDs = tables.map { table in
      "SELECT min(\"_spoor_xid\") AS xid FROM \(SQLIdentifier.qualified(schema: table.schema, name: table.name))"
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

  /// Runs a hunt's statement and records its rows as hits of run `runID`, server-side: each row is inserted into
  /// `spoor.hunt_hits` keyed by the md5 of its jsonb text, rows already recorded are skipped.
  /// - Returns: the rows the hunt returned and the hits that were new.
  func recordHits(of statement: SQLStatement, huntID: String, runID: Int64) throws -> (rows: Int64, newHits: Int64) {
    let statement = try ExternalDataResolver.resolve(statement, on: connection)
    let hunted = try connection.execute(
      Self.insertHitsSQL(huntSQL: statement.text, parameterCount: statement.parameters.count),
      PostgresBinding.postgresValues(statement.parameters) + [.text(huntID), .int64(runID)])
    return (
      Int64(hunted.rows.first?["rows"] ?? "0") ?? 0, Int64(hunted.rows.first?["new_hits"] ?? "0") ?? 0
    )
  }

  /// The statement ``recordHits(of:huntID:runID:)`` runs: the hunt's SQL (parameters `$1…$n`), then `$n+1` the
  /// hunt id and `$n+2` the run id; it returns `rows` and `new_hits`.
  static func insertHitsSQL(huntSQL: String, parameterCount: Int) -> String {
    var body = Substring(huntSQL)
    while let last = body.last, last == ";" || last.isWhitespace { body = body.dropLast() }
    let hunt = "$\(parameterCount + 1)"
    let run = "$\(parameterCount + 2)"
    return """
      WITH matched AS (
        SELECT to_jsonb(hunt_row) AS row_json FROM (
      \(body)
        ) AS hunt_row
      ), inserted AS (
        INSERT INTO spoor.hunt_hits (hunt_id, run_id, detected_at, "row", hit_key)
        SELECT \(hunt)::text, \(run)::bigint, now(), row_json, md5(row_json::text) FROM matched
        ON CONFLICT (hunt_id, hit_key) DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM matched) AS rows, (SELECT count(*) FROM inserted) AS new_hits
      """
  }

  /// Marks run `runID` `succeeded` with its counts and window end; a first window without a start gets
  /// `now() - firstWindowLength` (µs) as its start.
  func finishRun(runID: Int64, rows: Int64, newHits: Int64, endSnapshot: String, firstWindowLength: Int64?) throws {
    _ = try connection.execute(
      """
      UPDATE spoor.hunt_runs SET status = 'succeeded', finished_at = clock_timestamp(), rows = $2, new_hits = $3,
        window_end_snapshot = $4::pg_snapshot, window_end = now(),
        window_start = coalesce(window_start, now() - make_interval(secs => $5::double precision / 1000000))
      WHERE id = $1
      """,
      [
        .int64(runID), .int64(rows), .int64(newHits), .text(endSnapshot),
        firstWindowLength.map { .int64($0) } ?? .null,
      ])
  }

  /// Moves the hunt's watermark from `previousSnapshot` to `snapshot`, schedules its next run in
  /// `scheduleSeconds` and clears its failures; false when the watermark was not at `previousSnapshot`.
  func moveWatermark(
    huntID: String, from previousSnapshot: String?, to snapshot: String, runID: Int64, scheduleSeconds: Double
  ) throws -> Bool {
    let moved = try connection.execute(
      """
      UPDATE spoor.hunt_state SET last_snapshot = $2::pg_snapshot, last_window_end = now(), last_run_id = $3,
        next_due = now() + make_interval(secs => $4), failures = 0, backoff_until = NULL
      WHERE hunt_id = $1 AND last_snapshot::text IS NOT DISTINCT FROM $5::text
      """,
      [
        .text(huntID), .text(snapshot), .int64(runID), .double(scheduleSeconds),
        previousSnapshot.map { .text($0) } ?? .null,
      ])
    return moved.affectedRows == 1
  }

  /// Records run `runID` as `failed` with its error, and backs the hunt off for
  /// `min(backoffBase · 2^failures, backoffLimit)` seconds, in a transaction of its own.
  func recordFailure(
    runID: Int64, huntID: String, message: String, sqlState: String?, backoffBase: Double, backoffLimit: Double
  ) throws {
    try connection.transaction { connection in
      _ = try connection.execute(
        """
        UPDATE spoor.hunt_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2, sqlstate = $3
        WHERE id = $1
        """,
        [.int64(runID), .text(message), sqlState.map { .text($0) } ?? .null])
      _ = try connection.execute(
        """
        UPDATE spoor.hunt_state SET failures = failures + 1,
          backoff_until = now() + make_interval(secs => least($2::double precision * power(2, failures), $3::double precision))
        WHERE hunt_id = $1
        """,
        [.text(huntID), .double(backoffBase), .double(backoffLimit)])
    }
  }
}

/// Why the hunt store refused a change.
public enum HuntStoreError: Error, Equatable, CustomStringConvertible {
  /// A scheduler is running a window of the hunt at this moment.
  case huntRunning(huntID: String)

  public var description: String {
    switch self {
    case .huntRunning(let huntID):
      return "hunt '\(huntID)' is being run by a scheduler right now; try again when its window has committed"
    }
  }
}
