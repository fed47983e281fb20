import SpoorEngine
import SpoorFormats
import SpoorPlan
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

@Suite("Ingest through COPY")
struct IngesterTests {
  static func connect(_ name: String) throws -> Connection {
    try Connection(configuration: TestDatabase.makeDatabase(named: name))
  }

  static func count(_ connection: Connection, _ table: String, where condition: String = "true") throws -> Int {
    let result = try connection.execute("SELECT count(*) FROM \"\(table)\" WHERE \(condition)")
    return Int(result.rows[0][0] ?? "") ?? -1
  }

  static func ingest(
    _ connection: Connection, table: String?, paths: [String], options: IngestOptions = IngestOptions()
  ) throws -> (IngestSummary, [IngestReject]) {
    var ingester = Ingester(connection: connection, options: options)
    var rejects: [IngestReject] = []
    ingester.onReject = { rejects.append($0) }
    let summary = try ingester.ingest(table: table, paths: paths)
    #expect(summary.isBalanced)
    return (summary, rejects)
  }

  @Test func aBadLineInTheMiddleIsRejectedAndTheRestLoads() throws {
    let connection = try Self.connect("ingest_bad_line")
    let directory = try TemporaryDirectory()
    let lines = [
      #"{"Timestamp": "2024-01-01T00:00:00Z", "DeviceName": "a", "ProcessId": 1}"#,
      #"{"Timestamp": "2024-01-01T00:00:01Z", "DeviceName": "b", "ProcessId": 2}"#,
      #"{"Timestamp": "not a time", "DeviceName": "c", "ProcessId": 3}"#,
      #"{"Timestamp": "2024-01-01T00:00:03Z", "DeviceName": "d", "ProcessId": 4}"#,
      #"{"Timestamp": "2024-01-01T00:00:04Z", "DeviceName": "e", "ProcessId": 5}"#,
    ]
    let path = try directory.write("events.ndjson", lines.joined(separator: "\n") + "\n")
    let (summary, rejects) = try Self.ingest(
      connection, table: "DeviceProcessEvents", paths: [path], options: IngestOptions(batchSize: 2))
    #expect(summary.read == 5)
    #expect(summary.loaded == 4)
    #expect(summary.rejected == 1)
    #expect(summary.rowsPerTable["DeviceProcessEvents"] == 4)
    #expect(try Self.count(connection, "DeviceProcessEvents") == 4)
    #expect(try Self.count(connection, "DeviceProcessEvents", where: "\"DeviceName\" = 'c'") == 0)
    #expect(rejects.map(\.description) == ["\(path):3: Timestamp: not an ISO 8601 timestamp: \"not a time\""])
    let rejectFile = try #require(directory.read(path + ".rejects"))
    #expect(rejectFile == "\(path):3: Timestamp: not an ISO 8601 timestamp: \"not a time\"\n\(lines[2])\n")
    #expect(summary.rejectFiles == [path + ".rejects"])
  }

  @Test func everyRejectReasonIsReportedWithItsLine() throws {
    let connection = try Self.connect("ingest_reasons")
    let directory = try TemporaryDirectory()
    let lines = [
      #"{"DeviceName": "ok"}"#,
      #"{"DeviceName": "x""#,
      #"{"DeviceNme": "x"}"#,
      #"{"ProcessId": "twelve"}"#,
      #"{"ProcessId": true}"#,
      #"{"DeviceName": "a", "DeviceName": "b"}"#,
      #"{"IsProcessRemoteSession": "maybe"}"#,
    ]
    let path = try directory.write("reasons.ndjson", lines.joined(separator: "\r\n"))
    let rejectsPath = directory.path + "/custom.rejects"
    let (summary, rejects) = try Self.ingest(
      connection, table: "DeviceProcessEvents", paths: [path], options: IngestOptions(rejectsPath: rejectsPath))
    #expect(summary.loaded == 1)
    #expect(summary.rejected == 6)
    #expect(
      rejects.map(\.description) == [
        "\(path):2: malformed JSON: unexpected end of line, expected ',' or '}'",
        "\(path):3: DeviceNme: unknown field in DeviceProcessEvents; did you mean 'DeviceName'?",
        "\(path):4: ProcessId: not an integer: \"twelve\"",
        "\(path):5: ProcessId: expected an integer, got a boolean",
        "\(path):6: DeviceName: field appears more than once",
        "\(path):7: IsProcessRemoteSession: not a boolean (true, false, 1 or 0): \"maybe\"",
      ])
    #expect(directory.read(rejectsPath)?.contains("\(path):4: ProcessId") == true)
    #expect(directory.read(path + ".rejects") == nil)
  }

  @Test func unknownFieldsCanBeDropped() throws {
    let connection = try Self.connect("ingest_ignore_unknown")
    let directory = try TemporaryDirectory()
    let path = try directory.write("x.ndjson", #"{"DeviceName": "a", "Extra": 1}"# + "\n")
    let (summary, _) = try Self.ingest(
      connection, table: "DeviceProcessEvents", paths: [path], options: IngestOptions(ignoreUnknown: true))
    #expect(summary.loaded == 1)
    #expect(try Self.count(connection, "DeviceProcessEvents", where: "\"DeviceName\" = 'a'") == 1)
  }

  @Test func valuesArriveAsConverted() throws {
    let connection = try Self.connect("ingest_values")
    let directory = try TemporaryDirectory()
    let long = String(repeating: "ü\\\t\n", count: 300_000)
    let line =
      #"{"Timestamp": "2024-01-01T02:00:00+02:00", "DeviceName": "Grüße ✓ 日本", "ProcessId": "0x3e7", "#
      + #""ProcessCommandLine": "# + JSONText.quote(long) + #", "IsProcessRemoteSession": 1}"#
    let path = try directory.write("values.ndjson", line)
    let (summary, _) = try Self.ingest(connection, table: "DeviceProcessEvents", paths: [path])
    #expect(summary.loaded == 1)
    let row = try connection.execute(
      """
      SELECT "Timestamp" = '2024-01-01T00:00:00Z', "DeviceName", "ProcessId", "ProcessCommandLine",
             "IsProcessRemoteSession", "FileName", "FileSize" IS NULL, "TimeGenerated" = "Timestamp"
      FROM "DeviceProcessEvents"
      """
    ).rows[0]
    #expect(row[0] == "t")
    #expect(row[1] == "Grüße ✓ 日本")
    #expect(row[2] == "999")
    #expect(row[3] == long)
    #expect(row[4] == "t")
    #expect(row[5] == "")
    #expect(row[6] == "t")
    #expect(row[7] == "t")
  }

  @Test func csvWithCRLFAndJSONColumns() throws {
    let connection = try Self.connect("ingest_csv")
    let directory = try TemporaryDirectory()
    let text =
      "_time,agent_hostname,event_type,_tag,action_remote_port,action_network_success\r\n"
      + "2024-05-01 10:00:00,host-1,NETWORK,\"{\"\"a\"\": [1]}\",443,true\r\n"
      + "2024-05-01 10:00:01,,NETWORK,,,\r\n"
    let path = try directory.write("xdr.csv", text)
    let (summary, _) = try Self.ingest(connection, table: "xdr_data", paths: [path])
    #expect(summary.loaded == 2)
    let rows = try connection.execute(
      "SELECT agent_hostname, _tag ->> 'a', action_remote_port, action_network_success FROM xdr_data ORDER BY _time"
    ).rows
    #expect(rows.map(\.values) == [["host-1", "[1]", "443", "t"], ["", nil, nil, nil]])
  }

  @Test func emptyFilesLoadNothing() throws {
    let connection = try Self.connect("ingest_empty")
    let directory = try TemporaryDirectory()
    let ndjson = try directory.write("empty.ndjson", "")
    let csv = try directory.write("empty.csv", "")
    let (summary, _) = try Self.ingest(connection, table: "DeviceEvents", paths: [ndjson, csv])
    #expect(summary.read == 0)
    #expect(summary.loaded == 0)
    #expect(summary.rejectFiles.isEmpty)
  }

  @Test func rowsTheDatabaseRefusesAreFoundAndRejected() throws {
    let connection = try Self.connect("ingest_server_refusal")
    try connection.executeScript(
      #"ALTER TABLE "DeviceEvents" ADD CONSTRAINT no_evil CHECK ("DeviceName" <> 'evil')"#)
    let directory = try TemporaryDirectory()
    let names = ["a", "b", "evil", "c", "d", "e", "evil", "f"]
    let path = try directory.write(
      "x.ndjson", names.map { #"{"DeviceName": "\#($0)"}"# }.joined(separator: "\n"))
    let (summary, rejects) = try Self.ingest(
      connection, table: "DeviceEvents", paths: [path], options: IngestOptions(batchSize: 5))
    #expect(summary.loaded == 6)
    #expect(summary.rejected == 2)
    #expect(rejects.map(\.line) == [3, 7])
    #expect(rejects.allSatisfy { $0.reason.message.hasPrefix("refused by the database: ") })
    #expect(try Self.count(connection, "DeviceEvents") == 6)
  }

  @Test func csvRecordsAreConvertedRejectedAndRefusedAsNamedFieldsAre() throws {
    let connection = try Self.connect("ingest_csv_direct")
    try connection.executeScript(
      #"ALTER TABLE "DeviceEvents" ADD CONSTRAINT no_evil CHECK ("DeviceName" <> 'evil')"#)
    let directory = try TemporaryDirectory()
    let lines = [
      "DeviceName,Timestamp", "a,2024-01-01T00:00:00Z", "b,", "evil,2024-01-01T00:00:02Z", "c,not a time",
      "d,2024-01-01T00:00:04+01:00", "e,f,g", "evil,", "\"h", "i\", 2024-01-01 00:00:09 ", "back\\slash\ttab,",
    ]
    let path = try directory.write("events.csv", lines.joined(separator: "\r\n"))
    let (summary, rejects) = try Self.ingest(
      connection, table: "DeviceEvents", paths: [path], options: IngestOptions(batchSize: 4))
    #expect(summary.read == 9)
    #expect(summary.loaded == 5)
    #expect(rejects.map(\.line) == [4, 5, 7, 8])
    #expect(rejects[0].reason.message.hasPrefix("refused by the database: "))
    #expect(rejects[1].description == "\(path):5: Timestamp: not an ISO 8601 timestamp: \"not a time\"")
    #expect(rejects[2].description == "\(path):7: record has 3 fields, the header has 2")
    #expect(rejects[3].source == Array("evil,".utf8))
    let rows = try connection.execute(
      #"SELECT "DeviceName", extract(epoch FROM "Timestamp")::bigint FROM "DeviceEvents" ORDER BY "DeviceName""#
    ).rows
    #expect(
      rows.map(\.values) == [
        ["a", "1704067200"], ["b", nil], ["back\\slash\ttab", nil], ["d", "1704063604"], ["h\r\ni", "1704067209"],
      ])
  }

  @Test func unknownTablesAreRefusedWithASuggestion() throws {
    let connection = try Self.connect("ingest_unknown_table")
    let ingester = Ingester(connection: connection, options: IngestOptions())
    #expect(throws: IngestError.unknownTable(name: "DeviceProcesEvents", help: "did you mean 'DeviceProcessEvents'?")) {
      try ingester.ingest(table: "DeviceProcesEvents", paths: [])
    }
  }

  @Test func partitionsAreNeitherLoadedByNameNorSuggested() throws {
    let connection = try Self.connect("ingest_partition_names")
    let ingester = Ingester(connection: connection, options: IngestOptions())
    let partition = try #require(
      try connection.execute("SELECT spoor.partition_name('DeviceProcessEvents', now(), '1 day')").rows.first?[0])
    for name in [partition, "DeviceProcessEvents_default", "DeviceProcessEvents_defaul"] {
      do {
        _ = try ingester.describeTable(name)
        Issue.record("\(name) was described")
      } catch IngestError.unknownTable(_, let help) {
        #expect(!(help ?? "").contains("_default") && !(help ?? "").contains("_p20"), "\(name): \(help ?? "")")
      }
    }
  }

  @Test func generatedAndBookkeepingColumnsAreNeverLoaded() throws {
    let connection = try Self.connect("ingest_describe")
    let table = try Ingester(connection: connection, options: IngestOptions()).describeTable("DeviceProcessEvents")
    let names = table.columns.map(\.name)
    #expect(!names.contains("TimeGenerated"))
    #expect(!names.contains { $0.hasPrefix("_spoor_") })
    #expect(names.contains("Timestamp"))
    #expect(table.columns.first { $0.name == "DeviceName" }?.isNullable == false)
  }
}
