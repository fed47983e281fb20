import ArgumentParser
import Foundation
import SpoorEngine

/// `spoor runs`: the scheduler's run history, newest first.
struct RunsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runs",
    abstract: "Print the scheduler's run history (spoor.hunt_runs), newest first."
  )

  @OptionGroup var database: DatabaseOptions

  @Option(name: .customLong("hunt"), help: ArgumentHelp("Only this hunt's runs.", valueName: "id"))
  var huntID: String?

  @Flag(help: "Only runs that failed or were abandoned.")
  var failed = false

  @Option(help: "Output format: table, json, ndjson or csv.")
  var format: OutputFormat = .table

  @Option(help: ArgumentHelp("At most this many runs.", valueName: "n"))
  var limit: Int64 = 50

  func run() throws {
    let connection = try database.connect()
    defer { connection.close() }
    let result = try HuntStore(connection: connection).runs(RunFilter(huntID: huntID, failedOnly: failed, limit: limit))
    ResultWriter(format: format, sink: TextSink()).write(result)
  }
}
