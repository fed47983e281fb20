import Foundation

/// How the scheduler runs hunts: limits, retry back-off and the first window's look-back.
public struct SchedulerConfiguration: Sendable, Hashable {
  /// How long `spoor schedule` waits between passes over the hunts.
  public var pollInterval: HuntInterval
  /// The limit on each statement of a hunt's window, in milliseconds; a slower hunt is recorded as failed.
  public var statementTimeoutMilliseconds: Int
  /// The wait after a hunt's first failure; it doubles with each further failure in a row.
  public var backoffBase: HuntInterval
  /// The longest wait between retries of a failing hunt.
  public var backoffLimit: HuntInterval
  /// Overrides every hunt's own `lookback` for its first window (`--lookback all`: everything already stored).
  public var lookbackOverride: HuntLookback?
  /// Run every enabled hunt on each pass, whether or not its schedule says it is due (back-off still applies).
  public var ignoresSchedule: Bool
  /// Who is running, recorded in `spoor.hunt_runs.scheduler` (host and process id by default).
  public var schedulerName: String
  /// How often `run` also maintains the time partitions (``PartitionMaintenance``); nil never does.
  public var maintenanceInterval: HuntInterval?
  /// The retention file's settings (``RetentionConfiguration``), written into the database before each maintenance;
  /// nil leaves the database's settings (`spoor retention set`) as they are.
  public var retention: RetentionConfiguration?

  /// Creates a configuration; the defaults suit a production scheduler.
  public init(
    pollInterval: HuntInterval = HuntInterval(seconds: 30),
    statementTimeoutMilliseconds: Int = 300_000,
    backoffBase: HuntInterval = HuntInterval(seconds: 60),
    backoffLimit: HuntInterval = HuntInterval(seconds: 3_600),
    lookbackOverride: HuntLookback? = nil,
    ignoresSchedule: Bool = false,
    schedulerName: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
    maintenanceInterval: HuntInterval? = HuntInterval(seconds: 3_600)
  ) {
    self.maintenanceInterval = maintenanceInterval
    self.pollInterval = pollInterval
    self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
    self.backoffBase = backoffBase
    self.backoffLimit = backoffLimit
    self.lookbackOverride = lookbackOverride
    self.ignoresSchedule = ignoresSchedule
    self.schedulerName = schedulerName
  }
}
