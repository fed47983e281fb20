import ArgumentParser
import SpoorEngine
import SpoorPostgres

/// The `--database-url` option shared by every command that needs a database.
struct DatabaseOptions: ParsableArguments {
  @Option(
    name: .customLong("database-url"),
    help: ArgumentHelp(
      "PostgreSQL URL or conninfo string (default: SPOOR_DATABASE_URL, then PG* variables, then the embedded cluster).",
      valueName: "url"))
  var databaseURL: String?

  /// The locator applying Spoor's selection order to this option and the process environment.
  var locator: DatabaseLocator { DatabaseLocator(databaseURL: databaseURL) }

  /// Opens a connection to the selected database.
  /// - Throws: `DatabaseError` naming the database that was tried.
  func connect() throws -> Connection { try locator.connect() }

  /// True when a database is configured (the option, `SPOOR_DATABASE_URL` or `PG*`), rather than the embedded default.
  var isExplicit: Bool { locator.configuresDatabase }
}
