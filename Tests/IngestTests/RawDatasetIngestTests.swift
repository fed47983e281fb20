import SpoorCatalog
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// `spoor ingest --dataset NAME`: any NDJSON into an XQL raw dataset (`migrations/0053_raw_datasets.sql`), which
/// XQL then queries through the catalog loaded from the database, with no code change for a new dataset.
@Suite("Ingest into XQL raw datasets")
struct RawDatasetIngestTests {
  /// The clock queries are emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let firewall = [
    #"{"time_generated": "2026-01-01T00:01:00Z", "action": "deny", "source_ip": "10.0.0.5", "dest_port": 445}"#,
    #"{"action": "allow", "source_ip": "10.0.0.6", "dest_port": 443, "rule": {"name": "web"}}"#,
    #"{"_time": "2026-01-01T00:03:00Z", "time": "2020-01-01T00:00:00Z", "action": "deny", "source_ip": "10.0.0.7"}"#,
    #"{"timestamp": "not a time", "TimeCreated": "2026-01-01T00:04:00Z", "action": "drop", "ok": true, "n": null}"#,
  ]

  func ingest(_ connection: Connection, dataset: String, lines: [String]) throws -> (IngestSummary, Bool) {
    let directory = try TemporaryDirectory()
    let path = try directory.write("\(dataset).ndjson", lines.joined(separator: "\n") + "\n")
    let ingester = Ingester(connection: connection, options: IngestOptions(batchSize: 3))
    let created = try ingester.prepareDataset(dataset)
    let summary = try ingester.ingest(table: dataset, paths: [path])
    #expect(summary.isBalanced)
    return (summary, created)
  }

  @Test("fields without a column go into the document, the line into _raw_log, the event time into _time")
  func knownDataset() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "raw_known"))
    defer { connection.close() }
    let before = try #require(try connection.execute("SELECT now()").rows.first?[0])
    let (summary, created) = try ingest(connection, dataset: "panw_ngfw_traffic_raw", lines: Self.firewall)
    #expect(!created)
    #expect(summary.loaded == 4 && summary.rejected == 0)
    let rows = try connection.execute(
      """
      SELECT _document::text, _raw_log, _time::text, _insert_time >= $1::timestamptz, _time >= $1::timestamptz
      FROM panw_ngfw_traffic_raw ORDER BY _document ->> 'source_ip' NULLS LAST
      """, [.text(before)]
    ).rows.map(\.values)
    #expect(
      rows == [
        [
          #"{"action": "deny", "dest_port": 445, "source_ip": "10.0.0.5", "time_generated": "2026-01-01T00:01:00Z"}"#,
          Self.firewall[0], "2026-01-01 00:01:00+00", "t", "f",
        ],
        [
          #"{"rule": {"name": "web"}, "action": "allow", "dest_port": 443, "source_ip": "10.0.0.6"}"#,
          Self.firewall[1], rows[1][2], "t", "t",
        ],
        [
          #"{"time": "2020-01-01T00:00:00Z", "action": "deny", "source_ip": "10.0.0.7"}"#, Self.firewall[2],
          "2026-01-01 00:03:00+00", "t", "f",
        ],
        [
          #"{"n": null, "ok": true, "action": "drop", "timestamp": "not a time", "TimeCreated": "2026-01-01T00:04:00Z"}"#,
          Self.firewall[3], "2026-01-01 00:04:00+00", "t", "f",
        ],
      ])
  }

  @Test("a new dataset is created on first ingest and XQL queries it through the loaded catalog")
  func newDataset() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "raw_new"))
    defer { connection.close() }
    #expect(try CatalogLoader.load(from: connection).table(named: "acme_vpn_raw") == nil)
    let lines = [
      #"{"@timestamp": "2026-01-01T00:02:00Z", "user": "alice", "result": "failure", "bytes": "120"}"#,
      #"{"@timestamp": "2026-01-01T00:03:00Z", "user": "alice", "result": "failure", "bytes": 80}"#,
      #"{"@timestamp": "2026-01-01T00:04:00Z", "user": "bob", "result": "success", "bytes": 5}"#,
    ]
    let (summary, created) = try ingest(connection, dataset: "acme_vpn_raw", lines: lines)
    #expect(created)
    #expect(summary.loaded == 3)
    let catalog = try CatalogLoader.load(from: connection)
    let table = try #require(catalog.table(named: "acme_vpn_raw"))
    #expect(table.documentColumn != nil && table.timeColumn?.name == "_time" && table.tracksIngest)
    let result = try TranslationHarness.run(
      """
      config timeframe = 1h
      | dataset = acme_vpn_raw
      | filter result = "FAILURE"
      | comp count() as failures, sum(to_integer(bytes)) as total, max(_time) as last by user
      """, language: .xql, now: Self.now, catalog: catalog, on: connection)
    #expect(result.columns == ["user", "failures", "total", "last"])
    #expect(result.rows == [["alice", "2", "200", "2026-01-01 00:03:00+00"]])
  }

  @Test("a dataset created by a user's own migration is queryable with no code change")
  func userMigration() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "raw_user"))
    defer { connection.close() }
    try connection.executeScript(
      """
      CREATE TABLE public.okta_sso_raw (LIKE spoor.raw_dataset_template INCLUDING DEFAULTS INCLUDING INDEXES,
        "outcome" text, "risk" integer);
      INSERT INTO public.okta_sso_raw (_time, outcome, risk, _document) VALUES
        ('2026-01-01 00:01:00+00', 'DENY', 80, '{"actor": "alice"}'),
        ('2026-01-01 00:02:00+00', 'ALLOW', 5, '{"actor": "bob"}');
      """)
    let catalog = try CatalogLoader.load(from: connection)
    let result = try TranslationHarness.run(
      "dataset = okta_sso_raw | filter risk > 50 | fields actor, outcome", language: .xql, now: Self.now,
      catalog: catalog, on: connection)
    #expect(result.rows == [["alice", "DENY"]])
  }

  @Test("names that cannot be datasets and tables that are not raw datasets are refused")
  func refusals() throws {
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "raw_refused"))
    defer { connection.close() }
    let ingester = Ingester(connection: connection, options: IngestOptions())
    #expect(throws: IngestError.invalidDatasetName("Bad-Name")) { try ingester.prepareDataset("Bad-Name") }
    #expect(throws: IngestError.invalidDatasetName("x\"; drop")) { try ingester.prepareDataset("x\"; drop") }
    #expect(throws: IngestError.notARawDataset("xdr_data")) { try ingester.prepareDataset("xdr_data") }
    #expect(Ingester.isValidDatasetName("cloud_audit_logs"))
    #expect(!Ingester.isValidDatasetName("9lives") && !Ingester.isValidDatasetName(""))
    #expect(!Ingester.isValidDatasetName(String(repeating: "a", count: 64)))
  }
}
