import ArgumentParser
import Dispatch
import Foundation
import SpoorCatalog
import SpoorEngine
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorXQL

/// `spoor query`: translate a KQL or XQL query to SQL and run it read-only, streaming the rows.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Run an ad-hoc KQL or XQL query.",
    discussion: """
      The query runs in a READ ONLY transaction with a statement timeout and a row cap; Ctrl-C cancels it.
      --sql prints the translation and its binds without running it (the built-in catalog serves it when no
      database is configured).
      """)

  @OptionGroup var input: QueryInput
  @OptionGroup var database: DatabaseOptions
  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var parameters: QueryParameterOptions

  @Option(help: "Output format: table, json, ndjson or csv.")
  var format: OutputFormat = .table

  @Flag(help: "Print the SQL and its bind parameters instead of running the query.")
  var sql = false

  @Flag(help: "Print PostgreSQL's plan for the query instead of running it.")
  var explain = false

  @Option(help: "Only events at or after this long ago on Timestamp/_time (e.g. 24h, 7d).")
  var since: DurationArgument?

  @Option(help: "Statement timeout (e.g. 30s, 5m).")
  var timeout = DurationArgument(argument: "60s")!

  @Option(name: .customLong("max-rows"), help: "Show at most this many rows (a notice says when more matched).")
  var maxRows: Int64 = 10_000

  func validate() throws {
    guard maxRows > 0 else { throw ValidationError("--max-rows must be at least 1") }
  }

  func run() throws {
    let (source, language) = try input.read()
    let now = WallClock.nowMicroseconds()
    let request = QueryRequest(
      source: source, language: language, now: now, since: since.map { now - $0.microseconds },
      limits: QueryLimits(maxRows: maxRows, timeoutMilliseconds: timeout.milliseconds),
      parameters: QueryParameters(values: try parameters.values))
    // XQL's `call "name"` reaches the hunt library's XQL hunts; without a library there is nothing to call.
    let stored =
      language != .kql && source.text.range(of: "call", options: .caseInsensitive) != nil
      ? ((try? HuntLibrary.load(path: library.resolvedPath))?.storedXQLQueries ?? .none) : .none
    let service = QueryService(storedQueries: stored)
    let purpose: QueryPurpose = sql || explain ? .show : .run

    // Syntax errors do not depend on the catalog: report them without connecting (or starting a cluster).
    let parsed = service.check(request)
    if parsed.hasSyntaxErrors {
      DiagnosticPrinter.print(service.diagnostics(ofInvalid: parsed), in: source)
      throw ExitCode(2)
    }
    if sql, !database.isExplicit {
      try printSQL(service.compile(parsed, for: request, purpose: purpose, catalog: .builtIn))
      return
    }
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let compilation = try service.compile(
      parsed, for: request, purpose: purpose, catalog: try CatalogLoader.load(from: connection),
      readingKeysOn: connection)
    if sql {
      try printSQL(compilation)
      return
    }
    let statement = try requireStatement(compilation)
    if explain {
      for line in try service.explain(statement, on: connection) { print(line) }
      return
    }
    let summary = try CancelOnInterrupt.run(connection) {
      try service.run(
        statement, limits: request.limits, on: connection, into: ResultWriter(format: format, sink: TextSink()))
    }
    if let truncation = summary.truncation {
      FileHandle.standardError.write(Data("spoor: \(truncation); more matched (raise --max-rows to see them)\n".utf8))
    }
  }

  private func requireStatement(_ compilation: Compilation) throws -> SQLStatement {
    DiagnosticPrinter.print(compilation.diagnostics, in: compilation.source)
    guard let statement = compilation.statement, compilation.succeeded else { throw ExitCode(2) }
    return statement
  }

  private func printSQL(_ compilation: Compilation) throws {
    if let discovery = compilation.keyDiscovery {
      // Offline, the keys of the bag column are unknown: show the statement that reads them.
      DiagnosticPrinter.print(compilation.diagnostics, in: compilation.source)
      print("-- evaluate bag_unpack needs the bag's keys; Spoor reads them first with:")
      print(QueryService.listing(discovery.statement))
      return
    }
    print(QueryService.listing(try requireStatement(compilation)))
  }
}
