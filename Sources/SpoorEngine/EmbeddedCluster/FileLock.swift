import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive `flock(2)` on a file, held while a closure runs.
///
/// Two `spoor` processes (or two test processes) starting the same cluster at once would otherwise race through
/// `initdb` and `pg_ctl start`; the lock makes the second one wait and then reuse what the first one set up.
enum FileLock {
  /// Runs `body` while holding an exclusive lock on `path` (created if missing).
  static func withLock<T>(at path: String, _ body: () throws -> T) throws -> T {
    let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw EmbeddedClusterError.directory(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw EmbeddedClusterError.directory(path: path, reason: String(cString: strerror(errno)))
      }
    }
    defer { flock(descriptor, LOCK_UN) }
    return try body()
  }
}
