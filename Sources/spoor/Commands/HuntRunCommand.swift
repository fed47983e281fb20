import ArgumentParser
import Foundation
import SpoorCatalog
import SpoorEngine
import SpoorPostgres

/// `spoor hunt run ID`: runs one hunt now, ad hoc, and prints its rows (nothing is recorded).
struct HuntRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one hunt now over the stored events and print its rows; nothing is recorded.",
    discussion: "The scheduler (`spoor schedule`) is what records hits; this command is for trying a hunt out."
  )

  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var database: DatabaseOptions

  @Argument(help: "The hunt's id (see `spoor hunt list`).")
  var id: String

  @Option(help: ArgumentHelp("Only events of the last T (e.g. 24h, 7d), on the query's time column.", valueName: "T"))
  var since: DurationArgument?

  @Flag(help: "Print the SQL and its bind values instead of running it.")
  var dryRun = false

  @Option(help: "Output format: table, json, ndjson or csv.")
  var format: OutputFormat = .table

  @Option(help: ArgumentHelp("Stop after this many rows.", valueName: "n"))
  var limit: Int64 = 10_000

  @Option(help: ArgumentHelp("Statement timeout (e.g. 30s, 5m).", valueName: "T"))
  var statementTimeout = DurationArgument(argument: "5m")!

  func run() throws {
    let hunt = try library.load().requireHunt(id: id)
    let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
    let lowerBound = since.map { now - $0.microseconds }
    if dryRun {
      let statement = try HuntStatementBuilder.statement(
        for: hunt, catalog: .builtIn, batch: nil, since: lowerBound, now: now, rowLimit: limit)
      print(statement.text)
      for (index, value) in statement.parameters.enumerated() {
        print("-- $\(index + 1) = \(PostgresBinding.describe(value))")
      }
      return
    }
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let catalog = try CatalogLoader.load(from: connection)
    let statement = try ExternalDataResolver.resolve(
      HuntStatementBuilder.statement(
        for: hunt, catalog: catalog, batch: nil, since: lowerBound, now: now, rowLimit: limit),
      on: connection)
    let result = try connection.transaction(readOnly: true, statementTimeoutMilliseconds: statementTimeout.milliseconds)
    {
      try $0.execute(statement.text, PostgresBinding.postgresValues(statement.parameters))
    }
    ResultWriter(format: format, sink: TextSink()).write(result)
    if Int64(result.rows.count) >= limit {
      FileHandle.standardError.write(Data("note: output stopped at --limit \(limit) rows\n".utf8))
    }
  }
}
