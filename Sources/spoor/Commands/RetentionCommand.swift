import ArgumentParser
import SpoorEngine
import SpoorPostgres

/// `spoor retention`: how long each event table keeps its partitions.
struct RetentionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "retention",
    abstract: "Show or set how long each event table keeps its events.",
    discussion: """
      Retention drops whole partitions (a day each by default) once they are older than the table's retention; \
      `spoor maintain` (and `spoor schedule`, hourly) applies it. Hits and runs (spoor.hunt_hits, \
      spoor.hunt_runs) are never dropped: a hit keeps its matched row.
      """,
    subcommands: [RetentionListCommand.self, RetentionSetCommand.self, RetentionClearCommand.self],
    defaultSubcommand: RetentionListCommand.self
  )
}

/// `spoor retention list`.
struct RetentionListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List every partitioned event table with its partitioning and retention.")

  @OptionGroup var database: DatabaseOptions

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let policies = try PartitionMaintenance.policies(on: connection)
    let width = policies.map(\.table.count).max() ?? 5
    print("table".padding(toLength: width, withPad: " ", startingAt: 0) + "  retention  partition  partitions")
    for policy in policies {
      print(
        policy.table.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
          + (policy.retention ?? "forever").padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
          + policy.partitionInterval.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + "\(policy.partitions)")
    }
  }
}

/// `spoor retention set TABLE 90d`.
struct RetentionSetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set", abstract: "Keep TABLE's events for DURATION (e.g. 90d); `all` sets it for every table.")

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "The event table, or `all`.")
  var table: String

  @Argument(help: "How long to keep its events (e.g. 90d, 12h).")
  var duration: DurationArgument

  func run() throws {
    guard duration.microseconds > 0 else { throw CommandError("retention: the duration must be positive") }
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let tables = try tablesNamed(table, on: connection)
    for name in tables {
      try PartitionMaintenance.setRetention(of: name, microseconds: duration.microseconds, on: connection)
    }
    print("\(table == "all" ? "every event table" : table) keeps \(duration.text); `spoor maintain` applies it")
  }
}

/// `spoor retention clear TABLE`.
struct RetentionClearCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clear", abstract: "Keep TABLE's events forever again (`all` for every table).")

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "The event table, or `all`.")
  var table: String

  func run() throws {
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let tables = try tablesNamed(table, on: connection)
    for name in tables { try PartitionMaintenance.setRetention(of: name, microseconds: nil, on: connection) }
    print("\(table == "all" ? "every event table" : table) keeps its events forever")
  }
}

/// The event tables a `retention` argument names: `all` for every one, or the one named.
private func tablesNamed(_ argument: String, on connection: Connection) throws -> [String] {
  argument == "all" ? try PartitionMaintenance.policies(on: connection).map(\.table) : [argument]
}
