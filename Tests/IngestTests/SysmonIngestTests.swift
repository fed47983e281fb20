import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorEngine

@Suite("Sysmon dataset through --from sysmon")
struct SysmonIngestTests {
  /// The EventID counts of `datasets/sysmon/README.md`.
  static let expected: [String: Int] = [
    "DeviceProcessEvents": 3_502, "DeviceNetworkEvents": 2_595, "DeviceImageLoadEvents": 7_080,
    "DeviceFileEvents": 2_936, "DeviceRegistryEvents": 5_648 + 5_351 + 1, "DeviceEvents": 828,
  ]

  @Test func everyEventIsAccountedForAndTablesMatchTheReadme() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "ingest_sysmon"))
    // Rejects go to a temporary file, never beside the dataset.
    let rejectsPath = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sysmon-\(UUID().uuidString).rejects"
    ).path
    defer { try? FileManager.default.removeItem(atPath: rejectsPath) }
    var ingester = Ingester(connection: connection, options: IngestOptions(sysmon: .both, rejectsPath: rejectsPath))
    var rejects: [IngestReject] = []
    ingester.onReject = { rejects.append($0) }
    let summary = try ingester.ingest(table: nil, paths: [TestData.sysmonEvents()])
    #expect(rejects.isEmpty, "\(rejects.prefix(5).map(\.description))")
    #expect(summary.read == 27_941)
    #expect(summary.isBalanced)
    let defenderRows = Self.expected.keys.reduce(0) { $0 + (summary.rowsPerTable[$1] ?? 0) }
    #expect(defenderRows + summary.skipped + summary.rejected == 27_941)
    #expect(summary.rowsPerTable["xdr_data"] == summary.loaded)
    for (table, count) in Self.expected {
      #expect(summary.rowsPerTable[table] == count, "\(table)")
      let stored = try connection.execute("SELECT count(*) FROM \"\(table)\"").rows[0][0]
      #expect(stored == String(count), "\(table)")
    }
    let python = try connection.execute(
      """
      SELECT count(*) FROM "DeviceImageLoadEvents"
      WHERE "InitiatingProcessVersionInfoFileDescription" = 'Python Core' AND "FileName" ILIKE 'python%.dll'
      """
    ).rows[0][0]
    #expect((Int(python ?? "") ?? 0) > 0)
    let starts = try connection.execute(
      "SELECT count(*) FROM xdr_data WHERE event_type = 'PROCESS' AND event_sub_type = 'PROCESS_START'"
    ).rows[0][0]
    #expect(starts == "3502")
  }
}
