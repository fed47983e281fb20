import ArgumentParser
import Foundation
import SpoorEngine
import SpoorPostgres

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
    let result = try connection.execute(
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
      [huntID.map { .text($0) } ?? .null, .bool(failed), .int64(limit)])
    ResultWriter(format: format, sink: TextSink()).write(result)
  }
}
