import SpoorPostgres

/// The database a command will use, and which setting chose it.
public struct DatabaseTarget: Sendable {
  /// The setting that selected the database.
  public enum Source: Sendable, Hashable, CustomStringConvertible {
    /// The `--database-url` option.
    case option
    /// The `SPOOR_DATABASE_URL` variable.
    case spoorDatabaseURL
    /// The standard `PG*` variables.
    case postgresEnvironment
    /// Spoor's own embedded cluster in this directory.
    case embedded(rootDirectory: String)

    /// Where the choice came from, as a user would name it.
    public var description: String {
      switch self {
      case .option: return "--database-url"
      case .spoorDatabaseURL: return "SPOOR_DATABASE_URL"
      case .postgresEnvironment: return "PG* environment variables"
      case .embedded(let root): return "embedded cluster in \(root)"
      }
    }
  }

  /// How to connect.
  public var configuration: ConnectionConfiguration
  /// Which setting chose it.
  public var source: Source

  /// Creates a target.
  public init(configuration: ConnectionConfiguration, source: Source) {
    self.configuration = configuration
    self.source = source
  }

  /// `host=… dbname=… (from SPOOR_DATABASE_URL)`: what was tried, never with a password.
  public var displayDescription: String { "\(configuration.displayDescription) (from \(source))" }
}
