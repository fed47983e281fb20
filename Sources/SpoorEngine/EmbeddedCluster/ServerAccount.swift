import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The operating-system account the embedded server runs as.
///
/// PostgreSQL refuses to run as root, so when Spoor runs as root the server runs as `postgres` (created by the
/// distribution's package) or, failing that, a `spoor` system user that Spoor creates.
struct ServerAccount: Sendable {
  /// The user name, or nil when the server runs as the current (non-root) user.
  var user: String?
  /// The numeric user id owning the cluster's directories.
  var uid: UInt32
  /// The numeric group id owning the cluster's directories.
  var gid: UInt32

  /// The account for the current process.
  /// - Throws: ``EmbeddedClusterError`` when running as root and no unprivileged user exists or can be created.
  static func current() throws -> ServerAccount {
    guard geteuid() == 0 else { return ServerAccount(user: nil, uid: geteuid(), gid: getegid()) }
    for name in ["postgres", "spoor"] {
      if let account = lookup(name) { return account }
    }
    let useradd = ["/usr/sbin/useradd", "/sbin/useradd"].first(where: FileManager.default.isExecutableFile(atPath:))
    guard let useradd else { throw EmbeddedClusterError.missingTool(name: "useradd", package: "passwd") }
    try CommandRunner(user: nil).check(
      useradd, ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "spoor"], in: "/")
    guard let account = lookup("spoor") else {
      throw EmbeddedClusterError.directory(path: "/etc/passwd", reason: "user spoor was not created")
    }
    return account
  }

  /// The account named `name`, if it exists.
  private static func lookup(_ name: String) -> ServerAccount? {
    guard let entry = getpwnam(name) else { return nil }
    return ServerAccount(user: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
  }

  /// Creates `path` (and its parents) if needed, gives it to this account and sets its mode.
  func prepareDirectory(_ path: String, mode: Int) throws {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw EmbeddedClusterError.directory(path: path, reason: "\(error)")
    }
    if chown(path, uid, gid) != 0 || chmod(path, mode_t(mode)) != 0 {
      throw EmbeddedClusterError.directory(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
