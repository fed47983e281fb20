import ArgumentParser
import Foundation
import Logging

/// The `spoor` command line: KQL and XQL threat hunts on PostgreSQL.
///
/// Each subcommand lives in `Commands/`; add a new one with one line in ``subcommands``.
@main
struct Spoor: ParsableCommand {
  /// Every subcommand, in the order `spoor --help` lists them.
  static let subcommands: [ParsableCommand.Type] = [
    QueryCommand.self,
    ValidateCommand.self,
    IngestCommand.self,
    HuntCommand.self,
    ScheduleCommand.self,
    ServeCommand.self,
    TokenCommand.self,
    HitsCommand.self,
    RunsCommand.self,
    DemoCommand.self,
    BenchCommand.self,
    SchemaCommand.self,
    MigrateCommand.self,
    MaintainCommand.self,
    RetentionCommand.self,
    DbCommand.self,
  ]

  static let configuration = CommandConfiguration(
    commandName: "spoor",
    abstract: "Run KQL and XQL threat hunts on PostgreSQL.",
    discussion: """
      Database selection, for every command that needs one: --database-url, then SPOOR_DATABASE_URL, then the \
      standard PG* variables, else Spoor's embedded PostgreSQL cluster (started on demand; see `spoor db`).
      Set SPOOR_LOG_LEVEL (trace, debug, info, notice, warning, error) to see what Spoor does.
      """,
    version: "0.1.0",
    subcommands: subcommands
  )

  /// Sets up logging, then parses and runs the command.
  ///
  /// Errors print as one line on stderr and exit with 1.
  static func main() {
    let level = ProcessInfo.processInfo.environment["SPOOR_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level ?? .warning
      return handler
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as CommandError {
      fail(error.message)
    } catch let error as any Error & CustomStringConvertible where !isArgumentParserError(error) {
      fail(error.description)
    } catch {
      exit(withError: error)
    }
  }

  /// Prints `error: <message>` to stderr and exits with status 1.
  private static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    Foundation.exit(1)
  }

  /// True for the errors swift-argument-parser renders itself (usage errors, `--help`, `--version`, exit codes).
  private static func isArgumentParserError(_ error: any Error) -> Bool {
    error is ExitCode || error is CleanExit || error is ValidationError
      || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
  }
}
