import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// Inputs that crashed ingest or were misreported (issue 17, items 2 and 5): each one is refused with its reason
/// at its own line, and the rest of the file loads.
@Suite("Ingest faults")
struct IngestFaultTests {
  /// A line whose `dfe_labels` (jsonb) nests `levels` arrays (the line's object is one level more).
  static func nested(_ levels: Int, device: String) -> String {
    #"{"agent_hostname": "\#(device)", "dfe_labels": "# + String(repeating: "[", count: levels)
      + String(repeating: "]", count: levels) + "}"
  }

  @Test func jsonNestedTooDeepIsRejectedAndTheRestLoads() throws {
    let connection = try IngesterTests.connect("ingest_fault_depth")
    let directory = try TemporaryDirectory()
    let lines = [
      #"{"agent_hostname": "first"}"#,
      Self.nested(40_000, device: "deep"),
      Self.nested(JSONLineParser.maximumDepth - 1, device: "deepest allowed"),
      Self.nested(JSONLineParser.maximumDepth, device: "one too deep"),
      #"{"agent_hostname": "last"}"#,
    ]
    let path = try directory.write("deep.ndjson", lines.joined(separator: "\n") + "\n")
    let (summary, rejects) = try IngesterTests.ingest(connection, table: "xdr_data", paths: [path])
    #expect(summary.read == 5)
    #expect(summary.loaded == 3)
    #expect(
      rejects.map(\.description) == [
        "\(path):2: JSON nested more than 1000 levels deep at column 1041",
        "\(path):4: JSON nested more than 1000 levels deep at column 1049",
      ])
    let stored = try connection.execute(
      "SELECT agent_hostname, jsonb_typeof(dfe_labels) FROM xdr_data ORDER BY agent_hostname"
    ).rows.map(\.values)
    #expect(stored == [["deepest allowed", "array"], ["first", nil], ["last", nil]])
  }

  @Test func deepJSONTextForADynamicColumnIsRefusedNotACrash() {
    let column = IngestColumn(name: "AdditionalFields", type: .dynamic, postgresType: "jsonb", isNullable: true)
    let deep = String(repeating: "[", count: 40_000) + String(repeating: "]", count: 40_000)
    #expect(throws: IngestReject.Reason.self) { try ValueConverter.convert(.text(deep), to: column) }
  }

  @Test func anUnwritableRejectsPathStopsBeforeAnythingLoads() throws {
    let connection = try IngesterTests.connect("ingest_fault_rejects")
    let directory = try TemporaryDirectory()
    let path = try directory.write("x.ndjson", #"{"DeviceName": "a"}"# + "\n" + #"{"Nope": 1}"# + "\n")
    let rejectsPath = directory.path + "/missing-folder/x.rejects"
    #expect(throws: IngestError.cannotWriteRejects(path: rejectsPath, reason: "No such file or directory")) {
      _ = try IngesterTests.ingest(
        connection, table: "DeviceEvents", paths: [path], options: IngestOptions(rejectsPath: rejectsPath))
    }
    #expect(try IngesterTests.count(connection, "DeviceEvents") == 0)
    // A writable path is left as it was when nothing is rejected.
    let unused = directory.path + "/unused.rejects"
    let clean = try directory.write("clean.ndjson", #"{"DeviceName": "a"}"# + "\n")
    _ = try IngesterTests.ingest(
      connection, table: "DeviceEvents", paths: [clean], options: IngestOptions(rejectsPath: unused))
    #expect(directory.read(unused) == nil)
  }

  @Test func anUnclosedCSVQuoteIsReportedAtItsOwnLine() throws {
    let text = "DeviceName,ProcessId\n a,1\n\"b,2\nc,3\r\nd,4\n"
    let records = try RecordReaderTests.records(Array(text.utf8), .csv)
    #expect(records.map(\.0) == [2, 3, 4, 5])
    #expect(RecordReaderTests.fields(records[0].1)?["DeviceName"] == .text(" a"))
    guard case .failure(let reason) = records[1].1 else {
      Issue.record("line 3 should be refused")
      return
    }
    #expect(reason.message == "malformed CSV: a quoted field opened on this line is never closed")
    #expect(RecordReaderTests.fields(records[2].1)?["DeviceName"] == .text("c"))
    #expect(RecordReaderTests.fields(records[3].1)?["ProcessId"] == .text("4"))
  }

  @Test func anUnclosedCSVQuoteRefusesOneRecordAndTheRestLoad() throws {
    let connection = try IngesterTests.connect("ingest_fault_csv_quote")
    let directory = try TemporaryDirectory()
    let path = try directory.write("q.csv", "DeviceName,ProcessId\na,1\n\"b,2\nc,3\n")
    let (summary, rejects) = try IngesterTests.ingest(connection, table: "DeviceProcessEvents", paths: [path])
    #expect(summary.loaded == 2)
    #expect(
      rejects.map(\.description) == ["\(path):3: malformed CSV: a quoted field opened on this line is never closed"])
    #expect(rejects.first?.source == Array("\"b,2".utf8))
    #expect(try IngesterTests.count(connection, "DeviceProcessEvents") == 2)
  }

  @Test func aSysmonEventWithoutAnEventIDIsRejectedNotSkipped() throws {
    let connection = try IngesterTests.connect("ingest_fault_eventid")
    let directory = try TemporaryDirectory()
    let common = #""Computer": "host", "UtcTime": "2024-01-01 00:00:00.000", "Image": "C:\\a.exe""#
    let lines = [
      "{\(common), \"EventID\": 1}",
      "{\(common)}",
      "{\(common), \"EventID\": \"one\"}",
      "{\(common), \"EventID\": 10}",
    ]
    let path = try directory.write("s.ndjson", lines.joined(separator: "\n") + "\n")
    let (summary, rejects) = try IngesterTests.ingest(
      connection, table: nil, paths: [path], options: IngestOptions(sysmon: .defender))
    #expect(summary.read == 4)
    #expect(summary.loaded == 1)
    #expect(summary.skipped == 1)
    #expect(summary.skippedPerEventID == ["10": 1])
    #expect(
      rejects.map(\.description) == [
        "\(path):2: EventID: missing (a Sysmon event's EventID chooses its table)",
        "\(path):3: EventID: not an integer: \"one\"",
      ])
    #expect(summary.rejectedPerTable == ["sysmon": 2])
  }

  @Test func aJSONObjectForATextColumnIsStoredAsCompactJSON() throws {
    let connection = try IngesterTests.connect("ingest_fault_json_text")
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "j.ndjson", #"{"DeviceName": { "a" : [1, 2.5e1, true, null],  "b": "\u00e9\"" }, "ProcessId": 1}"# + "\n")
    _ = try IngesterTests.ingest(connection, table: "DeviceProcessEvents", paths: [path])
    let stored = try connection.execute(#"SELECT "DeviceName" FROM "DeviceProcessEvents""#).rows.map(\.values)
    #expect(stored == [[#"{"a":[1,2.5e1,true,null],"b":"é\""}"#]])
  }
}
