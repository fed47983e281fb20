import Foundation
import SpoorFormats
import SpoorPostgres

/// Measures `spoor ingest` against `psql \copy` on the same generated CSV file and table (DESIGN §9: target ≥ 1.0×).
///
/// Both loads start from an empty table; with ``withIndexes`` false the table's indexes (those of its partitions
/// too) are dropped for the measurement and recreated afterwards. The events fall in the current day, so they land in
/// the open time partition, as live telemetry does (`migrations/0120_time_partitions.sql`), which carries btree
/// indexes only; ``trigramOnOpenPartition`` also builds the trigram GIN indexes there first (the layout before 0120). Peak memory is the process's high-water mark (`VmHWM`) after Spoor's load.
public struct IngestBenchmark: Sendable {
  /// Rows in the generated file.
  public var rows: Int
  /// Keep the migration's indexes during both loads.
  public var withIndexes: Bool
  /// Build the trigram GIN indexes on the open partition too (every index on every row, as before partitions).
  public var trigramOnOpenPartition: Bool
  /// Records per Spoor batch.
  public var batchSize: Int
  /// Connections Spoor loads through in parallel (``IngestOptions/jobs``).
  public var jobs: Int
  /// Where the generated file is written (and deleted afterwards).
  public var workDirectory: String
  /// The `psql` to run; found beside the PostgreSQL server binaries or on `PATH` when nil.
  public var psqlPath: String?

  /// The table both loads fill.
  public static let table = "DeviceProcessEvents"

  /// Creates a benchmark.
  public init(
    rows: Int = 1_000_000, withIndexes: Bool = true, trigramOnOpenPartition: Bool = false, batchSize: Int = 10_000,
    jobs: Int = 2, workDirectory: String = NSTemporaryDirectory(), psqlPath: String? = nil
  ) {
    self.rows = rows
    self.withIndexes = withIndexes
    self.trigramOnOpenPartition = trigramOnOpenPartition
    self.batchSize = batchSize
    self.jobs = jobs
    self.workDirectory = workDirectory
    self.psqlPath = psqlPath
  }

  /// The figures of one run.
  public struct Result: Sendable, CustomStringConvertible {
    /// Rows loaded by each side.
    public var rows: Int
    /// Whether the indexes were in place.
    public var withIndexes: Bool
    /// Whether the open partition had the trigram GIN indexes too.
    public var trigramOnOpenPartition: Bool
    /// Spoor's rows per second.
    public var spoorRowsPerSecond: Double
    /// `psql \copy`'s rows per second.
    public var psqlRowsPerSecond: Double
    /// The process's peak resident memory after Spoor's load, in bytes (nil where `/proc` is missing).
    public var peakResidentBytes: Int?

    /// Spoor / psql (≥ 1.0 is the target).
    public var ratio: Double { psqlRowsPerSecond > 0 ? spoorRowsPerSecond / psqlRowsPerSecond : 0 }

    /// One line per figure.
    public var description: String {
      let indexes =
        !withIndexes
        ? "without indexes" : trigramOnOpenPartition ? "with every index on the open partition" : "with final indexes"
      var text = "ingest \(rows) rows \(indexes): spoor \(Int(spoorRowsPerSecond)) rows/s, "
      text += "psql \\copy \(Int(psqlRowsPerSecond)) rows/s, ratio \(String(format: "%.2f", ratio))"
      if let peak = peakResidentBytes { text += ", peak RSS \(peak / 1_048_576) MiB" }
      return text
    }
  }

  /// Generates the file, runs both loads on the database `configuration` names, and cleans up.
  /// - Throws: ``IngestError`` or ``PostgresError`` when a load fails, or when `psql` cannot run.
  public func run(configuration: ConnectionConfiguration) throws -> Result {
    let path = workDirectory + "/spoor-ingest-bench-\(ProcessInfo.processInfo.processIdentifier).csv"
    let day: Int64 = 86_400_000_000
    let today = Int64(Date().timeIntervalSince1970 * 1_000_000) / day * day
    try Self.generate(rows: rows, to: path, start: today, step: max(1, day / Int64(max(rows, 1))))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    _ = try connection.execute("SELECT spoor.create_time_partition($1, now())", [.text(Self.table)])
    let indexes = withIndexes ? [] : try dropIndexes(connection)
    defer { for definition in indexes { try? connection.executeScript(definition) } }
    let openIndexes = trigramOnOpenPartition ? try createTrigramIndexesOnOpenPartition(connection) : []
    defer { for name in openIndexes { try? connection.executeScript("DROP INDEX \(SQLIdentifier.quoted(name))") } }

    try connection.executeScript("TRUNCATE \(SQLIdentifier.quoted(Self.table))")
    let spoorSeconds = try Self.time {
      let summary = try Ingester(
        connection: connection, options: IngestOptions(format: .csv, batchSize: batchSize, jobs: jobs, force: true)
      )
      .ingest(table: Self.table, paths: [path])
      guard summary.loaded == rows else {
        throw IngestError.database("benchmark: spoor loaded \(summary.loaded) of \(rows) rows")
      }
    }
    let peak = Self.peakResidentBytes()
    try connection.executeScript("TRUNCATE \(SQLIdentifier.quoted(Self.table))")
    let psqlSeconds = try Self.time { try runPsql(path: path, configuration: configuration) }
    try connection.executeScript("TRUNCATE \(SQLIdentifier.quoted(Self.table))")
    return Result(
      rows: rows, withIndexes: withIndexes, trigramOnOpenPartition: trigramOnOpenPartition,
      spoorRowsPerSecond: Double(rows) / spoorSeconds,
      psqlRowsPerSecond: Double(rows) / psqlSeconds, peakResidentBytes: peak)
  }

  /// The columns of the generated file, a realistic process-event shape.
  static let columns = [
    "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "SHA256", "ProcessId",
    "ProcessCommandLine", "AccountDomain", "AccountName", "LogonId", "InitiatingProcessFileName",
    "InitiatingProcessFolderPath", "InitiatingProcessCommandLine", "InitiatingProcessId", "ReportId",
  ]

  /// Writes `rows` deterministic process events as CSV with a header, `step` microseconds apart from `start`.
  static func generate(rows: Int, to path: String, start: Int64 = 1_767_225_600_000_000, step: Int64 = 1_000_137)
    throws
  {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
    else { throw IngestError.cannotOpen(path: path, reason: "cannot create the benchmark file") }
    defer { try? handle.close() }
    let images = [
      "cmd.exe", "powershell.exe", "rundll32.exe", "svchost.exe", "notepad.exe", "python.exe", "msiexec.exe",
    ]
    var buffer = Array((columns.joined(separator: ",") + "\n").utf8)
    for index in 0..<rows {
      let image = images[index % images.count]
      let parent = images[(index / 7) % images.count]
      let time = TimestampParser.format(microseconds: start + Int64(index) * step)
      let device = index % 500
      var line = "\(time),dev\(device)0000000000000000000000000000000,host-\(device).corp.example,ProcessCreated,"
      line += "\(image),C:\\Windows\\System32\\\(image),\(String(repeating: "ab", count: 32)),\(1000 + index % 60000),"
      line += "\"\(image) /c \"\"echo \(index)\"\" --flag=\(index % 97)\",CORP,user\(index % 300),\(index % 9999),"
      line += "\(parent),C:\\Windows\\System32\\\(parent),\(parent) -k netsvcs,\(500 + index % 4000),\(index)\n"
      buffer.append(contentsOf: line.utf8)
      if buffer.count >= 1 << 20 {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
      }
    }
    handle.write(Data(buffer))
  }

  /// Drops the table's indexes, then those left on its partitions (the trigram ones of closed partitions), and
  /// returns their definitions, to recreate them.
  private func dropIndexes(_ connection: Connection) throws -> [String] {
    var definitions: [String] = []
    for query in [
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1",
      """
      SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
      AND tablename IN (SELECT partition_name FROM spoor.time_partitions WHERE table_name = $1)
      """,
    ] {
      for row in try connection.execute(query, [.text(Self.table)]).rows {
        guard let name = row[0], let definition = row[1] else { continue }
        try connection.executeScript("DROP INDEX \(SQLIdentifier.quoted(name))")
        definitions.append(definition)
      }
    }
    return definitions
  }

  /// Builds the table's trigram GIN indexes on the partition holding now; returns their names, to drop them.
  private func createTrigramIndexesOnOpenPartition(_ connection: Connection) throws -> [String] {
    let result = try connection.execute(
      """
      SELECT p.partition_name, c FROM spoor.time_partitions p
      JOIN spoor.partitioned_tables t USING (table_name), unnest(t.trigram_columns) c
      WHERE p.table_name = $1 AND p.lower <= now() AND p.upper > now()
      """, [.text(Self.table)])
    var names: [String] = []
    for row in result.rows {
      guard let partition = row[0], let column = row[1] else { continue }
      let name = "spoor_bench_trgm_\(names.count)"
      try connection.executeScript(
        "CREATE INDEX \(SQLIdentifier.quoted(name)) ON public.\(SQLIdentifier.quoted(partition)) USING gin "
          + "(\(SQLIdentifier.quoted(column)) public.gin_trgm_ops)")
      names.append(name)
    }
    return names
  }

  private func runPsql(path: String, configuration: ConnectionConfiguration) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: psqlPath ?? Self.findPsql())
    let list = Self.columns.map(SQLIdentifier.quoted).joined(separator: ", ")
    process.arguments = [
      "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
      "\\copy \(SQLIdentifier.quoted(Self.table)) (\(list)) FROM '\(path)' WITH (FORMAT csv, HEADER true)",
    ]
    var environment = ProcessInfo.processInfo.environment
    let variables = [
      "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER",
      "password": "PGPASSWORD", "sslmode": "PGSSLMODE",
    ]
    for (keyword, value) in configuration.parameters {
      if let variable = variables[keyword] { environment[variable] = value }
    }
    process.environment = environment
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw IngestError.database("benchmark: psql \\copy exited with status \(process.terminationStatus)")
    }
  }

  private static func findPsql() -> String {
    let candidates = [
      "/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql", "/usr/local/bin/psql", "/opt/homebrew/bin/psql",
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/psql"
  }

  private static func time(_ body: () throws -> Void) throws -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }

  /// `VmHWM` of `/proc/self/status`, in bytes.
  static func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let digits = line.filter(\.isNumber)
      return Int(digits).map { $0 * 1024 }
    }
    return nil
  }
}
