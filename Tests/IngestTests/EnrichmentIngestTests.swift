import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// The enrichment tables the KQL functions read load from CSV with `spoor ingest` like any other table.
@Suite("Enrichment ingest")
struct EnrichmentIngestTests {
  @Test func geoIPLoadsFromCSV() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "geoip.csv",
      """
      network,country,state,city,latitude,longitude
      20.53.203.0/24,Australia,New South Wales,Sydney,-33.86,151.2
      2a03:2880::/32,United States,California,Menlo Park,37.45,-122.18
      10.0.0.0/8,,,,,

      """)
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "enrichment_geoip"))
    let summary = try Ingester(connection: connection, options: IngestOptions(rejectsPath: path + ".rejects"))
      .ingest(table: "spoor.geoip", paths: [path])
    #expect(summary.isBalanced)
    let rows = try connection.execute(
      "SELECT network::text, country, city, latitude::text FROM spoor.geoip ORDER BY network"
    ).rows.map(\.values)
    #expect(
      rows == [
        ["10.0.0.0/8", "", "", nil], ["20.53.203.0/24", "Australia", "Sydney", "-33.86"],
        ["2a03:2880::/32", "United States", "Menlo Park", "37.45"],
      ])
  }

  @Test func fileProfilesLoadFromCSV() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "profiles.csv",
      """
      SHA1,SHA256,FileSize,GlobalPrevalence,GlobalFirstSeen,Signer,IsCertificateValid
      aaaa,a256,1024,17,2025-01-02T03:04:05Z,Contoso Ltd,true

      """)
    let connection = try Connection(configuration: TestDatabase.makeDatabase(named: "enrichment_file_profiles"))
    let summary = try Ingester(connection: connection, options: IngestOptions(rejectsPath: path + ".rejects"))
      .ingest(table: "spoor.file_profiles", paths: [path])
    #expect(summary.isBalanced)
    let rows = try connection.execute(
      #"""
      SELECT "SHA1", "FileSize"::text, "GlobalPrevalence"::text, ("GlobalFirstSeen" AT TIME ZONE 'UTC')::text,
        "Signer", "IsCertificateValid"::text, "MD5"
      FROM spoor.file_profiles
      """#
    ).rows.map(\.values)
    #expect(rows == [["aaaa", "1024", "17", "2025-01-02 03:04:05", "Contoso Ltd", "true", ""]])
  }
}
