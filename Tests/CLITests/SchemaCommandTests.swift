import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

/// `spoor schema`: every table of the references, the XQL datasets and presets with `--lang xql`, and `spoor ingest
/// --dataset` making a new dataset that `spoor schema` and `spoor query` see at once.
@Suite struct SchemaCommandTests {
  @Test func listsEveryTableAndTheXQLDatasets() throws {
    let url = SpoorBinary.conninfo(try TestDatabase.makeDatabase(named: "cli_schema"))
    let all = try SpoorProcess.run(["schema", "--database-url", url])
    #expect(all.status == 0, "\(all.standardError)")
    let tables = all.standardOutput.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
    #expect(tables.count == 81)
    for table in ["AlertEvidence", "BehaviorEntities", "SigninLogs", "Syslog", "xdr_data", "panw_ngfw_url_raw"] {
      #expect(tables.contains(table), "missing \(table)")
    }
    let xql = try SpoorProcess.run(["schema", "--database-url", url, "--lang", "xql"])
    #expect(xql.status == 0, "\(xql.standardError)")
    let lines = xql.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("xdr_data ") && $0.hasSuffix(" 865 columns") })
    #expect(
      lines.contains {
        $0.hasPrefix("panw_ngfw_traffic_raw ") && $0.hasSuffix("6 columns (raw dataset: other fields from _document)")
      })
    #expect(lines.contains { $0.hasPrefix("xdr_process ") && $0.hasSuffix("preset over xdr_data") })
    #expect(!lines.contains { $0.hasPrefix("DeviceProcessEvents") })
    let kql = try SpoorProcess.run(["schema", "--database-url", url, "--lang", "kql"])
    #expect(kql.standardOutput.split(separator: "\n").count == 66)
    let fields = try SpoorProcess.run(["schema", "--database-url", url, "--lang", "xql", "microsoft_windows_raw"])
    #expect(fields.standardOutput.contains("event_id"))
    #expect(fields.standardOutput.hasSuffix("string (from _document)\n"))
    let preset = try SpoorProcess.run(["schema", "--database-url", url, "--lang", "xql", "xdr_process"])
    #expect(preset.standardOutput.split(separator: "\n").count == 865)
  }

  @Test func ingestDatasetCreatesAQueryableDataset() throws {
    let url = SpoorBinary.conninfo(try TestDatabase.makeDatabase(named: "cli_dataset"))
    let input =
      #"{"ts": "2026-01-01T00:00:00Z", "timestamp": "2026-01-01T00:01:00Z", "verdict": "malicious", "host": "h1"}"#
    let ingest = try SpoorProcess.run(["ingest", "--database-url", url, "--dataset", "sandbox_raw", "-"], input: input)
    #expect(ingest.status == 0, "\(ingest.standardError) \(ingest.standardOutput)")
    #expect(ingest.standardError.contains("created raw dataset sandbox_raw"))
    let query = try SpoorProcess.run(
      ["query", "--database-url", url, "--format", "csv", "dataset = sandbox_raw | fields _time, host, verdict"])
    #expect(query.status == 0, "\(query.standardError)")
    #expect(query.standardOutput == "_time,host,verdict\r\n2026-01-01 00:01:00+00,h1,malicious\r\n")
    let refused = try SpoorProcess.run(["ingest", "--database-url", url, "--dataset", "Sandbox", "-"], input: input)
    #expect(refused.status != 0)
    #expect(refused.standardError.contains("invalid dataset name 'Sandbox'"))
  }
}
