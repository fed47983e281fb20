import SpoorTestSupport
import Testing

/// `spoor ingest` as a user runs it: exit status, the rejects it echoes and the summary it prints.
@Suite("spoor ingest command")
struct IngestCommandTests {
  @Test func rejectsMakeTheExitStatusNonZeroUnlessAllowed() throws {
    let url = SpoorExecutable.databaseURL(try TestDatabase.makeDatabase(named: "ingest_cli"))
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "events.csv", "DeviceName,RemotePort\r\nhost-a,443\r\nhost-b,https\r\nhost-c,80\r\n")

    let refused = try SpoorExecutable.run(["ingest", "--database-url", url, "DeviceNetworkEvents", path])
    #expect(refused.status == 1)
    #expect(refused.error.contains("\(path):3: RemotePort: not an integer: \"https\""))
    #expect(refused.output.contains("read 3, loaded 2, rejected 1"))
    #expect(refused.output.contains("rejects written to \(path).rejects"))
    #expect(directory.read(path + ".rejects")?.hasSuffix("host-b,https\n") == true)

    // Run again, the file is not loaded twice; --force loads it again on purpose.
    let again = try SpoorExecutable.run(["ingest", "--database-url", url, "DeviceNetworkEvents", path])
    #expect(again.status == 0, "\(again.error)")
    #expect(again.output.contains("read 0, loaded 0, rejected 0"))
    #expect(again.output.contains("\(path): already loaded; --force loads it again"))

    let allowed = try SpoorExecutable.run([
      "ingest", "--database-url", url, "--allow-rejects", "--force", "DeviceNetworkEvents", path,
    ])
    #expect(allowed.status == 0)
    #expect(allowed.output.contains("read 3, loaded 2, rejected 1"))
  }

  @Test func sysmonSamplesLoadIntoEveryMappedTable() throws {
    let url = SpoorExecutable.databaseURL(try TestDatabase.makeDatabase(named: "ingest_cli_samples"))
    let samples = TestDatabase.packageRoot + "/samples"
    let result = try SpoorExecutable.run([
      "ingest", "--database-url", url, "--from", "sysmon", samples + "/otrf-sysmon.ndjson",
      samples + "/synthetic-sysmon.ndjson",
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("read 321, loaded 321, rejected 0"))
    for table in ["DeviceProcessEvents", "DeviceImageLoadEvents", "DeviceRegistryEvents", "xdr_data"] {
      #expect(result.output.contains(table))
    }
  }

  @Test func usageErrorsExitWithUsage() throws {
    let result = try SpoorExecutable.run(["ingest", "DeviceEvents"])
    #expect(result.status == 64)
    #expect(result.error.contains("give a table and at least one file"))
  }
}
