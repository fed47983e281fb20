import ArgumentParser
import Foundation
import SpoorEngine

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
    let loaded = try library.load()
    let hunt = try loaded.requireHunt(id: id)
    let now = WallClock.nowMicroseconds()
    let request = QueryRequest(
      source: hunt.querySource, language: hunt.language, now: now, since: since.map { now - $0.microseconds },
      limits: QueryLimits(maxRows: limit, timeoutMilliseconds: statementTimeout.milliseconds))
    let service = QueryService(storedQueries: loaded.storedXQLQueries)
    let parsed = service.check(request)
    if dryRun {
      let compilation = service.compile(parsed, for: request, purpose: .run, catalog: .builtIn)
      print(QueryService.listing(try HuntStatementBuilder.requireStatement(compilation, huntID: hunt.id)))
      return
    }
    if parsed.hasSyntaxErrors {
      _ = try HuntStatementBuilder.requireStatement(
        service.compile(parsed, for: request, purpose: .run, catalog: .builtIn), huntID: hunt.id)
    }
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let compilation = try service.compile(
      parsed, for: request, purpose: .run, catalog: try CatalogLoader.load(from: connection),
      readingKeysOn: connection)
    let statement = try HuntStatementBuilder.requireStatement(compilation, huntID: hunt.id)
    let summary = try CancelOnInterrupt.run(connection) {
      try service.run(
        statement, limits: request.limits, on: connection, into: ResultWriter(format: format, sink: TextSink()))
    }
    if let truncation = summary.truncation {
      FileHandle.standardError.write(Data("spoor: \(truncation); more matched (raise --limit to see them)\n".utf8))
    }
  }

}
