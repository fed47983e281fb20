import ArgumentParser
import SpoorEngine

/// `spoor migrate`: apply `migrations/*.sql` to the selected database.
struct MigrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Apply pending migrations, each once, in a transaction, under an advisory lock.",
    discussion: """
      Migrations come from --migrations, else SPOOR_MIGRATIONS, else ./migrations, else the package's \
      migrations/ folder, else the copies built into spoor. A migration whose file changed after it was applied \
      stops the run.
      """
  )

  @OptionGroup var database: DatabaseOptions

  @Flag(help: "List applied and pending migrations instead of applying them.")
  var status = false

  @Option(help: ArgumentHelp("The folder holding NNNN_name.sql files.", valueName: "path"))
  var migrations: String?

  func run() throws {
    let source = try MigrationSource.locate(explicitPath: migrations)
    let runner = MigrationRunner(source: source)
    let connection = try database.connect()
    defer { connection.close() }
    if status {
      for state in try runner.status(on: connection) {
        print("\(Self.describe(state.kind).padding(toLength: 9, withPad: " ", startingAt: 0)) \(state.fileName)")
      }
      print("migrations from \(source.origin)")
      return
    }
    let applied = try runner.migrate(on: connection)
    for migration in applied { print("applied \(migration.fileName)") }
    print(
      applied.isEmpty
        ? "database is up to date (\(source.migrations.count) migrations from \(source.origin))"
        : "applied \(applied.count) of \(source.migrations.count) migrations from \(source.origin)")
  }

  private static func describe(_ kind: MigrationState.Kind) -> String {
    switch kind {
    case .applied: return "applied"
    case .pending: return "pending"
    case .changed: return "CHANGED"
    case .unknownToSource: return "unknown"
    }
  }
}
