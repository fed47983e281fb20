import Foundation
import SpoorEngine
import SpoorIngest
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The shipped hunts on the real Sysmon attack data set, ingested with the Sysmon mapping.
@Suite("The shipped hunts on the Sysmon data set")
struct SysmonHuntsTests {
  /// Hits per Sigma-derived hunt.
  ///
  /// The oracle is independent of Spoor: each rule's SQL from pySigma's SQLite
  /// backend (`corpus/sigma/sql/` of the shared corpus, Sigma field names) run in SQLite over the raw events of the rule's
  /// Sysmon EventIDs. The KQL and XQL conversions, translated by Spoor and run on the mapped tables, must agree.
  static let expectedHits: [String: Int] = [
    "sigma-hacktool-empire-powershell-launch": 16,
    "sigma-hacktool-impacket-lateral-movement": 9,
    "sigma-hacktool-mimikatz-execution": 4,
    "sigma-hacktool-mimikatz-kirbi-file-creation": 2,
    "sigma-lsass-dump-keyword-in-commandline": 8,
    "sigma-lsass-process-memory-dump-files": 6,
    "sigma-meterpreter-cobaltstrike-getsystem": 4,
    "sigma-mmc-spawning-windows-shell": 5,
    "sigma-network-connection-initiated-via-notepad": 12,
    "sigma-potentially-suspicious-rundll32-activity": 16,
    "sigma-scheduled-task-creation-via-schtasks": 8,
    "sigma-sticky-key-like-backdoor-registry": 7,
    "sigma-suspicious-powershell-with-base64": 12,
  ]

  @Test("one scheduled pass records every Sigma-derived hunt's true positives, each once")
  func sigmaHuntsFindTheAttacks() throws {
    let dataset = try TestData.sysmonEvents()
    let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("sysmon-\(UUID().uuidString).rejects")
      .path
    defer { try? FileManager.default.removeItem(atPath: rejects) }
    let fixture = try SchedulerFixture(named: "sched_sysmon")
    let connection = try fixture.connect()
    let summary = try Ingester(connection: connection, options: IngestOptions(sysmon: .both, rejectsPath: rejects))
      .ingest(table: nil, paths: [dataset])
    #expect(summary.rejected == 0)

    let library = try HuntLibrary.load(path: TestDatabase.packageRoot + "/queries")
    let scheduler = SchedulerFixture.scheduler(library.hunts)
    let outcomes = try scheduler.runPass(on: connection)
    #expect(outcomes.count == library.hunts.count)
    for outcome in outcomes {
      if case .failed(let summary, let error) = outcome { Issue.record("\(summary.huntID) failed: \(error)") }
    }
    for (hunt, expected) in Self.expectedHits.sorted(by: { $0.key < $1.key }) {
      let hits = try connection.execute(
        "SELECT count(*), count(DISTINCT hit_key) FROM spoor.hunt_hits WHERE hunt_id = $1", [.text(hunt)])
      #expect(hits.rows.first?[0] == "\(expected)", "\(hunt)")
      #expect(hits.rows.first?[1] == "\(expected)", "\(hunt)")
    }

    // A second pass over the same data finds nothing new: the windows are empty.
    let again = try scheduler.runPass(on: connection)
    #expect(again.allSatisfy { if case .succeeded(let summary) = $0 { summary.rows == 0 } else { false } })
  }
}
