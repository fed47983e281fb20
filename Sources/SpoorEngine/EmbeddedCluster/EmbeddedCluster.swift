import Foundation
import SpoorPostgres

/// A private PostgreSQL cluster that Spoor manages itself with the installed `initdb` and `pg_ctl`.
///
/// Layout under ``rootDirectory``: `data/` (the cluster), `socket/` (the server's only listening endpoint, mode
/// 0700), `server.log` and a lock file. The server listens on no TCP address (`listen_addresses = ''`).
///
/// Authentication is `trust`, which is safe here because the only way in is the Unix socket in a directory that
/// only the cluster's owner (and root) may enter: the file system does the authentication, as it does for the
/// `peer` method, without depending on the client's OS user name matching a role.
///
/// When Spoor runs as root the server runs as an unprivileged account (`postgres`, else a `spoor` system user),
/// which owns the directories.
public struct EmbeddedCluster: Sendable {
  /// The database Spoor uses inside the cluster.
  public static let databaseName = "spoor"
  /// The cluster's superuser role.
  public static let superuser = "postgres"
  /// The port number that names the socket file (no TCP port is opened).
  public static let port = 5432

  /// The directory holding everything the cluster owns.
  public let rootDirectory: String
  /// The directory holding the PostgreSQL server programs.
  public let binDirectory: String
  let account: ServerAccount

  /// The cluster's data directory.
  public var dataDirectory: String { rootDirectory + "/data" }
  /// The private directory holding the server's Unix socket.
  public var socketDirectory: String { rootDirectory + "/socket" }
  /// The server's log file.
  public var logFile: String { rootDirectory + "/server.log" }
  /// The OS user the server runs as, or nil for the current user.
  public var serverUser: String? { account.user }

  /// A cluster rooted at `rootDirectory` (default: ``defaultRootDirectory(environment:)``).
  /// - Throws: ``EmbeddedClusterError`` when no server binaries are installed or no unprivileged user is available.
  public init(rootDirectory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws
  {
    let root = rootDirectory ?? Self.defaultRootDirectory(environment: environment)
    self.rootDirectory = URL(fileURLWithPath: root).standardizedFileURL.path
    self.binDirectory = try PostgresBinaries.locate(environment: environment)
    self.account = try ServerAccount.current()
    let socketFile = socketDirectory + "/.s.PGSQL.\(Self.port)"
    guard socketFile.utf8.count <= 107 else { throw EmbeddedClusterError.socketPathTooLong(path: socketFile) }
  }

  /// Where the cluster lives when nothing says otherwise: `$SPOOR_HOME/cluster`; for root `/var/lib/spoor/cluster`;
  /// otherwise `$XDG_DATA_HOME/spoor/cluster` or `~/.local/share/spoor/cluster`.
  public static func defaultRootDirectory(environment: [String: String]) -> String {
    if let home = environment["SPOOR_HOME"], !home.isEmpty { return home + "/cluster" }
    if geteuid() == 0 { return "/var/lib/spoor/cluster" }
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/spoor/cluster" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/share/spoor/cluster"
  }

  /// Whether the cluster exists and whether its server runs.
  public func status() throws -> EmbeddedClusterStatus {
    guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return .uninitialized }
    let output = try runner.run(tool("pg_ctl"), ["status", "-D", dataDirectory], in: rootDirectory)
    switch output.status {
    case 0:
      let pid = output.text.split(separator: "PID: ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) }
      return .running(pid: pid ?? 0)
    case 3: return .stopped
    default:
      throw EmbeddedClusterError.commandFailed(command: "pg_ctl status", status: output.status, output: output.text)
    }
  }

  /// Creates the cluster if needed, starts its server unless it already runs, and makes sure the `spoor`
  /// database exists.
  ///
  /// Safe to call from several processes at once. Clears a hold left by ``stop(hold:)``.
  /// - Returns: true when this call started the server, false when it was already running.
  @discardableResult
  public func start() throws -> Bool {
    try prepareRoot()
    return try FileLock.withLock(at: rootDirectory + "/.lock") {
      if case .uninitialized = try status() { try initialize() }
      var started = false
      if case .stopped = try status() {
        let output = try runner.run(
          tool("pg_ctl"), ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60"], in: rootDirectory)
        guard output.status == 0, case .running = try status() else {
          throw EmbeddedClusterError.startFailed(dataDirectory: dataDirectory, log: logTail())
        }
        started = true
      }
      try createDatabaseIfMissing()
      if isHeldStopped { try FileManager.default.removeItem(atPath: heldStoppedMarker) }
      return started
    }
  }

  /// The file whose presence says the cluster was stopped on purpose (`spoor db stop`) and must stay stopped
  /// until something starts it explicitly: the scheduler does not restart it when it reconnects.
  public var heldStoppedMarker: String { rootDirectory + "/stopped-by-user" }

  /// True when the cluster was stopped with `hold` (``stop(hold:)``) and not started since.
  public var isHeldStopped: Bool { FileManager.default.fileExists(atPath: heldStoppedMarker) }

  /// Stops the server (fast shutdown: open sessions are rolled back).
  ///
  /// Does nothing when it is not running (but still records `hold`).
  /// - Parameter hold: also record that it was stopped on purpose (``isHeldStopped``), until the next ``start()``.
  /// - Returns: true when a running server was stopped.
  @discardableResult
  public func stop(hold: Bool = false) throws -> Bool {
    if hold, FileManager.default.fileExists(atPath: rootDirectory) {
      guard FileManager.default.createFile(atPath: heldStoppedMarker, contents: Data("spoor db stop\n".utf8)) else {
        throw EmbeddedClusterError.directory(path: rootDirectory, reason: "cannot write \(heldStoppedMarker)")
      }
    }
    guard case .running = try status() else { return false }
    try runner.check(tool("pg_ctl"), ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"], in: rootDirectory)
    return true
  }

  /// libpq keyword/value parameters reaching `database` in this cluster through its socket.
  public func connectionParameters(database: String = EmbeddedCluster.databaseName) -> [String: String] {
    ["host": socketDirectory, "port": String(Self.port), "user": Self.superuser, "dbname": database]
  }

  /// A `postgresql://` URL for the `spoor` database, usable with `psql` and `--database-url`.
  public var url: String {
    let host =
      socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~")))
      ?? socketDirectory
    return "postgresql://\(Self.superuser)@\(host):\(Self.port)/\(Self.databaseName)"
  }

  private var runner: CommandRunner { CommandRunner(user: account.user) }

  private func tool(_ name: String) -> String { binDirectory + "/" + name }

  /// Creates the root and socket directories, owned by the server's account and closed to everyone else.
  private func prepareRoot() throws {
    try account.prepareDirectory(rootDirectory, mode: 0o700)
    try account.prepareDirectory(socketDirectory, mode: 0o700)
    // As root, a parent such as /root (mode 0700) can shut the server's user out of its own directory; say so
    // now instead of letting initdb fail with "Permission denied".
    if let user = account.user, try runner.run("/usr/bin/test", ["-w", rootDirectory], in: "/").status != 0 {
      throw EmbeddedClusterError.directory(
        path: rootDirectory,
        reason: "the server's user \(user) cannot enter it (a parent directory is closed to it); "
          + "set SPOOR_HOME to a directory it can reach, such as /var/lib/spoor")
    }
  }

  /// Runs `initdb` and writes the socket-only settings.
  private func initialize() throws {
    try? FileManager.default.removeItem(atPath: dataDirectory)
    try runner.check(
      tool("initdb"),
      ["-D", dataDirectory, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-instructions"],
      in: rootDirectory)
    let settings = """

      # Added by Spoor: a private, socket-only cluster (see EmbeddedCluster.swift).
      listen_addresses = ''
      port = \(Self.port)
      unix_socket_directories = '\(socketDirectory.replacingOccurrences(of: "'", with: "''"))'
      unix_socket_permissions = 0700
      timezone = 'UTC'

      """
    guard let handle = FileHandle(forWritingAtPath: dataDirectory + "/postgresql.conf") else {
      throw EmbeddedClusterError.directory(path: dataDirectory, reason: "postgresql.conf is not writable")
    }
    defer { try? handle.close() }
    handle.seekToEndOfFile()
    handle.write(Data(settings.utf8))
  }

  private func createDatabaseIfMissing() throws {
    let connection = try Connection(
      configuration: ConnectionConfiguration(parameters: connectionParameters(database: "postgres")))
    defer { connection.close() }
    let existing = try connection.execute(
      "SELECT 1 FROM pg_database WHERE datname = $1", [.text(Self.databaseName)])
    if existing.rows.isEmpty {
      try connection.executeScript("CREATE DATABASE \(Self.databaseName)")
    }
  }

  /// The last lines of the server log, to explain a failed start.
  private func logTail() -> String {
    let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "(no log at \(logFile))"
    return text.split(separator: "\n").suffix(15).joined(separator: "\n")
  }
}
