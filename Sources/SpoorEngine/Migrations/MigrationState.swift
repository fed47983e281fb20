/// One line of `spoor migrate --status`: a migration and whether the database has it.
public struct MigrationState: Sendable, Hashable {
  /// Where a migration stands.
  public enum Kind: Sendable, Hashable {
    /// Applied at this time (as PostgreSQL prints a `timestamptz`), with the same checksum as the file.
    case applied(at: String)
    /// Not applied yet.
    case pending
    /// Applied, but the file changed since: `spoor migrate` refuses to run.
    case changed(at: String)
    /// Recorded as applied, but no file has this version (applied by a newer Spoor or a removed file).
    case unknownToSource(at: String)
  }

  /// The version number.
  public var version: Int
  /// The migration's file name (or the recorded name when no file has this version).
  public var fileName: String
  /// Where it stands.
  public var kind: Kind

  /// Creates a state.
  public init(version: Int, fileName: String, kind: Kind) {
    self.version = version
    self.fileName = fileName
    self.kind = kind
  }
}
