import SpoorPostgres

/// Applies migrations to a database: in version order, each at most once, each in its own transaction, all under
/// one session-level advisory lock, recording version, name and SHA-256 checksum in `spoor.schema_migrations`.
///
/// The lock makes concurrent runs (two `spoor migrate`, or a scheduler starting beside an upgrade) take turns:
/// the second waits, then finds everything applied. A migration whose file changed after it was applied stops
/// the run before anything is applied, naming the file.
public struct MigrationRunner: Sendable {
  /// The migrations this runner applies.
  public let source: MigrationSource

  /// A runner for `source`.
  public init(source: MigrationSource) {
    self.source = source
  }

  /// Applies every pending migration.
  /// - Returns: the migrations applied by this call, in order (empty when the database was up to date).
  /// - Throws: ``MigrationError/checksumMismatch(fileName:applied:current:)`` before applying anything when an
  ///   applied file changed; ``MigrationError/failed(fileName:reason:)`` when a migration fails (it is rolled back,
  ///   earlier ones stay applied); ``PostgresError`` for connection problems.
  @discardableResult
  public func migrate(on connection: Connection) throws -> [Migration] {
    try withLock(on: connection) {
      let states = try states(on: connection)
      if let changed = states.first(where: { if case .changed = $0.kind { return true } else { return false } }),
        let migration = source.migrations.first(where: { $0.version == changed.version })
      {
        let recorded = try recordedChecksum(version: changed.version, on: connection)
        throw MigrationError.checksumMismatch(
          fileName: migration.fileName, applied: recorded, current: migration.checksum)
      }
      let pendingVersions = Set(states.filter { $0.kind == .pending }.map(\.version))
      var applied: [Migration] = []
      for migration in source.migrations where pendingVersions.contains(migration.version) {
        do {
          try connection.transaction { connection in
            try connection.executeScript(migration.sql)
            _ = try connection.execute(
              "INSERT INTO spoor.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
              [.int64(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
          }
        } catch let error as PostgresError where error.kind != .connection {
          throw MigrationError.failed(fileName: migration.fileName, reason: error.description)
        }
        applied.append(migration)
      }
      return applied
    }
  }

  /// The migrations of the source not yet applied, read without taking the lock or writing anything, so a
  /// read-only role may ask; every one of them when the database has no Spoor schema at all.
  public func pending(on connection: Connection) throws -> [Migration] {
    let recorded = try connection.execute("SELECT to_regclass('spoor.schema_migrations') IS NOT NULL")
    guard recorded.rows.first?[0] == "t" else { return source.migrations }
    let applied = Set(
      try connection.execute("SELECT version FROM spoor.schema_migrations").rows.compactMap { $0[0].flatMap(Int.init) })
    return source.migrations.filter { !applied.contains($0.version) }
  }

  /// Every migration of the source and every recorded one, with where each stands, ordered by version.
  public func status(on connection: Connection) throws -> [MigrationState] {
    try withLock(on: connection) { try states(on: connection) }
  }

  /// Creates the history table if needed, then runs `body` holding the advisory lock.
  private func withLock<T>(on connection: Connection, _ body: () throws -> T) throws -> T {
    try connection.lock(.migrations)
    defer { try? connection.unlock(.migrations) }
    try connection.executeScript(Self.historyTableSQL)
    return try body()
  }

  /// The history table.
  ///
  /// The runner creates it itself (under the lock) because it must exist before the first migration can be
  /// recorded.
  static let historyTableSQL = """
    CREATE SCHEMA IF NOT EXISTS spoor;
    CREATE TABLE IF NOT EXISTS spoor.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
    COMMENT ON TABLE spoor.schema_migrations IS 'Migrations applied by spoor migrate: one row per file, with its SHA-256';
    """

  private func states(on connection: Connection) throws -> [MigrationState] {
    let result = try connection.execute(
      "SELECT version, name, checksum, applied_at::text FROM spoor.schema_migrations ORDER BY version", [])
    var recorded: [Int: (name: String, checksum: String, at: String)] = [:]
    for row in result.rows {
      guard let version = row[0].flatMap({ Int($0) }) else { continue }
      recorded[version] = (row[1] ?? "", row[2] ?? "", row[3] ?? "")
    }
    var states: [MigrationState] = source.migrations.map { migration in
      guard let record = recorded[migration.version] else {
        return MigrationState(version: migration.version, fileName: migration.fileName, kind: .pending)
      }
      let kind: MigrationState.Kind =
        migration.matches(recordedChecksum: record.checksum) ? .applied(at: record.at) : .changed(at: record.at)
      return MigrationState(version: migration.version, fileName: migration.fileName, kind: kind)
    }
    let known = Set(source.migrations.map(\.version))
    for (version, record) in recorded where !known.contains(version) {
      let fileName = Migration(version: version, name: record.name, sql: "").fileName
      states.append(MigrationState(version: version, fileName: fileName, kind: .unknownToSource(at: record.at)))
    }
    return states.sorted { $0.version < $1.version }
  }

  private func recordedChecksum(version: Int, on connection: Connection) throws -> String {
    let result = try connection.execute(
      "SELECT checksum FROM spoor.schema_migrations WHERE version = $1", [.int64(Int64(version))])
    return result.rows.first?[0] ?? ""
  }
}
