import SpoorEngine
import SpoorFormats
import SpoorPlan
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorIngest

/// `--from sysmon` fills each row's initiating-process columns from its process's creation event (issue 18), whatever
/// the order the events arrive in: same batch, a later batch, a later load, over parallel connections.
@Suite("Initiating-process fill")
struct ProcessLineageTests {
  static let parent = "{AAAA0000-0000-0000-0000-000000000001}"
  static let grandparent = "{AAAA0000-0000-0000-0000-000000000000}"
  static let orphan = "{AAAA0000-0000-0000-0000-0000000000FF}"

  /// One Sysmon event as an NDJSON line.
  static func event(_ id: Int, _ values: [String: String]) -> String {
    var members = [#""EventID": \#(id)"#, #""Computer": "host-1""#]
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
      members.append(JSONText.quote(name) + ": " + JSONText.quote(value))
    }
    return "{" + members.joined(separator: ", ") + "}"
  }

  /// The creation event of the process every other event below belongs to.
  static let creation = event(
    1,
    [
      "UtcTime": "2024-05-01 10:00:00.000", "ProcessGuid": parent, "ParentProcessGuid": grandparent,
      "ProcessId": "20", "Image": #"C:\Tools\p.exe"#, "CommandLine": "p.exe --run", "ParentProcessId": "10",
      "ParentImage": #"C:\Windows\g.exe"#, "ParentCommandLine": "g.exe /start", "User": #"CORP\alice"#,
      "IntegrityLevel": "High", "LogonId": "0x3e7", "Hashes": "SHA1=AA11,MD5=BB22,SHA256=CC33",
      "Description": "P tool", "Product": "P product", "Company": "P corp",
    ])

  /// Events the process caused, each naming only what Sysmon writes on it.
  static let children = [
    event(
      3,
      [
        "UtcTime": "2024-05-01 10:00:01.000", "ProcessGuid": parent, "ProcessId": "20", "Image": #"C:\Tools\p.exe"#,
        "Initiated": "true", "Protocol": "tcp", "SourceIp": "10.0.0.1", "DestinationIp": "1.2.3.4",
      ]),
    event(
      7,
      [
        "UtcTime": "2024-05-01 10:00:02.000", "ProcessGuid": parent, "ProcessId": "20", "Image": #"C:\Tools\p.exe"#,
        "ImageLoaded": #"C:\Python\python311.dll"#, "Description": "Python Core", "Product": "Python",
      ]),
    event(
      11,
      [
        "UtcTime": "2024-05-01 10:00:03.000", "ProcessGuid": parent, "ProcessId": "20", "Image": #"C:\Tools\p.exe"#,
        "TargetFilename": #"C:\Temp\out.txt"#,
      ]),
  ]

  /// An event whose process's creation event is not in the data.
  static let orphanEvent = event(
    11,
    [
      "UtcTime": "2024-05-01 10:00:04.000", "ProcessGuid": orphan, "ProcessId": "99", "Image": #"C:\x.exe"#,
      "TargetFilename": #"C:\Temp\orphan.txt"#,
    ])

  static func defenderRows(_ connection: Connection) throws -> [[String?]] {
    var rows: [[String?]] = []
    for table in ["DeviceNetworkEvents", "DeviceImageLoadEvents", "DeviceFileEvents"] {
      rows += try connection.execute(
        """
        SELECT '\(table)', "InitiatingProcessCommandLine", "InitiatingProcessParentFileName",
          "InitiatingProcessParentId"::text, "InitiatingProcessSHA1", "InitiatingProcessIntegrityLevel",
          ("InitiatingProcessCreationTime" AT TIME ZONE 'UTC')::text, "InitiatingProcessAccountName",
          "InitiatingProcessVersionInfoFileDescription"
        FROM "\(table)" ORDER BY "Timestamp"
        """
      ).rows.map(\.values)
    }
    return rows
  }

  static func xdrRows(_ connection: Connection) throws -> [[String?]] {
    try connection.execute(
      """
      SELECT event_type, actor_process_command_line, actor_process_integrity_level::text, actor_process_image_sha256,
        actor_process_signature_product, causality_actor_process_image_path, causality_actor_process_command_line,
        causality_actor_process_os_pid::text, actor_process_execution_time::text
      FROM xdr_data WHERE event_type <> 'PROCESS' ORDER BY _time
      """
    ).rows.map(\.values)
  }

  static let expectedDefender: [[String?]] = [
    [
      "DeviceNetworkEvents", "p.exe --run", "g.exe", "10", "aa11", "High", "2024-05-01 10:00:00", "alice", "P tool",
    ],
    [
      "DeviceImageLoadEvents", "p.exe --run", "g.exe", "10", "aa11", "High", "2024-05-01 10:00:00", "alice",
      "Python Core",
    ],
    [
      "DeviceFileEvents", "p.exe --run", "g.exe", "10", "aa11", "High", "2024-05-01 10:00:00", "alice", "P tool",
    ],
  ]

  static let expectedXDR: [[String?]] = [
    [
      "NETWORK", "p.exe --run", "12288", "cc33", "P product", #"C:\Windows\g.exe"#, "g.exe /start", "10",
      "1714557600000",
    ],
    [
      "LOAD_IMAGE", "p.exe --run", "12288", "cc33", "Python", #"C:\Windows\g.exe"#, "g.exe /start", "10",
      "1714557600000",
    ],
    ["FILE", "p.exe --run", "12288", "cc33", "P product", #"C:\Windows\g.exe"#, "g.exe /start", "10", "1714557600000"],
  ]

  /// How the events arrive: the order of the lines, how they are cut into loads, batch size and connections.
  struct Arrival: Sendable, CustomTestStringConvertible {
    var name: String
    /// Each inner array is one `spoor ingest` of its lines.
    var loads: [[String]]
    var batchSize = 10_000
    var jobs = 1
    var testDescription: String { name }
  }

  static let arrivals: [Arrival] = [
    Arrival(name: "parent first, same batch", loads: [[creation] + children]),
    Arrival(name: "children first, same batch", loads: [children + [creation]]),
    Arrival(name: "children first, later batch", loads: [children + [creation]], batchSize: 1),
    Arrival(
      name: "children first, later batch, two connections", loads: [children + [creation]], batchSize: 1, jobs: 2),
    Arrival(name: "parent in an earlier load", loads: [[creation], children]),
    Arrival(name: "children in an earlier load", loads: [children, [creation]]),
  ]

  @Test(arguments: arrivals)
  func initiatingProcessColumnsComeFromTheCreationEvent(arrival: Arrival) throws {
    let connection = try IngesterTests.connect("lineage_\(Self.arrivals.firstIndex { $0.name == arrival.name }!)")
    let directory = try TemporaryDirectory()
    for (index, lines) in arrival.loads.enumerated() {
      let path = try directory.write("load\(index).ndjson", (lines + [Self.orphanEvent]).joined(separator: "\n"))
      let (summary, rejects) = try IngesterTests.ingest(
        connection, table: nil, paths: [path],
        options: IngestOptions(sysmon: .both, batchSize: arrival.batchSize, jobs: arrival.jobs))
      #expect(rejects.isEmpty, "\(rejects)")
      #expect(summary.loaded == lines.count + 1)
    }
    let orphans = arrival.loads.count
    let defender = try Self.defenderRows(connection)
    #expect(defender.filter { $0[6] != nil } == Self.expectedDefender)
    // The orphan's rows stay as the event gave them.
    #expect(
      defender.filter { $0[6] == nil }
        == Array(repeating: ["DeviceFileEvents", "", "", nil, "", "", nil, "", ""], count: orphans))
    let xdr = try Self.xdrRows(connection)
    #expect(xdr.filter { $0[8] != nil } == Self.expectedXDR)
    #expect(
      xdr.filter { $0[8] == nil }
        == Array(repeating: ["FILE", nil, nil, nil, nil, nil, nil, nil, nil], count: orphans))
  }

  @Test func aProcessStartTakesItsParentsCreationEvent() throws {
    let connection = try IngesterTests.connect("lineage_process_start")
    let child = Self.event(
      1,
      [
        "UtcTime": "2024-05-01 10:00:05.000", "ProcessGuid": "{AAAA0000-0000-0000-0000-000000000002}",
        "ParentProcessGuid": Self.parent, "ProcessId": "30", "Image": #"C:\Windows\cmd.exe"#, "CommandLine": "cmd /c x",
        "ParentImage": #"C:\Tools\p.exe"#, "ParentCommandLine": "p.exe --run", "ParentProcessId": "20",
      ])
    let directory = try TemporaryDirectory()
    let path = try directory.write("p.ndjson", [child, Self.creation].joined(separator: "\n"))
    _ = try IngesterTests.ingest(connection, table: nil, paths: [path], options: IngestOptions(sysmon: .both))
    let defender = try connection.execute(
      """
      SELECT "FileName", "InitiatingProcessCommandLine", "InitiatingProcessParentFileName",
        "InitiatingProcessParentId"::text, "InitiatingProcessSHA1", ("InitiatingProcessCreationTime" AT TIME ZONE 'UTC')::text
      FROM "DeviceProcessEvents" ORDER BY "Timestamp"
      """
    ).rows.map(\.values)
    #expect(
      defender == [
        ["p.exe", "g.exe /start", "", nil, "", nil],
        ["cmd.exe", "p.exe --run", "g.exe", "10", "aa11", "2024-05-01 10:00:00"],
      ])
    let xdr = try connection.execute(
      """
      SELECT action_process_image_name, actor_process_image_sha256, actor_process_integrity_level::text,
        causality_actor_process_command_line
      FROM xdr_data ORDER BY _time
      """
    ).rows.map(\.values)
    #expect(xdr == [["p.exe", nil, nil, nil], ["cmd.exe", "cc33", "12288", nil]])
  }
}
