import Foundation
import SpoorEngine
import SpoorPostgres
import Testing

/// The hunt store's reads, with their filters, over hits and runs the scheduler recorded.
@Suite("The hunt store")
struct HuntStoreTests {
  @Test("hits are filtered by hunt, by age and by count, newest first; runs by hunt and by failure")
  func filters() throws {
    let fixture = try SchedulerFixture(named: "hunt_store_filters")
    let connection = try fixture.connect()
    defer { connection.close() }
    try SchedulerFixture.ingest(reportID: 1, command: "mimikatz", on: connection)
    try SchedulerFixture.ingest(reportID: 2, command: "rubeus mimikatz", on: connection)
    try SchedulerFixture.ingest(reportID: 3, command: "rubeus", on: connection)
    let broken = Hunt(
      id: "broken", title: "broken", severity: .low, language: .kql, schedule: HuntInterval(seconds: 3_600),
      query: "DeviceProcessEvents | where NoSuchColumn == 1")
    _ = try SchedulerFixture.scheduler([
      SchedulerFixture.hunt("creds", marker: "mimikatz"), SchedulerFixture.hunt("kerb", marker: "rubeus"), broken,
    ]).runPass(on: connection)
    // One hit ten days old.
    _ = try connection.execute(
      #"UPDATE spoor.hunt_hits SET detected_at = now() - interval '10 days' WHERE "row"->>'ReportId' = '1'"#)

    let store = HuntStore(connection: connection)
    func reportIDs(_ filter: HitFilter) throws -> [String] {
      try store.hits(filter).rows.compactMap { row in
        row["row"].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
          .flatMap { $0["ReportId"].map { "\(row["hunt_id"] ?? "")/\($0)" } }
      }
    }
    #expect(try reportIDs(HitFilter(huntID: "creds")).sorted() == ["creds/1", "creds/2"])
    #expect(try reportIDs(HitFilter(detectedWithin: 86_400_000_000)).sorted() == ["creds/2", "kerb/2", "kerb/3"])
    #expect(try reportIDs(HitFilter(limit: 1)).count == 1)
    #expect(try store.hitOverview().rows.count == 4)

    let runs = try store.runs(RunFilter())
    #expect(runs.rows.count == 3)
    let failed = try store.runs(RunFilter(failedOnly: true))
    #expect(failed.rows.map { $0["hunt_id"] } == ["broken"])
    #expect(failed.rows.first?["error"]?.contains("NoSuchColumn") == true)
    #expect(try store.runs(RunFilter(huntID: "kerb")).rows.map { $0["status"] } == ["succeeded"])
    #expect(try store.watermarks().rows.map { $0["hunt_id"] } == ["broken", "creds", "kerb"])
  }
}
