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

  /// Checksums that an earlier text of a migration recorded, for changes that alter no SQL statement: a database
  /// migrated with that text is up to date, not changed.
  ///
  /// 0002 and 0003: their first comment line named the reference they were generated from by the path of the
  /// team's shared folder, which a clone does not have; it now names `reference/schema.json`. 0080: its header named
  /// the folder `ProcessLineage` lived in before SpoorIngest became a module of its own.
  static let formerChecksums: [Int: Set<String>] = [
    2: ["622ca1c30df24e6b2128ffcdd6d824190e1c508da691be3b9a8e7e7b2779b293"],
    3: ["655ebbcdd740b47b537e2c905c2c2722dcbbf4b1823aabe0f23b809afb2910ab"],
    80: ["6d37c10f954726d036bc3122e62708c1fd14fd96aa89393f89e4936d1a3d379c"],
  ]

  /// True when `recorded`, the checksum `spoor.schema_migrations` holds for this migration, is its text's own
  /// or one of ``formerChecksums``.
  public func matches(recordedChecksum recorded: String) -> Bool {
    recorded == checksum || Self.formerChecksums[version]?.contains(recorded) == true
  }

  /// The SHA-256 of the SQL text's UTF-8 bytes, in hex: what `spoor.schema_migrations.checksum` records.
  public var checksum: String { HexText.lowercase(SHA256.hash(data: Array(sql.utf8))) }
}
