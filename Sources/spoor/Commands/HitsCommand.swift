import ArgumentParser
import Foundation
import SpoorEngine

/// `spoor hits`: the recorded hits, newest first.
struct HitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hits",
    abstract: "Print the hits the scheduler recorded (spoor.hunt_hits), newest first."
  )

  @OptionGroup var database: DatabaseOptions

  @Option(name: .customLong("hunt"), help: ArgumentHelp("Only this hunt's hits.", valueName: "id"))
  var huntID: String?

  @Option(help: ArgumentHelp("Only hits detected in the last T (e.g. 24h, 7d).", valueName: "T"))
  var since: DurationArgument?

  @Option(help: "Output format: table, json, ndjson or csv.")
  var format: OutputFormat = .table

  @Option(help: ArgumentHelp("At most this many hits.", valueName: "n"))
  var limit: Int64 = 1_000

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let result = try HuntStore(connection: connection).hits(
      HitFilter(huntID: huntID, detectedWithin: since?.microseconds, limit: limit))
    ResultWriter(format: format, sink: TextSink()).write(result)
  }
}
