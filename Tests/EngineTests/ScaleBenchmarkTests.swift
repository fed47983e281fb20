import SpoorCatalog
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorEngine

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
      for figures in round.hunts {
        // Every window holds the current day, so every hunt reads at least that partition of each table it names.
        #expect(figures.scanned >= 1, "\(figures.hunt) over \(figures.window)")
        if figures.window != "7d" {
          #expect(figures.pruned > figures.scanned, "\(figures.hunt) over \(figures.window)")
        }
      }
    }
    // Nothing waits in a default partition: every event fell inside the partitions made for the 30 days.
    let waiting = try PartitionMaintenance.maintain(on: connection).filter { $0.action == "default_rows" }
    #expect(waiting.isEmpty, "\(waiting)")
  }

  /// A partition counts once whatever scan nodes read it, quoted or not; a scan never executed and an index do not.
  @Test func partitionsScannedCountEachPartitionOnce() {
    let plan = [
      "Append (actual rows=3 loops=1)",
      "  Subplans Removed: 30",
      "  ->  Bitmap Heap Scan on \"DeviceProcessEvents_p20261204\" \"DeviceProcessEvents_1\" (actual rows=1 loops=1)",
      "        ->  Bitmap Index Scan on \"DeviceProcessEvents_p20261204_ProcessCommandLine_idx\" (actual rows=1 loops=1)",
      "  ->  Seq Scan on xdr_data_p20261205 xdr_data_1 (actual rows=2 loops=1)",
      "  ->  Index Scan using xdr_data_p20261206_time_idx on xdr_data_p20261206 xdr_data_2 (never executed)",
    ]
    let names: Set = [
      "DeviceProcessEvents_p20261204", "DeviceProcessEvents_default", "xdr_data_p20261205", "xdr_data_p20261206",
    ]
    #expect(ScaleBenchmark.partitions(in: plan, of: names) == (scanned: 2, pruned: 2))
  }
}
