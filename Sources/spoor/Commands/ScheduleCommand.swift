import ArgumentParser
import Foundation
import Logging
import SpoorEngine
import SpoorPostgres

/// `spoor schedule`: the scheduler, in the foreground.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Run the enabled hunts on their schedules, recording every hit exactly once.",
    discussion: """
      Each hunt runs over the events ingested since its previous run (see queries/README.md). Several schedulers \
      may share a database. SIGTERM or SIGINT finishes the current window, then exits. Pending migrations are \
      applied first.
      """
  )

  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var database: DatabaseOptions

  @Flag(help: "Run every due hunt once, then exit.")
  var once = false

  @Option(help: ArgumentHelp("Time between passes over the hunts (e.g. 30s, 1m).", valueName: "T"))
  var interval = DurationArgument(argument: "30s")!

  @Option(
    help: ArgumentHelp(
      "First-run look-back for every new hunt: 'all' or an interval such as 7d (default: each hunt's own).",
      valueName: "T"))
  var lookback: String?

  @Option(help: ArgumentHelp("Limit on each statement of a hunt's window (e.g. 5m).", valueName: "T"))
  var statementTimeout = DurationArgument(argument: "5m")!

  @Flag(help: "Run every enabled hunt on each pass, due or not (back-off after failures still applies).")
  var ignoreSchedule = false

  @Option(name: .customLong("hunt"), help: ArgumentHelp("Run only this hunt (repeatable).", valueName: "id"))
  var huntIDs: [String] = []

  @Flag(help: "Leave the time partitions alone (another process runs `spoor maintain`); by default, hourly.")
  var noMaintenance = false

  @OptionGroup var retentionFile: RetentionFileOptions

  func run() throws {
    var configuration = SchedulerConfiguration(ignoresSchedule: ignoreSchedule)
    guard interval.microseconds >= 1_000_000, interval.microseconds % 1_000_000 == 0 else {
      throw CommandError("--interval: the time between passes is a whole number of seconds, at least 1s")
    }
    configuration.pollInterval = HuntInterval(seconds: interval.microseconds / 1_000_000)
    if noMaintenance { configuration.maintenanceInterval = nil }
    configuration.retention = try retentionFile.load()
    configuration.statementTimeoutMilliseconds = statementTimeout.milliseconds
    if let lookback {
      guard let parsed = HuntLookback(parsing: lookback) else {
        throw CommandError("--lookback: write 'all' or an interval such as 7d")
      }
      configuration.lookbackOverride = parsed
    }

    let loaded = try library.load()
    var hunts = loaded.hunts
    if !huntIDs.isEmpty { hunts = try huntIDs.map { try loaded.requireHunt(id: $0) } }
    let scheduler = HuntScheduler(hunts: hunts, configuration: configuration, logger: Logger(label: "spoor.scheduler"))

    let connection = try database.connect()
    _ = try MigrationRunner(source: MigrationSource.locate(explicitPath: nil)).migrate(on: connection)
    let shutdown = ShutdownSignal(signals: [SIGTERM, SIGINT])
    if once {
      defer { connection.close() }
      Self.report(try scheduler.runPass(on: connection, shouldStop: { shutdown.isRequested }), quiet: false)
      return
    }
    FileHandle.standardError.write(
      Data(
        "scheduling \(hunts.filter(\.enabled).count) hunt(s) every \(configuration.pollInterval); SIGTERM or Ctrl-C stops\n"
          .utf8))
    var first: Connection? = connection
    scheduler.run(
      connect: {
        if let reused = first {
          first = nil
          return reused
        }
        // A reconnect leaves an embedded cluster stopped with `spoor db stop` stopped: the pass fails with that
        // reason, logged, and the scheduler tries again after the poll interval.
        return try database.locator.connect(startingHeldCluster: false)
      },
      shutdown: shutdown,
      report: { Self.report($0, quiet: true) }
    )
  }

  /// Prints one line per hunt that ran (and, unless `quiet`, per hunt skipped), then a summary.
  static func report(_ outcomes: [HuntRunOutcome], quiet: Bool) {
    var succeeded = 0
    var failed = 0
    var newHits: Int64 = 0
    for outcome in outcomes {
      switch outcome {
      case .succeeded(let summary):
        succeeded += 1
        newHits += summary.newHits
        print("\(summary.huntID): \(summary.rows) row(s), \(summary.newHits) new hit(s) (run \(summary.runID))")
      case .failed(let summary, let error):
        failed += 1
        print(
          "\(summary.huntID): FAILED (run \(summary.runID), attempt \(summary.attempt)): \(error.split(separator: "\n").first ?? "")"
        )
      case .busy(let huntID):
        if !quiet { print("\(huntID): skipped, another scheduler is running it") }
      case .notDue(let huntID):
        if !quiet { print("\(huntID): not due") }
      }
    }
    if !quiet || succeeded + failed > 0 {
      print("\(succeeded) hunt(s) ran, \(failed) failed, \(newHits) new hit(s)")
    }
  }
}
