import ArgumentParser
import Foundation
import SpoorCatalog
import SpoorEngine
import SpoorIngest
import SpoorPostgres
import SpoorServer

/// `spoor bench`: every benchmark of DESIGN §9, each figure printed beside a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure translation, query, ingest and streaming performance against same-run baselines.",
    discussion: """
      Build in release mode first (swift build -c release). The query, ingest and streaming benchmarks run in a
      scratch database `spoor_bench` on the selected server (dropped and recreated each run).
      """)

  @OptionGroup var database: DatabaseOptions

  @Flag(help: "A smaller, faster run (100k events instead of 1M).")
  var quick = false

  @Option(help: "Generated events for the query benchmark (default 1,000,000; 100,000 with --quick).")
  var events: Int?

  @Option(help: "The Sigma corpus for the translation benchmark.")
  var corpus = "corpus/sigma"

  @Option(
    help: ArgumentHelp(
      "Run only these benchmarks (repeatable): translation, queries, streaming, serve, ingest.", valueName: "name"))
  var only: [String] = []

  @Option(
    help: ArgumentHelp(
      "Run only the scale benchmark: N events over 30 days, six hunts over 1h/24h/7d, then again at 4N.",
      valueName: "N"))
  var scale: Int?

  /// Whether the benchmark `name` runs (all of them without --only).
  private func runs(_ name: String) -> Bool { only.isEmpty || only.contains(name) }

  func run() throws {
    if let scale {
      try runScale(events: scale)
      return
    }
    let eventCount = events ?? (quick ? 100_000 : 1_000_000)
    print("spoor bench — \(quick ? "quick" : "full") run, \(eventCount) generated events")
    print("")

    if runs("translation"), FileManager.default.fileExists(atPath: corpus) {
      print("Translation (parse + bind + emit), best of \(quick ? 3 : 10) per query over \(corpus):")
      for figures in try TranslationBenchmark.run(corpus: corpus, repetitions: quick ? 3 : 10) {
        let label = figures.language.rawValue.uppercased()
        print(
          "  \(label): \(figures.queries) queries (\(figures.failures) failed); median \(format(figures.medianMicroseconds)) µs"
            + " vs target 20 µs → ratio \(format(figures.medianMicroseconds / 20, digits: 2))")
        print(
          "  \(label): slowest \(format(figures.maximumMicroseconds)) µs vs limit 2000 µs → ratio "
            + "\(format(figures.maximumMicroseconds / 2_000, digits: 2)) (\(figures.slowestFile))")
      }
    } else if runs("translation") {
      print("Translation: skipped (no corpus at \(corpus); pass --corpus)")
    }
    print("")

    let scratch = try ScratchDatabase.recreate(on: database.locator.target().configuration)
    let benchConnection = try Connection(configuration: scratch)
    defer { benchConnection.close() }
    _ = try MigrationRunner(source: MigrationSource.builtIn()).migrate(on: benchConnection)
    let catalog = try CatalogLoader.load(from: benchConnection)

    if runs("queries") {
      print(
        "Generated SQL vs hand-written SQL on \(eventCount) events (median of \(quick ? 3 : 5) runs; target ≤ 1.10):")
      try QueryBenchmark.generateEvents(on: benchConnection, events: eventCount)
      for figures in try QueryBenchmark.run(on: benchConnection, catalog: catalog, repetitions: quick ? 3 : 5) {
        let agreement =
          figures.generatedRows == figures.handRows
          ? "" : "  ROW COUNTS DIFFER (\(figures.generatedRows) vs \(figures.handRows))"
        print(
          "  \(figures.name): \(format(figures.generatedMilliseconds)) ms vs \(format(figures.handMilliseconds)) ms"
            + " → ratio \(format(figures.ratio, digits: 2))\(agreement)")
      }
      print("")
    }

    if runs("streaming") {
      let streamed = quick ? 200_000 : 1_000_000
      let memory = try StreamingMemoryBenchmark.run(on: benchConnection, rows: streamed)
      print("Streaming \(memory.rows) rows as NDJSON (target: flat):")
      print(
        "  resident memory \(memory.finalKiB) KiB at the end vs \(memory.baselineKiB) KiB after the first tenth"
          + " → ratio \(format(memory.ratio, digits: 2))")
      print("")
    }

    if runs("serve") {
      // The same events as the query benchmark, made here when it did not run.
      if !runs("queries") { try QueryBenchmark.generateEvents(on: benchConnection, events: eventCount) }
      print("HTTP API (spoor serve) on loopback, \(eventCount) generated events:")
      let query = "DeviceProcessEvents | where FileName =~ 'powershell.exe' | summarize count() by DeviceName"
      let served = scratch
      let connect: @Sendable () throws -> Connection = { try Connection(configuration: served) }
      let reps = quick ? 10 : 30
      let server = try AsyncBridge.run {
        try await ServerBenchmark.run(connect: connect, query: query, repetitions: reps)
      }
      print(
        "  /query vs the CLI's path on the same query: median \(format(server.httpMedianMilliseconds)) ms vs "
          + "\(format(server.cliMedianMilliseconds)) ms → ratio "
          + "\(format(server.httpMedianMilliseconds / max(server.cliMedianMilliseconds, 0.001), digits: 2))")
      print(
        "  /hits?limit=50 with \(server.clients) concurrent clients: \(format(server.hitsPerSecond)) requests/s "
          + "(\(server.hitsRequests) requests, \(server.hitsFailures) not 200; \(server.hitsRecorded) hits recorded)")
      print("")
    }

    guard runs("ingest") else { return }
    let ingestRows = quick ? 100_000 : 1_000_000
    print("Ingest through COPY vs psql \\copy of the same CSV file into the same table (target ≥ 1.0):")
    var perSecond: [String: Double] = [:]
    for (withIndexes, trigram) in [(false, false), (true, false), (true, true)] {
      let result = try IngestBenchmark(rows: ingestRows, withIndexes: withIndexes, trigramOnOpenPartition: trigram)
        .run(configuration: scratch)
      perSecond["\(withIndexes)\(trigram)"] = result.spoorRowsPerSecond
      print("  \(result)")
    }
    // DESIGN §9: ingest with the final indexes (btree on the open partition, trigram GIN once a partition closes)
    // against ingest without indexes, target ≥ 0.8.
    let unindexed = perSecond["falsefalse"] ?? 0
    print(
      "  final indexes vs none: ratio \(format((perSecond["truefalse"] ?? 0) / max(unindexed, 1), digits: 2))"
        + " (target ≥ 0.8); every index on the open partition vs none: ratio "
        + format((perSecond["truetrue"] ?? 0) / max(unindexed, 1), digits: 2))
  }

  /// `--scale N`: the scale benchmark alone, printed round by round, then the growth from N to 4N.
  private func runScale(events: Int) throws {
    guard events >= 1_000 else { throw CommandError("--scale: at least 1000 events") }
    let scratch = try ScratchDatabase.recreate(on: database.locator.target().configuration)
    let connection = try Connection(configuration: scratch)
    defer { connection.close() }
    _ = try MigrationRunner(source: MigrationSource.builtIn()).migrate(on: connection)
    let catalog = try CatalogLoader.load(from: connection)
    print("spoor bench --scale \(events): events over 30 days in 4 tables, then 4× that; hunts windowed as --since")
    let rounds = try ScaleBenchmark(events: events).run(configuration: scratch, catalog: catalog) { round in
      print("")
      print(
        "\(round.events) events: ingest \(Int(round.rowsPerSecond)) rows/s with the final indexes "
          + "(\(round.loaded) rows in \(format(round.ingestSeconds)) s); closing the days (trigram indexes) "
          + "\(format(round.closeSeconds)) s; \(Int(round.bytesPerEvent)) bytes/event on disk")
      for figures in round.hunts {
        print(
          "  \(figures.hunt) over \(figures.window): \(format(figures.milliseconds)) ms, partitions scanned "
            + "\(figures.scanned), pruned \(figures.pruned)")
      }
    }
    guard rounds.count == 2 else { return }
    print("")
    // Both rounds spread their events over the same 30 days, so every window holds 4× the rows in the second.
    print(
      "Growth from \(rounds[0].events) to \(rounds[1].events) events (latency ratio; each window holds 4× the rows, "
        + "so ≈ 4 grows with the window alone):")
    for (small, large) in zip(rounds[0].hunts, rounds[1].hunts) {
      print(
        "  \(small.hunt) over \(small.window): ×\(format(large.milliseconds / max(small.milliseconds, 0.001), digits: 2))"
      )
    }
  }

  private func format(_ value: Double, digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
  }
}
