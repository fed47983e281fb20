import Foundation

/// Finds the installed PostgreSQL server programs (`initdb`, `pg_ctl`).
public enum PostgresBinaries {
  /// The directory holding `initdb` and `pg_ctl`: `pg_config --bindir`, then the newest
  /// `/usr/lib/postgresql/*/bin`, then `$PATH`.
  /// - Parameters:
  ///   - environment: read for `PATH`.
  ///   - packageRoot: where Debian's packages install one folder per major version.
  /// - Throws: ``EmbeddedClusterError/serverBinariesNotFound(searched:)`` naming the package to install.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    packageRoot: String = "/usr/lib/postgresql"
  ) throws -> String {
    var searched: [String] = []
    let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    if let pgConfig = path.map({ $0 + "/pg_config" }).first(where: FileManager.default.isExecutableFile(atPath:)),
      let output = try? CommandRunner(user: nil).check(pgConfig, ["--bindir"], in: "/")
    {
      let directory = output.trimmingCharacters(in: .whitespacesAndNewlines)
      if hasServer(directory) { return directory }
      searched.append(directory)
    }
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot)) ?? []
    for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
      let directory = "\(packageRoot)/\(version)/bin"
      if hasServer(directory) { return directory }
    }
    searched.append("\(packageRoot)/*/bin")
    for directory in path where hasServer(directory) {
      return directory
    }
    searched.append("$PATH")
    throw EmbeddedClusterError.serverBinariesNotFound(searched: searched)
  }

  /// True when `directory` holds both `initdb` and `pg_ctl`.
  static func hasServer(_ directory: String) -> Bool {
    ["initdb", "pg_ctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
  }
}
