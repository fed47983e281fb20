import Foundation
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

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
    try Self.expectEveryRowWithItsCreationEventFilled(connection)
  }

  /// Issue 18: no row is left without its process's command line when that process's creation event (with a command
  /// line) is in the data; the README's ingest section gives these counts.
  static func expectEveryRowWithItsCreationEventFilled(_ connection: Connection) throws {
    let creation = """
      EXISTS (SELECT 1 FROM "DeviceProcessEvents" AS p WHERE p."ProcessUniqueId" = t."InitiatingProcessUniqueId"
        AND p."DeviceId" = t."DeviceId" AND p."ProcessCommandLine" <> '')
      """
    var filled = 0
    for table in expected.keys.sorted() where table != "DeviceProcessEvents" {
      let counts = try connection.execute(
        #"SELECT count(*) FILTER (WHERE t."InitiatingProcessCommandLine" = ''), "#
          + #"count(*) FILTER (WHERE t."InitiatingProcessCommandLine" <> '') FROM "\#(table)" AS t WHERE \#(creation)"#
      ).rows[0]
      #expect(counts[0] == "0", "\(table): rows left empty though their process's creation event is stored")
      filled += Int(counts[1] ?? "") ?? 0
    }
    #expect(filled == 14_582)
    let xdr = try connection.execute(
      """
      SELECT count(*) FILTER (WHERE t.actor_process_command_line IS NULL),
        count(*) FILTER (WHERE t.actor_process_command_line IS NOT NULL)
      FROM xdr_data AS t
      WHERE t.event_type <> 'PROCESS' AND EXISTS (SELECT 1 FROM xdr_data AS p
        WHERE p.event_sub_type = 'PROCESS_START' AND p.action_process_instance_id = t.actor_process_instance_id
          AND p.agent_id = t.agent_id AND p.action_process_image_command_line <> '')
      """
    ).rows[0]
    #expect(xdr.values == ["0", "14582"])
  }
}
