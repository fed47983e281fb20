import Crypto
import SpoorFormats

/// One plain-SQL migration file, `NNNN_name.sql`, applied once in its own transaction.
public struct Migration: Sendable, Hashable {
  /// The number that orders migrations (`3` for `0003_xdr_data.sql`).
  public var version: Int
  /// The part of the file name after the number (`xdr_data`).
  public var name: String
  /// The SQL text, exactly as in the file.
  public var sql: String

  /// Creates a migration from its parts.
  public init(version: Int, name: String, sql: String) {
    self.version = version
    self.name = name
    self.sql = sql
  }

  /// A migration from a file name such as `0003_xdr_data.sql` and its contents.
  /// - Throws: ``MigrationError/invalidFileName(_:)`` when the name is not `<digits>_<name>.sql`.
  public init(fileName: String, sql: String) throws {
    guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_"),
      let version = Int(fileName[..<underscore]), version > 0
    else { throw MigrationError.invalidFileName(fileName) }
    let stem = fileName.dropLast(4)
    self.init(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql)
  }

  /// The file name this migration has in `migrations/` (`0003_xdr_data.sql`).
  public var fileName: String {
    let digits = String(version)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
  }

  /// The SHA-256 of the SQL text's UTF-8 bytes, in hex: what `spoor.schema_migrations.checksum` records.
  public var checksum: String { HexText.lowercase(SHA256.hash(data: Array(sql.utf8))) }
}
