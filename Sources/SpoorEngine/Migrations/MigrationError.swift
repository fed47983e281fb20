/// Why migrations could not be read or applied.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
  /// A file in the migrations folder is not named `<digits>_<name>.sql`.
  case invalidFileName(String)
  /// Two files share a version number.
  case duplicateVersion(Int, [String])
  /// The migrations folder could not be read.
  case unreadable(path: String, reason: String)
  /// An applied migration's file changed since it was applied.
  case checksumMismatch(fileName: String, applied: String, current: String)
  /// A migration failed; its transaction was rolled back.
  case failed(fileName: String, reason: String)

  /// One clear line.
  public var description: String {
    switch self {
    case .invalidFileName(let name):
      return "migration file \(name) is not named <number>_<name>.sql"
    case .duplicateVersion(let version, let names):
      return "migrations \(names.joined(separator: " and ")) share version \(version)"
    case .unreadable(let path, let reason):
      return "cannot read migrations from \(path): \(reason)"
    case .checksumMismatch(let fileName, let applied, let current):
      return "migration \(fileName) changed after it was applied (checksum \(applied.prefix(12))… recorded, "
        + "\(current.prefix(12))… now); applied migrations must never change: restore the file and add a new migration"
    case .failed(let fileName, let reason):
      return "migration \(fileName) failed and was rolled back: \(reason)"
    }
  }
}
