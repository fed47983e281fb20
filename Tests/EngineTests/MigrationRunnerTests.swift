import Foundation
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorEngine

@Suite struct MigrationRunnerTests {
  static func packageMigrations() throws -> MigrationSource {
    try MigrationSource.directory(TestDatabase.packageRoot + "/migrations")
  }

  @Test func appliesEachMigrationOnceAndRecordsChecksums() throws {
    let connection = try Connection(configuration: try TestDatabase.makeEmptyDatabase(named: "migrate_once"))
    defer { connection.close() }
    let source = try Self.packageMigrations()
    let runner = MigrationRunner(source: source)
    let first = try runner.migrate(on: connection)
    #expect(first.map(\.version) == source.migrations.map(\.version))
    #expect(try runner.migrate(on: connection).isEmpty)
    let recorded = try connection.execute("SELECT version, checksum FROM spoor.schema_migrations ORDER BY version")
    #expect(recorded.rows.map { $0.values } == source.migrations.map { [String($0.version), $0.checksum] })
    #expect(try runner.status(on: connection).allSatisfy { if case .applied = $0.kind { true } else { false } })
  }

  @Test func refusesAChangedAppliedMigrationBeforeApplyingAnything() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "checksum"))
    defer { connection.close() }
    var migrations = try Self.packageMigrations().migrations
    let index = try #require(migrations.firstIndex { $0.version == 2 })
    migrations[index].sql += "\n-- edited after it was applied\n"
    migrations.append(Migration(version: 9_999, name: "later", sql: "CREATE TABLE public.later (x integer);"))
    let runner = MigrationRunner(source: try MigrationSource(migrations: migrations, origin: "test"))
    #expect {
      try runner.migrate(on: connection)
    } throws: { error in
      guard case .checksumMismatch(let fileName, _, _) = error as? MigrationError else { return false }
      return fileName == "0002_defender_tables.sql"
        && "\(error)".contains("0002_defender_tables.sql changed after it was applied")
    }
    let later = try connection.execute("SELECT to_regclass('public.later') IS NULL")
    #expect(later.rows.first?[0] == "t")
    let states = try runner.status(on: connection)
    let appliedAt = try #require(try appliedAt(2, connection))
    #expect(states.first { $0.version == 2 }?.kind == .changed(at: appliedAt))
    #expect(states.first { $0.version == 9_999 }?.kind == .pending)
  }

  @Test func rollsBackAFailingMigration() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "failing"))
    defer { connection.close() }
    var migrations = try Self.packageMigrations().migrations
    migrations.append(
      Migration(version: 9_998, name: "broken", sql: "CREATE TABLE public.half (x integer);\nSELECT 1 / 0;"))
    let runner = MigrationRunner(source: try MigrationSource(migrations: migrations, origin: "test"))
    #expect(throws: MigrationError.self) { try runner.migrate(on: connection) }
    let state = try connection.execute(
      "SELECT to_regclass('public.half') IS NULL, count(*) FROM spoor.schema_migrations WHERE version = 9998")
    #expect(state.rows.first?.values == ["t", "0"])
  }

  @Test func concurrentRunsApplyEachMigrationExactlyOnce() async throws {
    let configuration = try TestDatabase.makeEmptyDatabase(named: "concurrent")
    let source = try Self.packageMigrations()
    let appliedVersions = try await withThrowingTaskGroup(of: [Int].self) { group in
      for _ in 0..<3 {
        group.addTask {
          let connection = try Connection(configuration: configuration)
          defer { connection.close() }
          return try MigrationRunner(source: source).migrate(on: connection).map(\.version)
        }
      }
      var all: [Int] = []
      for try await versions in group { all += versions }
      return all
    }
    #expect(appliedVersions.sorted() == source.migrations.map(\.version))
    let connection = try Connection(configuration: configuration)
    defer { connection.close() }
    let count = try connection.execute("SELECT count(*), count(DISTINCT version) FROM spoor.schema_migrations")
    #expect(count.rows.first?.values == [String(source.migrations.count), String(source.migrations.count)])
  }

  @Test func bundledMigrationsMatchTheFiles() throws {
    let files = try Self.packageMigrations().migrations
    let bundled = try MigrationSource.builtIn().migrations
    #expect(
      bundled == files,
      "Sources/SpoorEngine/Migrations/Migration+Bundled.swift is stale: run scripts/bundle-migrations.py")
  }

  @Test func parsesFileNames() throws {
    let migration = try Migration(fileName: "0012_hunt_runs.sql", sql: "")
    #expect(migration.version == 12 && migration.name == "hunt_runs" && migration.fileName == "0012_hunt_runs.sql")
    #expect(throws: MigrationError.self) { try Migration(fileName: "hunt_runs.sql", sql: "") }
    #expect(throws: MigrationError.self) {
      try MigrationSource(
        migrations: [Migration(version: 1, name: "a", sql: ""), Migration(version: 1, name: "b", sql: "")],
        origin: "test")
    }
  }

  /// 0002 and 0003 lost a comment naming the team's shared folder: a database that recorded their earlier text is
  /// up to date, and nothing is applied again; any other edit is still refused.
  @Test func aFormerTextOf0002And0003StillMatches() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "former_checksum"))
    defer { connection.close() }
    let runner = MigrationRunner(source: try Self.packageMigrations())
    _ = try connection.execute(
      "UPDATE spoor.schema_migrations SET checksum = $2 WHERE version = $1",
      [.int64(2), .text("622ca1c30df24e6b2128ffcdd6d824190e1c508da691be3b9a8e7e7b2779b293")])
    _ = try connection.execute(
      "UPDATE spoor.schema_migrations SET checksum = $2 WHERE version = $1",
      [.int64(3), .text("655ebbcdd740b47b537e2c905c2c2722dcbbf4b1823aabe0f23b809afb2910ab")])
    #expect(try runner.migrate(on: connection).isEmpty)
    let changed = try runner.status(on: connection).filter {
      if case .changed = $0.kind { return true } else { return false }
    }
    #expect(changed.isEmpty)
    let migration = try #require(try Self.packageMigrations().migrations.first { $0.version == 2 })
    #expect(!migration.matches(recordedChecksum: "622ca1c30df24e6b2128ffcdd6d824190e1c508da691be3b9a8e7e7b2779b294"))
  }

  /// The checksums recorded in existing databases must not change with the digest's implementation: these are
  /// `sha256sum` of the migration files (GNU coreutils), which the compiled-in copies hash to as well.
  @Test(arguments: [
    (1, "fee51be3c1e0210bc41abf89a18a9d3896428825cab4ea2c4fe1c09a1874b9ea"),
    (10, "03d30350c5d11548af5117b362b8b21f1bd4e1f35d308cef237537e156df2b71"),
  ])
  func checksumsAreTheFilesSHA256(version: Int, digest: String) throws {
    let migration = try #require(try MigrationSource.builtIn().migrations.first { $0.version == version })
    #expect(migration.checksum == digest)
  }

  private func appliedAt(_ version: Int, _ connection: Connection) throws -> String? {
    try connection.execute(
      "SELECT applied_at::text FROM spoor.schema_migrations WHERE version = $1", [.int64(Int64(version))]
    ).rows.first?[0]
  }
}
