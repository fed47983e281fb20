import Foundation
import Logging
import SpoorEngine
import SpoorIngest
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Every SQL query of the Grafana board (`dashboards/spoor.json`) runs as `spoor_reader` on a migrated database
/// that holds hits, a failed run and an ingest made through the engine's own paths, and returns the columns its
/// panel plots (issue 15).
@Suite("Grafana board queries")
struct DashboardQueriesTests {
  /// What each panel's query must return: its columns in order, and whether the fixture gives it rows.
  static let expectations: [String: (columns: [String], hasRows: Bool)] = [
    "Hits in range": (["hits"], true),
    "Failed runs in range": (["failed_runs"], true),
    "Hunts failing now": (["failing_hunts"], true),
    "Largest ingest lag": (["lag_seconds"], true),
    "Hits over time by hunt": (["time", "metric", "hits"], true),
    "Top hunts": (["hunt", "hits"], true),
    "Failed runs": (["time", "hunt", "status", "attempt", "duration_seconds", "sqlstate", "error"], true),
    "Runs by status": (["time", "metric", "runs"], true),
    "Ingest lag": (["destination", "lag_seconds", "last_batch_at", "records", "sources", "incomplete_sources"], true),
    "Ingested records per hour": (["time", "metric", "records"], true),
    "Hunt health": (
      [
        "hunt", "last_status", "last_run_at", "hits", "hits_24h", "runs", "failed_runs", "consecutive_failures",
        "last_window_end", "next_due", "last_error",
      ], true
    ),
    "Scheduler lag": (
      ["hunt", "lag_seconds", "last_window_end", "next_due", "consecutive_failures", "backoff_until"], true
    ),
  ]

  /// One query of the board: a panel's target or a template variable.
  struct BoardQuery {
    var title: String
    var sql: String
  }

  static var board: [String: Any] {
    get throws {
      let url = URL(fileURLWithPath: TestDatabase.packageRoot + "/dashboards/spoor.json")
      let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
      return try #require(object as? [String: Any], "dashboards/spoor.json is not a JSON object")
    }
  }

  /// The panels' queries, each with its panel's title.
  static func panelQueries(_ board: [String: Any]) throws -> [BoardQuery] {
    let panels = try #require(board["panels"] as? [[String: Any]])
    return try panels.flatMap { panel in
      let title = try #require(panel["title"] as? String)
      let targets = try #require(panel["targets"] as? [[String: Any]], "panel \(title) has no targets")
      return try targets.map { BoardQuery(title: title, sql: try #require($0["rawSql"] as? String)) }
    }
  }

  /// Replaces the Grafana macros and the `$hunt` variable the board uses; any other macro fails the test.
  static func expand(_ sql: String, hunts: String) throws -> String {
    var text = sql
    let timeFilter = try Regex(#"\$__timeFilter\(([A-Za-z_"]+)\)"#)
    text = text.replacing(timeFilter) { match in
      let column = match.output[1].substring ?? ""
      return "\(column) BETWEEN '2000-01-01T00:00:00Z'::timestamptz AND now() + interval '1 day'"
    }
    text = text.replacingOccurrences(of: "$hunt", with: hunts)
    #expect(!text.contains("$"), "an unexpanded Grafana macro or variable in: \(sql)")
    return text
  }

  /// A migrated database with two hunts run by the scheduler (one with hits, one that fails) and one ingested
  /// file in the ingest ledger.
  static func populatedDatabase(named name: String) throws -> Connection {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: name))
    let directory = NSTemporaryDirectory() + "spoor-dashboard-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/events.ndjson"
    let lines = (1...3).map {
      #"{"Timestamp": "2026-01-01T00:00:0\#($0)Z", "DeviceName": "host-\#($0)", "FileName": "cmd.exe", "ProcessCommandLine": "mimikatz \#($0)", "ReportId": \#($0)}"#
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let summary = try Ingester(connection: connection, options: IngestOptions())
      .ingest(table: "DeviceProcessEvents", paths: [path])
    #expect(summary.loaded == 3)

    let good = Hunt(
      id: "mimikatz", title: "mimikatz", severity: .high, language: .kql,
      query: #"DeviceProcessEvents | where ProcessCommandLine contains "mimikatz""#)
    let broken = Hunt(
      id: "broken", title: "broken", severity: .low, language: .kql,
      query: "DeviceProcessEvents | where NoSuchColumn == 1")
    let configuration = SchedulerConfiguration(
      statementTimeoutMilliseconds: 30_000, backoffBase: HuntInterval(seconds: 60), lookbackOverride: .all,
      ignoresSchedule: true, schedulerName: "dashboard-test")
    let outcomes = try HuntScheduler(
      hunts: [good, broken], configuration: configuration, logger: Logger(label: "test.dashboard")
    ).runPass(on: connection)
    #expect(outcomes.count == 2)
    return connection
  }

  @Test("every panel and variable query runs as spoor_reader and returns its columns")
  func everyQueryRunsAsReader() throws {
    let board = try Self.board
    let connection = try Self.populatedDatabase(named: "dashboard_queries")
    defer { connection.close() }
    _ = try connection.execute("SET ROLE spoor_reader")
    #expect(try connection.execute("SELECT current_user").rows.first?[0] == "spoor_reader")

    let queries = try Self.panelQueries(board)
    #expect(Set(queries.map(\.title)) == Set(Self.expectations.keys), "panels and expectations differ")
    for query in queries {
      let expected = try #require(Self.expectations[query.title])
      for hunts in ["'__all'", "'mimikatz', 'broken'"] {
        let result = try connection.execute(try Self.expand(query.sql, hunts: hunts))
        #expect(result.columns.map(\.name) == expected.columns, "\(query.title)")
        if expected.hasRows {
          #expect(!result.rows.isEmpty, "\(query.title) returned no rows with $hunt = \(hunts)")
        }
      }
      // A hunt that matches nothing filters everything out, so the variable is really applied.
      if query.sql.contains("$hunt"), !query.title.hasSuffix("in range"), query.title != "Hunts failing now" {
        let none = try connection.execute(try Self.expand(query.sql, hunts: "'no-such-hunt'"))
        #expect(none.rows.isEmpty, "\(query.title) ignores $hunt")
      }
    }

    let templating = try #require(board["templating"] as? [String: Any])
    let variables = try #require(templating["list"] as? [[String: Any]])
    for variable in variables {
      let sql = try #require(variable["query"] as? String)
      let result = try connection.execute(sql)
      #expect(result.columns.count == 1)
      #expect(Set(result.rows.compactMap { $0[0] }) == ["broken", "mimikatz"])
    }
  }

  @Test("the numbers on the board are the fixture's: hits per hunt, the failed run, the ingest")
  func figures() throws {
    let connection = try Self.populatedDatabase(named: "dashboard_figures")
    defer { connection.close() }
    _ = try connection.execute("SET ROLE spoor_reader")
    let hits = try connection.execute("SELECT hunt_id, sum(hits)::bigint FROM spoor.hits_per_hour GROUP BY 1")
    let hitCells: [[String?]] = hits.rows.map { [$0[0], $0[1]] }
    #expect(hitCells == [["mimikatz", "3"]])
    let failed = try connection.execute("SELECT hunt_id, status, error FROM spoor.failed_runs")
    #expect(failed.rows.count == 1)
    #expect(failed.rows.first?[0] == "broken")
    #expect(failed.rows.first?[2]?.contains("NoSuchColumn") == true)
    let summary = try connection.execute(
      "SELECT hunt_id, hits, runs, failed_runs, last_status, consecutive_failures FROM spoor.hunt_summary ORDER BY 1")
    let summaryCells: [[String]] = summary.rows.map { row in (0..<6).map { row[$0] ?? "" } }
    #expect(
      summaryCells == [["broken", "0", "1", "1", "failed", "1"], ["mimikatz", "3", "1", "0", "succeeded", "0"]])
    let ingest = try connection.execute("SELECT destination, records, sources, lag_seconds >= 0 FROM spoor.ingest_lag")
    #expect(ingest.rows.count == 1)
    #expect(ingest.rows.first?[1] == "3")
    #expect(ingest.rows.first?[3] == "t")
    // The reader reads; it cannot write.
    #expect(throws: PostgresError.self) {
      _ = try connection.execute("DELETE FROM spoor.hunt_hits")
    }
  }

  @Test("the compose profile provisions the board and a data source whose uid the panels use")
  func provisioning() throws {
    let root = TestDatabase.packageRoot
    let compose = try String(contentsOfFile: root + "/docker-compose.yml", encoding: .utf8)
    #expect(compose.contains(#"profiles: ["dashboards"]"#))
    for line in compose.split(separator: "\n") where line.contains("- ./dashboards/") {
      let source = line.split(separator: ":")[0].replacingOccurrences(of: "- ./", with: "")
        .trimmingCharacters(in: .whitespaces)
      #expect(FileManager.default.fileExists(atPath: root + "/" + source), "compose mounts missing \(source)")
    }
    let datasource = try String(
      contentsOfFile: root + "/dashboards/provisioning/datasources/spoor.yaml", encoding: .utf8)
    #expect(datasource.contains("uid: spoor\n"))
    let board = try Self.board
    let panels = try #require(board["panels"] as? [[String: Any]])
    for panel in panels {
      let source = try #require(panel["datasource"] as? [String: Any])
      #expect(source["uid"] as? String == "spoor", "\(panel["title"] ?? "")")
    }
  }
}
