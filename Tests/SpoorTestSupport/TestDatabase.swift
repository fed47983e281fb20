import Foundation
import SpoorEngine
import SpoorFormats
import SpoorPostgres

/// Fresh, migrated PostgreSQL databases for tests, one per call.
///
/// Usage, from any test target that depends on `SpoorTestSupport`:
/// ```swift
/// let configuration = try TestDatabase.makeDatabase(named: "ingest_rejects")
/// let connection = try Connection(configuration: configuration)
/// ```
/// Every database is cloned from a template that has all of `migrations/*.sql` applied
/// (`CREATE DATABASE … TEMPLATE spoor_template`), so tests running in parallel never see each other's rows.
///
/// The server is, in order:
/// - `SPOOR_TEST_DATABASE_URL` when set (a URL or conninfo string of a server where the user may create
///   databases), else the standard `PG*` variables when one of `PGHOST`/`PGPORT`/`PGDATABASE`/`PGUSER`/`PGSERVICE`
///   is set;
/// - otherwise one private cluster per test process: `initdb` into a fresh directory under `/tmp`, Unix socket
///   only, run as an unprivileged user when the tests run as root, started on first use (thread-safe) and
///   stopped and deleted when the process exits.
///
/// When no server can be started or reached, ``makeDatabase(named:)`` throws with the reason: tests fail
/// loudly, they never skip.
public enum TestDatabase {
  /// The template every test database is cloned from.
  public static let templateName = "spoor_template"

  /// Creates a fresh database holding the migrated schema and returns how to connect to it.
  /// - Parameter name: a readable prefix for the database name (letters, digits, underscores); a unique suffix is
  ///   added, so several tests may use the same name.
  /// - Throws: ``TestDatabaseError`` when no server is available or the database cannot be created.
  public static func makeDatabase(named name: String) throws -> ConnectionConfiguration {
    let server = try server.get()
    let databaseName = uniqueName(name)
    try withAdminConnection(server) { connection in
      try retryingWhileTemplateBusy {
        try connection.executeScript(
          "CREATE DATABASE \(SQLIdentifier.quoted(databaseName)) TEMPLATE \(SQLIdentifier.quoted(templateName))")
      }
    }
    var parameters = server.parameters
    parameters["dbname"] = databaseName
    return ConnectionConfiguration(parameters: parameters)
  }

  /// Creates an empty database (no migrations applied), for tests of the migration runner itself.
  public static func makeEmptyDatabase(named name: String) throws -> ConnectionConfiguration {
    let server = try server.get()
    let databaseName = uniqueName(name)
    try withAdminConnection(server) { connection in
      try connection.executeScript("CREATE DATABASE \(SQLIdentifier.quoted(databaseName))")
    }
    var parameters = server.parameters
    parameters["dbname"] = databaseName
    return ConnectionConfiguration(parameters: parameters)
  }

  /// How to connect to the test server's maintenance database (`postgres` for the private cluster), for tests
  /// that need a server but no Spoor schema.
  public static func serverConfiguration() throws -> ConnectionConfiguration {
    ConnectionConfiguration(parameters: try server.get().parameters)
  }

  /// The package root (the folder holding `Package.swift`), found from this file's path.
  public static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }

  /// A server ready to clone from: its maintenance-database parameters.
  struct Server: Sendable {
    var parameters: [String: String]
  }

  /// Started once per process on first use; Swift runs a global's initializer exactly once, even under
  /// concurrent first access, which makes the lazy start thread-safe.
  private static let server: Result<Server, TestDatabaseError> = {
    do {
      return .success(try startServer())
    } catch let error as TestDatabaseError {
      return .failure(error)
    } catch {
      return .failure(TestDatabaseError(message: "\(error)"))
    }
  }()

  private static func startServer() throws -> Server {
    let environment = ProcessInfo.processInfo.environment
    let server: Server
    if let url = environment["SPOOR_TEST_DATABASE_URL"], !url.isEmpty {
      server = Server(parameters: try ConnectionConfiguration(url: url).parameters)
    } else if ["PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"].contains(where: {
      !(environment[$0] ?? "").isEmpty
    }),
      let configuration = ConnectionConfiguration.fromEnvironment(environment)
    {
      server = Server(parameters: configuration.parameters)
    } else {
      server = try startPrivateCluster()
    }
    try buildTemplate(server)
    return server
  }

  private static func startPrivateCluster() throws -> Server {
    PrivateClusterCleanup.reapOrphans()
    let root = PrivateClusterCleanup.directoryPrefix + "\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    try PrivateClusterCleanup.claim(root)
    let cluster = try EmbeddedCluster(rootDirectory: root)
    PrivateClusterCleanup.register(cluster)
    do {
      try cluster.start()
    } catch {
      throw TestDatabaseError(message: "cannot start a private PostgreSQL cluster in \(root): \(error)")
    }
    let server = Server(parameters: cluster.connectionParameters(database: "postgres"))
    try withAdminConnection(server) { connection in
      // The cluster is thrown away when the process ends, so it need not survive a machine crash: without
      // flushes, the hundreds of `CREATE DATABASE … TEMPLATE` copies of a full run stop queueing every test's
      // statements behind the disk (seen as 20 s HTTP read timeouts in the server tests on 2 cores). Commits stay
      // synchronous: WAL still reaches the kernel before a commit returns, so a killed server loses nothing.
      for setting in ["fsync = off", "full_page_writes = off"] {
        try connection.executeScript("ALTER SYSTEM SET " + setting)
      }
      try connection.executeScript("SELECT pg_reload_conf()")
    }
    return server
  }

  /// (Re)creates the template database and applies the package's `migrations/` to it.
  private static func buildTemplate(_ server: Server) throws {
    try withAdminConnection(server) { connection in
      try connection.lock(.testTemplate)
      defer { try? connection.unlock(.testTemplate) }
      try connection.executeScript(
        """
        DROP DATABASE IF EXISTS \(SQLIdentifier.quoted(templateName)) WITH (FORCE);
        """)
      try connection.executeScript("CREATE DATABASE \(SQLIdentifier.quoted(templateName))")
    }
    var parameters = server.parameters
    parameters["dbname"] = templateName
    let connection = try Connection(configuration: ConnectionConfiguration(parameters: parameters))
    defer { connection.close() }
    let source = try MigrationSource.directory(packageRoot + "/migrations")
    try MigrationRunner(source: source).migrate(on: connection)
  }

  private static func withAdminConnection<T>(_ server: Server, _ body: (Connection) throws -> T) throws -> T {
    let connection: Connection
    do {
      connection = try Connection(configuration: ConnectionConfiguration(parameters: server.parameters))
    } catch {
      let description = ConnectionConfiguration(parameters: server.parameters).displayDescription
      throw TestDatabaseError(message: "cannot connect to the test server \(description): \(error)")
    }
    defer { connection.close() }
    return try body(connection)
  }

  /// `CREATE DATABASE … TEMPLATE` fails (55006) while another session is connected to the template; that only
  /// happens for an instant while another process rebuilds it, so retry briefly.
  private static func retryingWhileTemplateBusy(_ body: () throws -> Void) throws {
    var attempt = 0
    while true {
      do {
        return try body()
      } catch let error as PostgresError where error.sqlState == "55006" && attempt < 50 {
        attempt += 1
        usleep(100_000)
      }
    }
  }

  /// `name` made safe as an identifier, plus a random suffix.
  private static func uniqueName(_ name: String) -> String {
    let prefix = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(40))
    return "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
  }
}

/// Why no test database could be provided.
public struct TestDatabaseError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, with the server that was tried.
  public var message: String

  /// Creates an error.
  public init(message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
