import ArgumentParser
import Foundation
import Logging
import SpoorEngine
import SpoorIngest
import SpoorPostgres

/// `spoor demo`: the quick start's main job — migrate, ingest the bundled sample telemetry, run every stored
/// hunt once and print the hits.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Migrate, ingest the bundled sample telemetry, run every stored hunt once and print the hits.",
    discussion: """
      With no database configured this uses Spoor's embedded cluster (started on demand). Running it again reuses
      the cluster, applies no migration twice, loads no sample twice and records no hit twice.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var library: HuntLibraryOptions

  @Option(help: ArgumentHelp("The folder of bundled Sysmon sample files.", valueName: "path"))
  var samples = "samples"

  func run() throws {
    let target = try database.locator.target()
    print("Database: \(target.displayDescription)")
    let connection: Connection
    do {
      connection = try Connection(configuration: target.configuration)
    } catch {
      throw CommandError("cannot connect to \(target.displayDescription): \(error)")
    }
    defer { connection.close() }

    let applied = try MigrationRunner(source: MigrationSource.locate(explicitPath: nil)).migrate(on: connection)
    print(
      "Migrations: \(applied.isEmpty ? "up to date" : "applied " + applied.map(\.fileName).joined(separator: ", "))")

    for outcome in try SampleLoader.load(SampleLoader.sampleFiles(in: samples), on: connection) {
      switch outcome {
      case .alreadyLoaded(let file):
        print("Sample \(file): already loaded")
      case .loaded(let file, let summary):
        let tables = summary.rowsPerTable.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        print(
          "Sample \(file): read \(summary.read) events, loaded \(summary.loaded), skipped \(summary.skipped) "
            + "(\(tables.joined(separator: ", ")))")
      }
    }

    let hunts = try library.load(strict: true).hunts
    let scheduler = HuntScheduler(
      hunts: hunts,
      configuration: SchedulerConfiguration(lookbackOverride: .all, ignoresSchedule: true),
      logger: Logger(label: "spoor.demo"))
    let outcomes = try scheduler.runPass(on: connection)
    print("Hunts: ran \(outcomes.count) of \(hunts.count)")
    var failures = 0
    for outcome in outcomes {
      switch outcome {
      case .succeeded(let summary):
        print("  \(summary.huntID): \(summary.rows) matching row(s), \(summary.newHits) new hit(s)")
      case .failed(let summary, let error):
        failures += 1
        print("  \(summary.huntID): FAILED: \(error)")
      case .busy(let huntID):
        print("  \(huntID): skipped, another scheduler holds its window")
      case .notDue(let huntID):
        print("  \(huntID): not due")
      }
    }

    print("")
    print("Hits (spoor.hunt_hits):")
    let hits = try HuntStore(connection: connection).hitOverview()
    ResultWriter(format: .table, sink: TextSink()).write(hits)
    print("")
    print("\(hits.rows.count) hit(s) in all. Details: spoor hits --format json; run history: spoor runs")
    if failures > 0 { throw CommandError("\(failures) hunt(s) failed") }
  }
}
