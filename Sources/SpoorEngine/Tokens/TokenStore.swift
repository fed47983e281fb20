import Foundation
import SpoorPostgres

/// One API token as `spoor token list` shows it (never the token itself).
public struct TokenRecord: Sendable, Hashable {
  /// The row id.
  public var id: Int64
  /// The name given at creation.
  public var name: String
  /// What the token may do.
  public var role: Role
  /// When it was created, ISO 8601 UTC.
  public var createdAt: String
  /// When it was revoked, if it was.
  public var revokedAt: String?
}

/// Why a token operation failed.
public struct TokenError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, for the CLI.
  public var description: String
}

/// The bearer tokens of `spoor serve` in `spoor.api_tokens` (migration 0100).
///
/// A token is a random secret returned once when it is created; the table keeps its SHA-256, which each request's
/// token is looked up by.
public enum TokenStore {
  /// The prefix of every token, so a leaked one is recognisable in logs and secret scanners.
  public static let prefix = "spoor_"

  /// Creates a token and returns its text: the only time it is ever shown.
  /// - Throws: `TokenError` when a live token already has this name; `PostgresError` otherwise.
  public static func create(name: String, role: Role, on connection: Connection) throws -> String {
    guard !name.isEmpty else { throw TokenError(description: "a token needs a name") }
    var generator = SystemRandomNumberGenerator()
    // 32 bytes from the system's CSPRNG (getrandom on Linux): 256 bits, written as hex.
    let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
    let token = prefix + secret.joined()
    do {
      _ = try connection.execute(
        "INSERT INTO spoor.api_tokens (name, role, token_sha256) VALUES ($1, $2, $3)",
        [.text(name), .text(role.rawValue), .text(digest(token))])
    } catch let error as PostgresError where error.sqlState == "23505" {
      throw TokenError(description: "a live token is already called '\(name)'; revoke it first or pick another name")
    }
    return token
  }

  /// Every token, live and revoked, oldest first.
  public static func list(on connection: Connection) throws -> [TokenRecord] {
    let result = try connection.execute(
      """
      SELECT id, name, role, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      FROM spoor.api_tokens ORDER BY id
      """)
    return result.rows.map { row in
      TokenRecord(
        id: Int64(row[0] ?? "") ?? 0, name: row[1] ?? "", role: Role(rawValue: row[2] ?? "") ?? .reader,
        createdAt: row[3] ?? "", revokedAt: row[4])
    }
  }

  /// Revokes the live token called `name`; returns false when there is none.
  public static func revoke(name: String, on connection: Connection) throws -> Bool {
    let result = try connection.execute(
      "UPDATE spoor.api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id",
      [.text(name)])
    return !result.rows.isEmpty
  }

  /// The role of a live token, or nil for an unknown or revoked one.
  public static func role(ofToken token: String, on connection: Connection) throws -> Role? {
    guard token.hasPrefix(prefix), token.utf8.count <= 200 else { return nil }
    let result = try connection.execute(
      "SELECT role FROM spoor.api_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL", [.text(digest(token))])
    return result.rows.first.flatMap { $0[0] }.flatMap(Role.init(rawValue:))
  }

  /// The stored form of a token: the lowercase hex SHA-256 of its UTF-8 text.
  static func digest(_ token: String) -> String { SHA256.hexDigest(of: Array(token.utf8)) }
}
