import Foundation
import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorPostgres
import SpoorSQL

/// Times the SQL Spoor generates for representative multi-stage hunts against the best SQL written by hand for
/// the same question, on generated events (DESIGN §9: ≤ 1.10× the time).
public enum QueryBenchmark {
  /// One hunt and its hand-written equivalent.
  public struct Case: Sendable {
    /// A short name.
    public var name: String
    /// The hunt, in KQL.
    public var kql: String
    /// The best hand-written PostgreSQL for the same question (no parameters).
    public var handSQL: String
  }

  /// Figures for one case.
  public struct Figures: Sendable {
    /// The case's name.
    public var name: String
    /// Median time of the generated SQL, milliseconds.
    public var generatedMilliseconds: Double
    /// Median time of the hand-written SQL, milliseconds.
    public var handMilliseconds: Double
    /// Rows each returned (they must agree).
    public var generatedRows: Int
    /// Rows the hand-written SQL returned.
    public var handRows: Int
    /// generated / hand: ≤ 1.10 meets the target.
    public var ratio: Double { generatedMilliseconds / max(handMilliseconds, 0.001) }
  }

  /// The hunts measured: filters with case-insensitive and substring matches, rare pairs, first-seen,
  /// latest-per-device, hourly bursts, a left-anti join, distinct counts per device and a process-network join.
  public static let cases: [Case] = [
    Case(
      name: "encoded PowerShell (filter + project)",
      kql: """
        DeviceProcessEvents
        | where FileName =~ "powershell.exe" and ProcessCommandLine contains "-enc"
        | project Timestamp, DeviceName, AccountName, ProcessCommandLine
        """,
      handSQL: """
        SELECT "Timestamp", "DeviceName", "AccountName", "ProcessCommandLine" FROM "DeviceProcessEvents"
        WHERE lower("FileName") = 'powershell.exe' AND "ProcessCommandLine" ILIKE '%-enc%'
        """),
    Case(
      name: "rare parent-child pairs (summarize + where)",
      kql: """
        DeviceProcessEvents
        | summarize Executions = count() by InitiatingProcessFileName, FileName
        | where Executions < 20
        """,
      handSQL: """
        SELECT "InitiatingProcessFileName", "FileName", count(*) AS "Executions" FROM "DeviceProcessEvents"
        GROUP BY "InitiatingProcessFileName", "FileName" HAVING count(*) < 20
        """),
    Case(
      name: "first-seen binaries per device (summarize min)",
      kql: """
        DeviceProcessEvents
        | where FolderPath startswith @"C:\\Users\\"
        | summarize FirstSeen = min(Timestamp), Devices = dcount(DeviceId) by FileName
        """,
      handSQL: """
        SELECT "FileName", min("Timestamp") AS "FirstSeen", count(DISTINCT "DeviceId") AS "Devices"
        FROM "DeviceProcessEvents" WHERE "FolderPath" ILIKE 'C:\\\\Users\\\\%' GROUP BY "FileName"
        """),
    Case(
      name: "latest process per device (arg_max)",
      kql: """
        DeviceProcessEvents
        | where FileName endswith ".exe"
        | summarize arg_max(Timestamp, DeviceName, FileName) by DeviceId
        """,
      handSQL: """
        SELECT DISTINCT ON ("DeviceId") "DeviceId", "Timestamp", "DeviceName", "FileName" FROM "DeviceProcessEvents"
        WHERE "FileName" ILIKE '%.exe' ORDER BY "DeviceId", "Timestamp" DESC
        """),
    Case(
      name: "hourly bursts per device (bin + summarize)",
      kql: """
        DeviceProcessEvents
        | summarize Events = count() by DeviceId, Hour = bin(Timestamp, 1h)
        | where Events > 40
        """,
      handSQL: """
        SELECT "DeviceId", date_bin('1 hour', "Timestamp", TIMESTAMPTZ '1970-01-01 00:00:00+00') AS "Hour", count(*) AS "Events"
        FROM "DeviceProcessEvents" GROUP BY 1, 2 HAVING count(*) > 40
        """),
    Case(
      name: "binaries outside the common set (let + leftanti join)",
      kql: """
        let common = DeviceProcessEvents | summarize Devices = dcount(DeviceId) by FileName | where Devices > 150;
        DeviceProcessEvents
        | join kind=leftanti common on FileName
        | project Timestamp, DeviceId, FileName
        """,
      handSQL: """
        WITH common AS (
          SELECT "FileName" FROM "DeviceProcessEvents" GROUP BY "FileName" HAVING count(DISTINCT "DeviceId") > 150)
        SELECT p."Timestamp", p."DeviceId", p."FileName" FROM "DeviceProcessEvents" p
        WHERE NOT EXISTS (SELECT 1 FROM common c WHERE c."FileName" = p."FileName")
        """),
    Case(
      name: "distinct binaries per device (dcount)",
      kql: """
        DeviceProcessEvents
        | summarize Binaries = dcount(FileName) by DeviceId
        """,
      handSQL: """
        SELECT "DeviceId", count(DISTINCT "FileName") AS "Binaries" FROM "DeviceProcessEvents" GROUP BY 1
        """),
    Case(
      name: "PowerShell with its HTTPS connections (process-network join)",
      kql: """
        DeviceProcessEvents
        | where FileName =~ "powershell.exe"
        | join kind=inner (DeviceNetworkEvents | where RemotePort == 443)
            on DeviceId, $left.FileName == $right.InitiatingProcessFileName
        | project Timestamp, DeviceId, ProcessCommandLine, RemoteIP
        """,
      handSQL: """
        SELECT p."Timestamp", p."DeviceId", p."ProcessCommandLine", n."RemoteIP"
        FROM "DeviceProcessEvents" p JOIN "DeviceNetworkEvents" n
          ON n."DeviceId" = p."DeviceId" AND n."InitiatingProcessFileName" = p."FileName"
        WHERE lower(p."FileName") = 'powershell.exe' AND n."RemotePort" = 443
        """),
  ]

  /// Fills `DeviceProcessEvents` with `events` deterministic generated rows (200 devices, 300 binaries, the week before
  /// today, so the rows land in the daily partitions as live data does, not in the default partition that holds rows
  /// older than the backfill window) and `DeviceNetworkEvents` with a quarter as many.
  public static func generateEvents(on connection: Connection, events: Int) throws {
    try connection.executeScript("TRUNCATE public.\"DeviceProcessEvents\"")
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceProcessEvents"
        ("Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "ProcessCommandLine",
         "AccountName", "InitiatingProcessFileName", "InitiatingProcessFolderPath", "InitiatingProcessCommandLine")
      SELECT date_trunc('day', now()) - interval '7 days' + (g * 7919 % 604800) * interval '1 second',
             'device-' || (g * 31 % 200), 'host' || (g * 31 % 200) || '.corp.example',
             'ProcessCreated',
             CASE WHEN g % 97 = 0 THEN 'powershell.exe' ELSE 'tool' || (g * 13 % 300) || '.exe' END,
             CASE WHEN g % 3 = 0 THEN 'C:\\Users\\user' || (g % 50) || '\\AppData\\tool' || (g * 13 % 300) || '.exe'
                  ELSE 'C:\\Windows\\System32\\tool' || (g * 13 % 300) || '.exe' END,
             CASE WHEN g % 97 = 0 AND g % 2 = 0 THEN 'powershell.exe -nop -enc SQBFAFgA' || g
                  ELSE 'tool' || (g * 13 % 300) || '.exe /run ' || g END,
             'user' || (g % 50),
             'parent' || (g * 17 % 40) || '.exe', 'C:\\Windows\\parent' || (g * 17 % 40) || '.exe',
             'parent' || (g * 17 % 40) || '.exe --child ' || g
      FROM generate_series(1, $1::bigint) AS g
      """, [.int64(Int64(events))])
    // A network event for every fourth process event: the same devices, a twentieth of them from PowerShell.
    try connection.executeScript("TRUNCATE public.\"DeviceNetworkEvents\"")
    _ = try connection.execute(
      """
      INSERT INTO public."DeviceNetworkEvents"
        ("Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "InitiatingProcessFileName")
      SELECT date_trunc('day', now()) - interval '7 days' + (g * 7919 % 604800) * interval '1 second',
             'device-' || (g * 37 % 200), 'host' || (g * 37 % 200) || '.corp.example', 'ConnectionSuccess',
             '10.' || (g % 250) || '.' || (g * 7 % 250) || '.' || (g * 11 % 250),
             CASE WHEN g % 4 = 0 THEN 443 ELSE 80 END,
             CASE WHEN g % 20 = 0 THEN 'powershell.exe' ELSE 'tool' || (g * 13 % 300) || '.exe' END
      FROM generate_series(1, $1::bigint / 4) AS g
      """, [.int64(Int64(events))])
    try connection.executeScript("ANALYZE public.\"DeviceProcessEvents\"; ANALYZE public.\"DeviceNetworkEvents\"")
  }

  /// Runs every case `repetitions` times, alternating generated and hand-written SQL, and keeps the medians.
  public static func run(on connection: Connection, catalog: Catalog, repetitions: Int) throws -> [Figures] {
    let compiler = Compiler(catalog: catalog)
    return try cases.map { benchmarkCase in
      let compilation = compiler.compile(
        SourceText(name: benchmarkCase.name, text: benchmarkCase.kql), language: .kql,
        options: CompileOptions(now: WallClock.nowMicroseconds()))
      guard let statement = compilation.statement, compilation.succeeded else {
        let reasons = compilation.diagnostics.map(\.message).joined(separator: "; ")
        throw QueryFileError(message: "benchmark hunt '\(benchmarkCase.name)' did not translate: \(reasons)")
      }
      let parameters = PostgresBinding.postgresValues(statement.parameters)
      var generated: [Double] = []
      var hand: [Double] = []
      var generatedRows = 0
      var handRows = 0
      for _ in 0...max(1, repetitions) {
        let (generatedTime, rowsA) = try time(statement.text, parameters, on: connection)
        let (handTime, rowsB) = try time(benchmarkCase.handSQL, [], on: connection)
        generated.append(generatedTime)
        hand.append(handTime)
        generatedRows = rowsA
        handRows = rowsB
      }
      // The first round warms caches for both and is dropped.
      return Figures(
        name: benchmarkCase.name, generatedMilliseconds: median(generated.dropFirst()),
        handMilliseconds: median(hand.dropFirst()), generatedRows: generatedRows, handRows: handRows)
    }
  }

  private static func time(_ sql: String, _ parameters: [PostgresValue], on connection: Connection) throws -> (
    Double, Int
  ) {
    var rows = 0
    let start = DispatchTime.now().uptimeNanoseconds
    try connection.stream(
      sql, parameters, columns: { _ in },
      row: { _ in
        rows += 1; return true
      })
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000, rows)
  }

  private static func median<C: Collection>(_ values: C) -> Double where C.Element == Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[sorted.count / 2]
  }
}
