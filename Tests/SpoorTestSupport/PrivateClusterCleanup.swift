import Foundation
import SpoorEngine

/// Stops the test process's private cluster and deletes its directory when the process exits.
///
/// A PostgreSQL server outlives the process that started it, so without this every test run would leave one
/// behind. `atexit` handlers run on a normal exit, which is how test runners end.
enum PrivateClusterCleanup {
  /// The cluster to stop at exit; written once, before the handler is registered.
  nonisolated(unsafe) private static var cluster: EmbeddedCluster?

  /// Arranges for `cluster` to be stopped and removed at exit.
  static func register(_ cluster: EmbeddedCluster) {
    Self.cluster = cluster
    atexit {
      guard let cluster = PrivateClusterCleanup.cluster else { return }
      _ = try? cluster.stop()
      // The stopped server's last files can still be settling while the tree is walked (seen: an empty data/
      // left behind), so try a few times.
      for _ in 0..<5 {
        guard (try? FileManager.default.removeItem(atPath: cluster.rootDirectory)) == nil else { return }
        usleep(200_000)
      }
    }
  }
}
