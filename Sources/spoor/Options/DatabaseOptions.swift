import ArgumentParser
import Foundation
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

  /// Opens a connection to the selected database, with Spoor's schema in place.
  ///
  /// The embedded cluster is migrated on first use, as `schedule` and `demo` do. A configured database without
  /// Spoor's schema is an error that says to run `spoor migrate` (instead of "unknown table" later); one that
  /// only lacks newer migrations gets a warning and is used as it is.
  func connectMigrated() throws -> Connection {
    let connection = try connect()
    do {
      let runner = MigrationRunner(source: try MigrationSource.locate(explicitPath: nil))
      let pending = try runner.pending(on: connection)
      if pending.isEmpty { return connection }
      if !isExplicit {
        try runner.migrate(on: connection)
        return connection
      }
      if pending.count == runner.source.migrations.count {
        throw CommandError(
          "the database has no Spoor schema (none of its \(pending.count) migrations is applied); run `spoor migrate`")
      }
      FileHandle.standardError.write(
        Data(
          "spoor: warning: \(pending.count) migration(s) not applied to this database, first \(pending[0].fileName); run `spoor migrate`\n"
            .utf8))
      return connection
    } catch {
      connection.close()
      throw error
    }
  }

  /// True when a database is configured (the option, `SPOOR_DATABASE_URL` or `PG*`), rather than the embedded default.
  var isExplicit: Bool { locator.configuresDatabase }
}
