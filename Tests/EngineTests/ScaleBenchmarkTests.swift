import SpoorCatalog
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// `spoor bench --scale` at a tiny N: it loads every generated event, and every hunt's window prunes partitions.
/// (Times are printed by the benchmark, never asserted.)
@Suite struct ScaleBenchmarkTests {
  @Test func tinyScaleRunLoadsEverythingAndPrunes() throws {
    let configuration = try TestDatabase.makeDatabase(named: "scale_bench")
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    let catalog = try CatalogLoader.load(from: connection)
    let rounds = try ScaleBenchmark(events: 2_000, jobs: 1, repetitions: 1).run(
      configuration: configuration, catalog: catalog, report: { _ in })
    #expect(rounds.map(\.events) == [2_000, 8_000])
    let stored = try connection.execute(
      """
      SELECT (SELECT count(*) FROM "DeviceProcessEvents") + (SELECT count(*) FROM "DeviceNetworkEvents")
        + (SELECT count(*) FROM "DeviceFileEvents") + (SELECT count(*) FROM xdr_data)
      """
    ).rows.first?[0]
    #expect(stored == "8000")
    for round in rounds {
      #expect(round.bytesPerEvent > 0)
      #expect(round.hunts.count == ScaleBenchmark.hunts.count * ScaleBenchmark.windows.count)
      for figures in round.hunts where figures.window != "7d" {
        #expect(figures.pruned > figures.scanned, "\(figures.hunt) over \(figures.window)")
      }
    }
    // Nothing waits in a default partition: every event fell inside the partitions made for the 30 days.
    let waiting = try PartitionMaintenance.maintain(on: connection).filter { $0.action == "default_rows" }
    #expect(waiting.isEmpty, "\(waiting)")
  }
}
