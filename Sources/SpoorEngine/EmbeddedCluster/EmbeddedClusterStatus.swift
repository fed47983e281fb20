/// The state of an ``EmbeddedCluster``.
public enum EmbeddedClusterStatus: Sendable, Equatable, CustomStringConvertible {
  /// No cluster has been created in the data directory yet.
  case uninitialized
  /// The cluster exists and its server is not running.
  case stopped
  /// The server runs with this postmaster process id.
  case running(pid: Int)

  /// A short phrase for `spoor db status`.
  public var description: String {
    switch self {
    case .uninitialized: return "not created"
    case .stopped: return "stopped"
    case .running(let pid): return "running (pid \(pid))"
    }
  }
}
