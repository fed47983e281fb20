import Foundation
import SpoorEngine

/// Stops the test process's private cluster and deletes its directory when the process exits.
///
/// A PostgreSQL server outlives the process that started it, so without this every test run would leave one
/// behind. `atexit` handlers run on a normal exit, which is how test runners end; a test process that is killed
/// leaves its cluster behind, so each new test process first reaps the clusters of dead ones
/// (``reapOrphans()``). A test process holds an exclusive `flock` on its cluster's `owner.lock` for as long as it
/// lives; the kernel releases it when the process ends, however it ends. That, not the process id in the folder's
/// name, is what tells a live owner from a dead one: process ids are reused, and another PID namespace on the same
/// machine (a container, a sandboxed shell) sees none of this one's processes.
enum PrivateClusterCleanup {
  /// Where private test clusters live: `<prefix><pid>-<random>`.
  static let directoryPrefix = "/tmp/spoor-test-"

  /// The cluster to stop at exit; written once, before the handler is registered.
  nonisolated(unsafe) private static var cluster: EmbeddedCluster?

  /// The file whose lock marks a cluster's owner as alive.
  static let ownerLockName = "owner.lock"

  /// Creates the cluster's folder and takes its owner lock, kept until the process ends.
  static func claim(_ rootDirectory: String) throws {
    try FileManager.default.createDirectory(atPath: rootDirectory, withIntermediateDirectories: true)
    // The lock is taken under another name and then renamed into place, so a reaper never finds an `owner.lock`
    // that is not locked yet (it skips a folder without one).
    let unlocked = rootDirectory + "/" + ownerLockName + ".new"
    let descriptor = open(unlocked, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0,
      rename(unlocked, rootDirectory + "/" + ownerLockName) == 0
    else {
      let reason = String(cString: strerror(errno))
      throw TestDatabaseError(message: "cannot lock \(rootDirectory)/\(ownerLockName): \(reason)")
    }
    // The descriptor stays open on purpose: closing it would release the lock.
  }

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
      let root = "/tmp/" + name
      // Open before the test, so an owner that ends meanwhile cannot have its folder taken by another claim.
      let descriptor = open(root + "/" + ownerLockName, O_RDWR | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      defer { close(descriptor) }
      guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
      guard let cluster = try? EmbeddedCluster(rootDirectory: root) else { continue }
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
}
