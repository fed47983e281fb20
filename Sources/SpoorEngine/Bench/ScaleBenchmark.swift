import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorFormats
import SpoorIngest
import SpoorPlan
import SpoorPostgres

/// `spoor bench --scale N`: N generated events over the last 30 days across the main event tables, loaded with
/// `spoor ingest --jobs`, then six hunts over 1 h, 24 h and 7 d windows, and again after growing to 4N.
///
/// It reports ingest rows/s with the final indexes (the trigram GIN indexes of the closed days are built afterwards
/// by the partition maintenance, timed apart), bytes per event on disk, and each hunt's latency with the partitions
/// its plan scanned and pruned (a windowed hunt should grow with the rows in its window, not with the days pruned).
public struct ScaleBenchmark: Sendable {
  /// Events loaded in the first round; the second round adds three times as many.
  public var events: Int
  /// Connections the ingest loads through.
  public var jobs: Int
  /// Where the generated files are written (and deleted afterwards).
  public var workDirectory: String
  /// Runs per hunt and window; the median is kept.
  public var repetitions: Int

  /// Creates a benchmark.
  public init(events: Int, jobs: Int = 2, workDirectory: String = NSTemporaryDirectory(), repetitions: Int = 3) {
    self.events = events
    self.jobs = jobs
    self.workDirectory = workDirectory
    self.repetitions = repetitions
  }

  /// The share of the events each table gets, and the CSV columns generated for it.
  static let tables: [(name: String, share: Int, columns: [String])] = [
    (
      "DeviceProcessEvents", 40,
      [
        "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "ProcessCommandLine",
        "AccountName", "InitiatingProcessFileName", "InitiatingProcessCommandLine", "ReportId",
      ]
    ),
    (
      "DeviceNetworkEvents", 30,
      [
        "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl",
        "InitiatingProcessFileName", "InitiatingProcessCommandLine", "ReportId",
      ]
    ),
    (
      "DeviceFileEvents", 20,
      [
        "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "InitiatingProcessFileName",
        "InitiatingProcessCommandLine", "ReportId",
      ]
    ),
    (
      "xdr_data", 10,
      [
        "_time", "agent_id", "agent_hostname", "event_type", "event_sub_type", "action_process_image_command_line",
        "actor_process_image_path",
      ]
    ),
  ]

  /// The six hunts: each runs with the window as `--since` does (a bound on every scan's time column).
  public static let hunts: [(name: String, language: QueryLanguage, text: String)] = [
    (
      "encoded PowerShell (filter)", .kql,
      #"DeviceProcessEvents | where ProcessCommandLine contains "-enc" | project Timestamp, DeviceId, ProcessCommandLine"#
    ),
    ("connections per device (count)", .kql, "DeviceNetworkEvents | summarize Connections = count() by DeviceId"),
    ("distinct binaries per device (dcount)", .kql, "DeviceProcessEvents | summarize dcount(FileName) by DeviceId"),
    (
      "PowerShell and its HTTPS connections (join)", .kql,
      """
      DeviceProcessEvents | where FileName =~ "powershell.exe"
      | join kind=inner (DeviceNetworkEvents | where RemotePort == 443)
          on DeviceId, $left.FileName == $right.InitiatingProcessFileName
      | summarize count()
      """
    ),
    (
      "scripts written under user profiles (startswith)", .kql,
      #"DeviceFileEvents | where FolderPath startswith @"C:\Users\" and FileName endswith ".ps1" | count"#
    ),
    (
      "credential dumping (XQL)", .xql,
      #"dataset = xdr_data | filter event_type = ENUM.PROCESS and action_process_image_command_line contains "sekurlsa" | fields _time, agent_id"#
    ),
  ]

  /// The windows the hunts run over, in seconds.
  public static let windows: [(name: String, seconds: Int64)] = [("1h", 3_600), ("24h", 86_400), ("7d", 604_800)]

  /// One hunt over one window at one size.
  public struct HuntFigures: Sendable {
    /// The hunt's name.
    public var hunt: String
    /// The window's name.
    public var window: String
    /// Median latency, milliseconds.
    public var milliseconds: Double
    /// Partitions the plan scanned.
    public var scanned: Int
    /// Partitions pruned (`Subplans Removed`, and those never planned).
    public var pruned: Int
  }

  /// The figures of one size.
  public struct Round: Sendable {
    /// Events in the tables.
    public var events: Int
    /// Events loaded in this round, and how long the load took (seconds).
    public var loaded: Int
    /// Seconds the ingest took.
    public var ingestSeconds: Double
    /// Seconds the maintenance took to build the trigram indexes of the closed days.
    public var closeSeconds: Double
    /// Bytes on disk of the four tables (heap, TOAST and indexes of every partition), per event.
    public var bytesPerEvent: Double
    /// Each hunt over each window.
    public var hunts: [HuntFigures]

    /// Ingest rows per second with the final indexes.
    public var rowsPerSecond: Double { Double(loaded) / max(ingestSeconds, 1e-9) }
  }

  /// Runs both rounds in the (migrated, empty) database `configuration` names.
  public func run(configuration: ConnectionConfiguration, catalog: Catalog, report: (Round) -> Void) throws
    -> [Round]
  {
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    for table in Self.tables {
      try connection.executeScript("TRUNCATE public.\(SQLIdentifier.quoted(table.name))")
      _ = try connection.execute(
        "SELECT spoor.create_time_partition($1, now() - d * interval '1 day') FROM generate_series(0, 31) d",
        [.text(table.name)])
    }
    let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
    var rounds: [Round] = []
    var total = 0
    for (round, count) in [events, 3 * events].enumerated() {
      let round = try load(count, seed: round, now: now, on: connection, configuration: configuration)
      total += count
      let figures = try Round(
        events: total, loaded: count, ingestSeconds: round.ingest, closeSeconds: round.close,
        bytesPerEvent: Double(bytesOnDisk(connection)) / Double(max(total, 1)),
        hunts: measureHunts(catalog: catalog, on: connection))
      report(figures)
      rounds.append(figures)
    }
    return rounds
  }

  /// Generates `count` events over the 30 days before `now`, loads them, then runs the partition maintenance.
  private func load(
    _ count: Int, seed: Int, now: Int64, on connection: Connection, configuration: ConnectionConfiguration
  ) throws -> (ingest: Double, close: Double) {
    var files: [(table: String, path: String)] = []
    defer { for file in files { try? FileManager.default.removeItem(atPath: file.path) } }
    for table in Self.tables {
      let path = workDirectory + "/spoor-scale-\(ProcessInfo.processInfo.processIdentifier)-\(table.name).csv"
      try Self.generate(
        table: table.name, columns: table.columns, rows: count * table.share / 100, seed: seed,
        now: now, to: path)
      files.append((table.name, path))
    }
    try dropTrigramIndexes(on: connection)
    let clock = ContinuousClock()
    let ingest = try clock.measure {
      for file in files {
        _ = try Ingester(
          connection: connection, options: IngestOptions(format: .csv, batchSize: 10_000, jobs: jobs, force: true)
        ).ingest(table: file.table, paths: [file.path])
      }
    }
    let close = try clock.measure {
      _ = try PartitionMaintenance.maintain(on: connection, lockTimeoutMilliseconds: 600_000)
      for table in Self.tables { try connection.executeScript("ANALYZE public.\(SQLIdentifier.quoted(table.name))") }
    }
    return (Self.seconds(ingest), Self.seconds(close))
  }

  /// Drops the trigram GIN indexes an earlier round's maintenance built on the closed partitions.
  ///
  /// Every round then loads into what live ingest writes to: partitions with their btree indexes only; the
  /// maintenance after the load builds them again, timed as the round's close. Live telemetry fills the open
  /// partition and each day gets its trigram indexes once, when it closes; a late row for a closed day pays the GIN
  /// insert, the cost `spoor bench --only ingest` prints as "every index on the open partition".
  private func dropTrigramIndexes(on connection: Connection) throws {
    let indexes = try connection.execute(
      """
      SELECT quote_ident(ic.relname) FROM spoor.time_partitions p
      JOIN pg_catalog.pg_index i ON i.indrelid = format('public.%I', p.partition_name)::regclass
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_opclass o ON o.oid = i.indclass[0]
      WHERE p.table_name = ANY ($1) AND o.opcname = 'gin_trgm_ops'
      """, [.textArray(Self.tables.map(\.name))]
    ).rows.compactMap { $0[0] }
    // quote_ident of a name from the server's catalog, never user text.
    for index in indexes { try connection.executeScript("DROP INDEX public.\(index)") }
  }

  /// Writes one table's events as CSV: in time order over the 30 days before `now`, 1,000 devices.
  static func generate(table: String, columns: [String], rows: Int, seed: Int, now: Int64, to path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
    else { throw IngestError.cannotOpen(path: path, reason: "cannot create the benchmark file") }
    defer { try? handle.close() }
    let span: Int64 = 30 * 86_400_000_000
    let step = span / Int64(max(rows, 1))
    let images = [
      "cmd.exe", "powershell.exe", "rundll32.exe", "svchost.exe", "python.exe", "msiexec.exe", "chrome.exe",
    ]
    var buffer = Array((columns.joined(separator: ",") + "\n").utf8)
    for index in 0..<rows {
      let id = index * 4 + seed
      let time = TimestampParser.format(microseconds: now - span + Int64(index) * step + Int64(seed))
      let device = id * 7919 % 1_000
      let image = images[id % images.count]
      let parent = images[(id / 7) % images.count]
      let command = id % 89 == 0 ? "\(image) -nop -enc SQBFAFgA\(id)" : "\(image) /c task\(id % 5_000)"
      let line: String
      switch table {
      case "DeviceProcessEvents":
        line =
          "\(time),dev\(device),host-\(device).corp.example,ProcessCreated,\(image),C:\\Windows\\System32\\\(image),"
          + "\"\(command)\",user\(id % 300),\(parent),\(parent) -k netsvcs,\(id)"
      case "DeviceNetworkEvents":
        line =
          "\(time),dev\(device),host-\(device).corp.example,ConnectionSuccess,10.\(id % 250).\(id / 250 % 250).\(id % 7),"
          + "\(id % 4 == 0 ? 443 : 80),site\(id % 900).example.com,\(image),\"\(command)\",\(id)"
      case "DeviceFileEvents":
        let folder = id % 3 == 0 ? "C:\\Users\\user\(id % 300)\\AppData\\Local\\Temp" : "C:\\Windows\\Temp"
        let file = id % 11 == 0 ? "run\(id % 97).ps1" : "data\(id % 997).tmp"
        line =
          "\(time),dev\(device),host-\(device).corp.example,FileCreated,\(file),\(folder)\\\(file),\(image),"
          + "\"\(command)\",\(id)"
      default:
        let dump = id % 211 == 0 ? "mimikatz.exe sekurlsa::logonpasswords" : command
        line =
          "\(time),agent\(device),host-\(device),PROCESS,PROCESS_START,\"\(dump)\",C:\\Windows\\System32\\\(parent)"
      }
      buffer.append(contentsOf: line.utf8)
      buffer.append(0x0A)
      if buffer.count >= 1 << 20 {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
      }
    }
    handle.write(Data(buffer))
  }

  /// Bytes of every partition of the four tables: heap, TOAST and indexes.
  private func bytesOnDisk(_ connection: Connection) throws -> Int64 {
    let result = try connection.execute(
      """
      SELECT coalesce(sum(pg_total_relation_size(format('public.%I', partition_name)::regclass)), 0)::bigint
      FROM spoor.time_partitions WHERE table_name = ANY ($1)
      """, [.textArray(Self.tables.map(\.name))])
    return Int64(result.rows.first?[0] ?? "") ?? 0
  }

  /// Every hunt over every window: median latency, and the partitions its plan scanned and pruned.
  private func measureHunts(catalog: Catalog, on connection: Connection) throws -> [HuntFigures] {
    let compiler = Compiler(catalog: catalog)
    var figures: [HuntFigures] = []
    for hunt in Self.hunts {
      for window in Self.windows {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let compilation = compiler.compile(
          SourceText(name: hunt.name, text: hunt.text), language: hunt.language,
          options: CompileOptions(now: now, since: now - window.seconds * 1_000_000))
        guard let statement = compilation.statement, compilation.succeeded else {
          throw IngestError.database("benchmark: \(hunt.name) does not translate: \(compilation.diagnostics)")
        }
        let binds = PostgresBinding.postgresValues(statement.parameters)
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<max(repetitions, 1) {
          times.append(Self.seconds(try clock.measure { _ = try connection.execute(statement.text, binds) }) * 1_000)
        }
        let plan = try connection.execute(
          "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement.text, binds
        )
        .rows.compactMap { $0[0] }
        let (scanned, pruned) = Self.partitions(in: plan, of: try partitionNames(hunt.text, on: connection))
        figures.append(
          HuntFigures(
            hunt: hunt.name, window: window.name, milliseconds: times.sorted()[times.count / 2], scanned: scanned,
            pruned: pruned))
      }
    }
    return figures
  }

  /// The partitions of the benchmark's tables that `hunt` names.
  private func partitionNames(_ hunt: String, on connection: Connection) throws -> Set<String> {
    let names = Self.tables.map(\.name).filter { hunt.contains($0) }
    let result = try connection.execute(
      "SELECT partition_name FROM spoor.time_partitions WHERE table_name = ANY ($1)", [.textArray(names)])
    return Set(result.rows.compactMap { $0[0] })
  }

  /// The partitions of `partitions` an EXPLAIN ANALYZE text scanned, and how many it did not.
  ///
  /// A partition counts once however many scan nodes read it (a bitmap heap scan and its index scans, a partition
  /// read by both sides of a join), named quoted or not; a scan the executor never started does not count.
  static func partitions(in plan: [String], of partitions: Set<String>) -> (scanned: Int, pruned: Int) {
    var scanned: Set<String> = []
    for line in plan
    where line.contains("Scan") && !line.contains("Bitmap Index Scan")
      && !line.contains("(never executed)")
    {
      guard let on = line.range(of: " on ") else { continue }
      let relation = line[on.upperBound...].prefix { $0 != " " && $0 != "(" }
      let name = relation.hasPrefix("\"") ? String(relation.dropFirst().prefix { $0 != "\"" }) : String(relation)
      if partitions.contains(name) { scanned.insert(name) }
    }
    return (scanned.count, partitions.count - scanned.count)
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
