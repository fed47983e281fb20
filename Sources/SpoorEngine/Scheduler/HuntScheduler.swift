import Foundation
import Logging
import SpoorCatalog
import SpoorPostgres

/// Runs the enabled hunts of a library on their schedules, each window exactly once, until asked to stop.
///
/// Several schedulers may share a database: each hunt's window is taken under an advisory lock, so a window
/// runs once whichever scheduler takes it. A failing hunt is recorded and retried with back-off; the others
/// keep running.
public struct HuntScheduler {
  /// The hunts to run (disabled ones are skipped).
  public var hunts: [Hunt]
  /// Limits, back-off and look-back.
  public var configuration: SchedulerConfiguration
  /// Where progress is logged.
  public var logger: Logger

  /// Creates a scheduler.
  public init(hunts: [Hunt], configuration: SchedulerConfiguration, logger: Logger) {
    self.hunts = hunts
    self.configuration = configuration
    self.logger = logger
  }

  /// One pass: every enabled, due hunt runs over its next window, in id order.
  /// - Parameters:
  ///   - connection: the connection to use; the catalog is loaded from it.
  ///   - shouldStop: asked between hunts; when it returns true the pass ends after the current window.
  /// - Throws: when the database cannot be used (lost connection); the outcomes so far are then lost to the
  ///   caller but not to the database, which recorded each committed window.
  public func runPass(on connection: Connection, shouldStop: () -> Bool = { false }) throws -> [HuntRunOutcome] {
    let catalog = try CatalogLoader.load(from: connection)
    let runner = HuntWindowRunner(configuration: configuration, logger: logger)
    // An XQL hunt's `call` reaches the other XQL hunts, disabled ones included.
    let storedQueries = HuntLibrary.storedXQLQueries(of: hunts)
    var outcomes: [HuntRunOutcome] = []
    for hunt in hunts where hunt.enabled {
      if shouldStop() { break }
      outcomes.append(try runner.run(hunt, catalog: catalog, storedQueries: storedQueries, on: connection))
    }
    return outcomes
  }

  /// Runs passes every ``SchedulerConfiguration/pollInterval`` until `shutdown` is requested.
  ///
  /// It reconnects after a lost connection, and maintains the time partitions every
  /// ``SchedulerConfiguration/maintenanceInterval``. A stop request lets the current window finish, then returns.
  /// - Parameters:
  ///   - connect: opens a connection (called again after a connection is lost).
  ///   - shutdown: the stop request, for example from SIGTERM / SIGINT.
  ///   - report: told about each pass's outcomes.
  public func run(
    connect: () throws -> Connection,
    shutdown: ShutdownSignal,
    report: ([HuntRunOutcome]) -> Void = { _ in }
  ) {
    var connection: Connection?
    var lastMaintenance: ContinuousClock.Instant?
    while !shutdown.isRequested {
      do {
        let current = try connection ?? connect()
        connection = current
        report(try runPass(on: current, shouldStop: { shutdown.isRequested }))
        // After the pass, so a (re)started scheduler hunts first.
        if let every = configuration.maintenanceInterval, !shutdown.isRequested,
          lastMaintenance.map({ ContinuousClock.now - $0 >= .seconds(every.seconds) }) ?? true
        {
          lastMaintenance = ContinuousClock.now
          maintainPartitions(on: current)
        }
      } catch {
        logger.error("scheduler pass failed; reconnecting after the poll interval", metadata: ["error": "\(error)"])
        connection?.close()
        connection = nil
      }
      _ = shutdown.wait(seconds: Double(configuration.pollInterval.seconds))
    }
    connection?.close()
    logger.notice("scheduler stopped")
  }

  /// Runs the partition maintenance (``PartitionMaintenance``) between passes, after writing the retention file's
  /// settings; a failure is logged, and the hunts still run.
  private func maintainPartitions(on connection: Connection) {
    do {
      try configuration.retention?.apply(on: connection)
      for action in try PartitionMaintenance.maintain(on: connection) where action.action != "default_rows" {
        logger.info(
          "partition maintenance",
          metadata: ["table": "\(action.table)", "action": "\(action.action)", "partition": "\(action.partition)"])
      }
    } catch {
      logger.error("partition maintenance failed", metadata: ["error": "\(error)"])
    }
  }
}
