/// Why the embedded PostgreSQL cluster could not be found, set up, started or stopped.
public enum EmbeddedClusterError: Error, Sendable, CustomStringConvertible {
  /// No PostgreSQL server binaries (`initdb`, `pg_ctl`, `postgres`) were found.
  case serverBinariesNotFound(searched: [String])
  /// A system tool the cluster needs is missing.
  case missingTool(name: String, package: String)
  /// An external command failed.
  case commandFailed(command: String, status: Int32, output: String)
  /// The server did not start; `log` holds the end of its log file.
  case startFailed(dataDirectory: String, log: String)
  /// The socket path would exceed the Unix limit of 107 bytes.
  case socketPathTooLong(path: String)
  /// A directory could not be created or handed to the server's user.
  case directory(path: String, reason: String)

  /// One clear line (plus the tool's output where it explains the failure).
  public var description: String {
    switch self {
    case .serverBinariesNotFound(let searched):
      return "PostgreSQL server binaries (initdb, pg_ctl) not found in \(searched.joined(separator: ", ")); "
        + "install them with `apt-get install -y postgresql`, or point Spoor at a server with --database-url"
    case .missingTool(let name, let package):
      return "`\(name)` not found; install it with `apt-get install -y \(package)`"
    case .commandFailed(let command, let status, let output):
      let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
      return "`\(command)` failed with status \(status)" + (detail.isEmpty ? "" : ":\n\(detail)")
    case .startFailed(let dataDirectory, let log):
      return "the embedded PostgreSQL server in \(dataDirectory) did not start; its log ends with:\n\(log)"
    case .socketPathTooLong(let path):
      return "the socket path \(path) is longer than the 107 bytes Unix allows; set SPOOR_HOME to a shorter directory"
    case .directory(let path, let reason):
      return "cannot prepare \(path): \(reason)"
    }
  }
}
