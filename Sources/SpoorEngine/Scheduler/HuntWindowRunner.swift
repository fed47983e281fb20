import Logging
import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorPostgres
import SpoorXQL

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
  ///   - storedQueries: what an XQL hunt's `call` reaches (the library's XQL hunts).
  ///   - connection: a connection with no open transaction; the runner uses it exclusively until it returns.
  /// - Throws: only when the database cannot be used at all (e.g. the connection is lost); a hunt that fails
  ///   is an outcome, not an error.
  public func run(
    _ hunt: Hunt, catalog: Catalog, storedQueries: XQLStoredQueries = .none, on connection: Connection
  ) throws -> HuntRunOutcome {
    let store = HuntStore(connection: connection)
    guard try store.tryLock(huntID: hunt.id) else { return .busy(huntID: hunt.id) }
    defer {
      do {
        try store.unlock(huntID: hunt.id)
      } catch {
        // The lock dies with the session; a lost connection has already released it.
        logger.debug("advisory unlock failed", metadata: ["hunt.id": "\(hunt.id)", "error": "\(error)"])
      }
    }

    try store.ensureState(huntID: hunt.id)
    let abandoned = try store.abandonRunningRuns(huntID: hunt.id)
    if abandoned > 0 {
      logger.notice(
        "abandoned runs of a stopped scheduler", metadata: ["hunt.id": "\(hunt.id)", "runs": "\(abandoned)"])
    }

    guard let state = try store.state(of: hunt.id, ignoringSchedule: configuration.ignoresSchedule), state.due else {
      return .notDue(huntID: hunt.id)
    }
    let attempt = state.failures + 1
    let runID = try store.startRun(
      huntID: hunt.id, attempt: attempt, after: state, scheduler: configuration.schedulerName)
    let window = HuntWindow(huntID: hunt.id, runID: runID, previousSnapshot: state.lastSnapshot)
    var logger = self.logger
    logger[metadataKey: "hunt.id"] = "\(hunt.id)"
    logger[metadataKey: "hunt.run_id"] = "\(runID)"

    do {
      let timeout = configuration.statementTimeoutMilliseconds
      let counts = try connection.transaction(statementTimeoutMilliseconds: timeout) {
        try runWindow(hunt, window, catalog: catalog, storedQueries: storedQueries, store: HuntStore(connection: $0))
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
      try store.recordFailure(
        runID: runID, huntID: hunt.id, message: message, sqlState: (error as? PostgresError)?.sqlState,
        backoffBase: Double(configuration.backoffBase.seconds),
        backoffLimit: Double(configuration.backoffLimit.seconds))
      return .failed(
        HuntRunSummary(huntID: hunt.id, runID: runID, attempt: attempt, rows: 0, newHits: 0), error: message)
    }
  }

  /// Step 5: everything that must commit together.
  private func runWindow(
    _ hunt: Hunt, _ window: HuntWindow, catalog: Catalog, storedQueries: XQLStoredQueries, store: HuntStore
  ) throws -> (rows: Int64, newHits: Int64) {
    let (snapshot, now) = try store.windowEnd()
    let previous: String
    if let previousSnapshot = window.previousSnapshot {
      previous = previousSnapshot
    } else if let length = firstWindowLength(for: hunt) {
      let tracked = catalog.tables.values.filter(\.tracksIngest).sorted { $0.name < $1.name }
      previous = try store.lookbackSnapshot(since: now - length, current: snapshot, tables: tracked)
    } else {
      previous = Self.originSnapshot
    }
    let statement = try HuntStatementBuilder.statement(
      for: hunt, catalog: catalog, batch: IngestBatch(previous: previous, current: snapshot), since: nil, now: now,
      storedQueries: storedQueries
    ) {
      // A bag_unpack's keys are read from the same window, inside this window's transaction.
      try store.connection.execute($0.text, PostgresBinding.postgresValues($0.parameters)).rows.map(\.values)
    }
    let (rows, newHits) = try store.recordHits(of: statement, huntID: window.huntID, runID: window.runID)
    try store.finishRun(
      runID: window.runID, rows: rows, newHits: newHits, endSnapshot: snapshot,
      firstWindowLength: firstWindowLength(for: hunt))
    let moved = try store.moveWatermark(
      huntID: window.huntID, from: window.previousSnapshot, to: snapshot, runID: window.runID,
      scheduleSeconds: Double(hunt.schedule.seconds))
    guard moved else {
      // Only possible if something bypassed the advisory lock; refuse rather than record a window twice.
      throw HuntRunError.watermarkMoved(huntID: window.huntID)
    }
    return (rows, newHits)
  }

  /// The look-back of a hunt's first window, in microseconds (`nil`: everything ingested so far).
  private func firstWindowLength(for hunt: Hunt) -> Int64? {
    switch configuration.lookbackOverride ?? hunt.lookback {
    case .all: nil
    case .interval(let interval): interval.microseconds
    }
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
