import Foundation
import SpoorEngine

/// Stops the test process's private cluster and deletes its directory when the process exits.
///
/// A PostgreSQL server outlives the process that started it, so without this every test run would leave one
/// behind. `atexit` handlers run on a normal exit, which is how test runners end; a test process that is killed
/// leaves its cluster behind, so each new test process first reaps the clusters of dead ones
/// (``reapOrphans()``).
enum PrivateClusterCleanup {
  /// Where private test clusters live: `<prefix><pid>-<random>`.
  static let directoryPrefix = "/tmp/spoor-test-"

  /// The cluster to stop at exit; written once, before the handler is registered.
  nonisolated(unsafe) private static var cluster: EmbeddedCluster?

  /// Arranges for `cluster` to be stopped and removed at exit.
  static func register(_ cluster: EmbeddedCluster) {
    Self.cluster = cluster
    atexit {
      guard let cluster = PrivateClusterCleanup.cluster else { return }
      PrivateClusterCleanup.remove(cluster)
    }
  }

  /// Stops and removes the private clusters whose test process no longer exists (it was killed, so its `atexit`
  /// handler never ran).
  ///
  /// Clusters of live processes, including concurrent test runs, are left alone.
  static func reapOrphans() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/tmp") else { return }
    let prefix = directoryPrefix.dropFirst("/tmp/".count)
    for name in names where name.hasPrefix(prefix) {
      let owner = name.dropFirst(prefix.count).prefix { $0.isNumber }
      guard let pid = pid_t(owner), pid != getpid(), !isAlive(pid) else { continue }
      guard let cluster = try? EmbeddedCluster(rootDirectory: "/tmp/" + name) else { continue }
      remove(cluster)
    }
  }

  private static func remove(_ cluster: EmbeddedCluster) {
    _ = try? cluster.stop()
    // The stopped server's last files can still be settling while the tree is walked (seen: an empty data/
    // left behind), so try a few times.
    for _ in 0..<5 {
      guard (try? FileManager.default.removeItem(atPath: cluster.rootDirectory)) == nil else { return }
      usleep(200_000)
    }
  }

  /// Whether a process with this id exists (`kill` with signal 0 probes without sending anything).
  private static func isAlive(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
