import SpoorEngine
import SpoorPostgres

/// Everything `spoor serve` needs: where it listens, the database, the hunts and the limits.
public struct ServerConfiguration: Sendable {
  /// The host to bind: loopback unless asked otherwise.
  public var host: String = "127.0.0.1"
  /// The TCP port (0 picks a free one; ``SpoorServer`` reports it).
  public var port: Int = 8080
  /// The certificate and key of HTTPS: set, the server speaks HTTPS only.
  public var tls: ServerTLS?
  /// Opens a database connection (the CLI passes its locator: `--database-url`, `SPOOR_DATABASE_URL`, `PG*`,
  /// then the embedded cluster).
  public var connect: @Sendable () throws -> Connection
  /// The hunt library: what `/hunts` lists and the scheduler runs.
  public var library: HuntLibrary
  /// The limits of every ad-hoc query.
  public var caps = QueryCaps()
  /// How hunts run (statement timeout, back-off), for `/hunts/{id}/run` and the scheduler.
  public var scheduler = SchedulerConfiguration()
  /// When true, the scheduler runs in the same process (`--schedule`).
  public var runsScheduler = false

  /// Creates a configuration with the defaults (127.0.0.1:8080, no TLS, no scheduler).
  public init(library: HuntLibrary, connect: @escaping @Sendable () throws -> Connection) {
    self.library = library
    self.connect = connect
  }
}
