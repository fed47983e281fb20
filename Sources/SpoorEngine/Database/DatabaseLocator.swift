import Foundation
import SpoorPostgres

/// Chooses the database a command uses and opens connections to it.
///
/// In order: the `--database-url` option, `SPOOR_DATABASE_URL`, the standard `PG*` variables (`PGHOST`,
/// `PGDATABASE`, …), else Spoor's embedded cluster, which is created and started on demand.
public struct DatabaseLocator: Sendable {
  /// The `--database-url` option, if given.
  public var databaseURL: String?
  /// The environment read for `SPOOR_DATABASE_URL`, `PG*` and the embedded cluster's location.
  public var environment: [String: String]

  /// A locator for an option value and an environment.
  public init(databaseURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.databaseURL = databaseURL
    self.environment = environment
  }

  /// True when something other than the embedded default selects the database.
  public var configuresDatabase: Bool {
    !(databaseURL ?? "").isEmpty || !(environment["SPOOR_DATABASE_URL"] ?? "").isEmpty
      || Self.postgresEnvironmentConfiguration(environment) != nil
  }

  /// The database to use; starts the embedded cluster when nothing else is configured.
  /// - Parameter startingHeldCluster: false to leave an embedded cluster stopped with `spoor db stop`
  ///   (``EmbeddedCluster/isHeldStopped``) alone and throw instead, as the scheduler does when it reconnects.
  /// - Throws: `PostgresError` for an unparsable URL; ``DatabaseError`` when the embedded cluster cannot start or
  ///   is held stopped.
  public func target(startingHeldCluster: Bool = true) throws -> DatabaseTarget {
    if let url = databaseURL, !url.isEmpty {
      return DatabaseTarget(configuration: try ConnectionConfiguration(url: url), source: .option)
    }
    if let url = environment["SPOOR_DATABASE_URL"], !url.isEmpty {
      return DatabaseTarget(configuration: try ConnectionConfiguration(url: url), source: .spoorDatabaseURL)
    }
    if let configuration = Self.postgresEnvironmentConfiguration(environment) {
      return DatabaseTarget(configuration: configuration, source: .postgresEnvironment)
    }
    let cluster = try EmbeddedCluster(environment: environment)
    let target = DatabaseTarget(
      configuration: ConnectionConfiguration(parameters: cluster.connectionParameters()),
      source: .embedded(rootDirectory: cluster.rootDirectory))
    if !startingHeldCluster, cluster.isHeldStopped {
      throw DatabaseError(
        target: target,
        reason: "the embedded cluster was stopped with `spoor db stop`; waiting until `spoor db start` starts it")
    }
    do {
      try cluster.start()
    } catch {
      throw DatabaseError(target: target, reason: "\(error)")
    }
    return target
  }

  /// Opens a connection to ``target()``.
  /// - Throws: ``DatabaseError`` naming the database that was tried when the connection fails.
  /// - Parameter startingHeldCluster: see ``target(startingHeldCluster:)``.
  public func connect(startingHeldCluster: Bool = true) throws -> Connection {
    let target = try target(startingHeldCluster: startingHeldCluster)
    do {
      return try Connection(configuration: target.configuration)
    } catch let error as PostgresError {
      throw DatabaseError(target: target, reason: error.message)
    }
  }

  /// The configuration of the `PG*` variables, when one that selects a server or database is set.
  ///
  /// Variables such as `PGPASSWORD` or `PGSSLMODE` alone only tune a connection; they do not say which server to
  /// use, so they do not override the embedded default.
  static func postgresEnvironmentConfiguration(_ environment: [String: String]) -> ConnectionConfiguration? {
    let selecting = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]
    guard selecting.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return nil }
    return ConnectionConfiguration.fromEnvironment(environment)
  }
}
