import Foundation
import SpoorPostgres

/// Measures resident memory while streaming a large result through the query runner's path (DESIGN §9: flat).
public enum StreamingMemoryBenchmark {
  /// Resident set sizes sampled while streaming.
  public struct Figures: Sendable {
    /// Rows streamed.
    public var rows: Int
    /// Resident memory after the first tenth of the rows (the baseline), in KiB.
    public var baselineKiB: Int
    /// Resident memory after the last row, in KiB.
    public var finalKiB: Int
    /// finalKiB / baselineKiB: 1.0 means flat.
    public var ratio: Double { Double(finalKiB) / Double(max(1, baselineKiB)) }
  }

  /// Streams `rows` generated rows of event-like width through ``ResultWriter`` into /dev/null.
  public static func run(on connection: Connection, rows: Int) throws -> Figures {
    guard let devNull = FileHandle(forWritingAtPath: "/dev/null") else {
      throw QueryFileError(message: "cannot open /dev/null")
    }
    let writer = ResultWriter(format: .ndjson, sink: TextSink(fileDescriptor: devNull.fileDescriptor))
    let sql = """
      SELECT g AS "Id", now() AS "Timestamp", 'device-' || (g % 500) AS "DeviceName",
             repeat('C:\\Windows\\System32\\cmd.exe /c whoami ', 4) || g AS "ProcessCommandLine"
      FROM generate_series(1, $1::bigint) AS g
      """
    var seen = 0
    var baseline = 0
    try connection.stream(
      sql, [.int64(Int64(rows))], columns: { writer.begin(columns: $0) },
      row: { row in
        writer.write(row)
        seen += 1
        if seen == max(1, rows / 10) { baseline = residentKiB() }
        return true
      })
    writer.end()
    devNull.closeFile()
    return Figures(rows: seen, baselineKiB: baseline, finalKiB: residentKiB())
  }

  /// The process's current resident set size (VmRSS) in KiB, from /proc/self/status.
  static func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
  }
}
