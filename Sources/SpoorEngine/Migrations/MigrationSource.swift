import Foundation

/// The migrations Spoor applies and where they came from.
///
/// A folder on disk wins, so a user's own migrations (new tables become queryable) and a developer's edits are
/// seen: `--migrations PATH`, then `SPOOR_MIGRATIONS`, then `migrations/` in the current directory, then
/// `migrations/` of the package the executable was built in. An installed binary with none of these falls back
/// to the copies compiled into it (``Migration/bundled``), so `spoor migrate` works from any directory.
public struct MigrationSource: Sendable {
  /// The migrations, ordered by version.
  public var migrations: [Migration]
  /// Where they came from: a folder path, or `built-in`.
  public var origin: String

  /// Creates a source from already-loaded migrations.
  /// - Throws: ``MigrationError/duplicateVersion(_:_:)`` when two migrations share a version.
  public init(migrations: [Migration], origin: String) throws {
    let sorted = migrations.sorted { $0.version < $1.version }
    for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
      throw MigrationError.duplicateVersion(next.version, [previous.fileName, next.fileName])
    }
    self.migrations = sorted
    self.origin = origin
  }

  /// The migrations compiled into the binary.
  public static func builtIn() throws -> MigrationSource {
    try MigrationSource(migrations: Migration.bundled, origin: "built-in")
  }

  /// Every `*.sql` file of `directory`.
  /// - Throws: ``MigrationError`` when the folder cannot be read or a file is misnamed.
  public static func directory(_ path: String) throws -> MigrationSource {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".sql") }
    } catch {
      throw MigrationError.unreadable(path: path, reason: "\(error.localizedDescription)")
    }
    let migrations = try names.map { name -> Migration in
      let file = path + "/" + name
      guard let data = FileManager.default.contents(atPath: file), let sql = String(data: data, encoding: .utf8) else {
        throw MigrationError.unreadable(path: file, reason: "not readable UTF-8 text")
      }
      return try Migration(fileName: name, sql: sql)
    }
    return try MigrationSource(migrations: migrations, origin: path)
  }

  /// The migrations to use, found as the type's documentation describes.
  /// - Parameters:
  ///   - explicitPath: the `--migrations` option, if given.
  ///   - environment: read for `SPOOR_MIGRATIONS`.
  public static func locate(
    explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> MigrationSource {
    if let explicitPath { return try directory(explicitPath) }
    if let path = environment["SPOOR_MIGRATIONS"], !path.isEmpty { return try directory(path) }
    for candidate in candidateDirectories() where isDirectory(candidate) {
      return try directory(candidate)
    }
    return try builtIn()
  }

  /// `migrations/` in the current directory, then in the first ancestor of the executable holding `Package.swift`.
  private static func candidateDirectories() -> [String] {
    var candidates = [FileManager.default.currentDirectoryPath + "/migrations"]
    guard let executable = Bundle.main.executableURL else { return candidates }
    var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.path != "/" && !folder.path.isEmpty {
      if FileManager.default.fileExists(atPath: folder.path + "/Package.swift") {
        candidates.append(folder.path + "/migrations")
        break
      }
      folder.deleteLastPathComponent()
    }
    return candidates
  }

  private static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}
