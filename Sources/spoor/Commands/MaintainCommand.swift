import ArgumentParser
import SpoorEngine

/// `spoor maintain`: keep the time-partitioned event tables in shape (`migrations/0120_time_partitions.sql`).
struct MaintainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "maintain",
    abstract: "Create partitions ahead, index closed ones, apply retention, and report the default partitions.",
    discussion: """
      Every event table is partitioned by day on its event time. This creates the partitions ahead of time, moves \
      rows waiting in a table's default partition into partitions of their own, builds the trigram indexes of the \
      partitions that closed, drops partitions older than the table's retention (`spoor retention`), and lists \
      the rows still in default partitions (no time, older than the backfill horizon, or too far ahead). \
      `spoor schedule` runs it every hour. With --retention-file, the file's retention and partition length are \
      written first (see README, "Scale").
      """
  )

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var retentionFile: RetentionFileOptions

  func run() throws {
    let retention = try retentionFile.load()
    let connection = try database.connectMigrated()
    defer { connection.close() }
    try retention?.apply(on: connection)
    let actions = try PartitionMaintenance.maintain(on: connection)
    let waiting = actions.filter { $0.action == "default_rows" }
    for action in actions where action.action != "default_rows" {
      var line = "\(action.action) \(action.partition)"
      if let rows = action.rows, rows > 0 {
        line += action.action == "created" ? " (\(rows) rows moved from the default partition)" : " (\(rows) rows)"
      }
      print(line)
    }
    for action in waiting {
      print("\(action.table): \(action.rows ?? 0) row(s) in \(action.partition)")
    }
    let changed = actions.count - waiting.count
    print(changed == 0 ? "partitions are up to date" : "\(changed) partition change(s)")
  }
}
