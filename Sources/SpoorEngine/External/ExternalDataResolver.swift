import Foundation
import SpoorPlan
import SpoorPostgres
import SpoorSQL

/// Resolves a statement's `externaldata` inputs (``Value/external(_:)``) into the rows they stand for, one `jsonb`
/// array of objects per source, just before the statement runs: the translators stay pure and `--sql` / `validate`
/// never fetch.
///
/// Each distinct address is read once per statement. An http(s) blob fetched less than
/// ``ExternalDataOptions/cacheTTLSeconds`` ago is read from `spoor.externaldata_cache` (migration 0140) instead of
/// the network; a fresh fetch is stored there with its time. Local files are read every time.
public enum ExternalDataResolver {
  /// The statement with every external input replaced by its rows; the statement itself when it has none.
  /// - Throws: ``ExternalDataError`` when a source cannot be fetched or parsed.
  public static func resolve(
    _ statement: SQLStatement, on connection: Connection, options: ExternalDataOptions = .standard
  ) throws(ExternalDataError) -> SQLStatement {
    guard statement.parameters.contains(where: { if case .external = $0 { true } else { false } }) else {
      return statement
    }
    var blobs: [String: [UInt8]] = [:]
    var resolved = statement
    for (index, parameter) in statement.parameters.enumerated() {
      guard case .external(let source) = parameter else { continue }
      var rows: [String] = []
      for address in source.addresses {
        let bytes: [UInt8]
        if let known = blobs[address] {
          bytes = known
        } else {
          bytes = try blob(address, on: connection, options: options)
          blobs[address] = bytes
        }
        try ExternalDataParser.parse(bytes, source: source, address: address, into: &rows)
      }
      resolved.parameters[index] = .dynamic(json: "[" + rows.joined(separator: ",") + "]")
    }
    return resolved
  }

  /// The bytes of one address, from the cache when fresh.
  static func blob(_ address: String, on connection: Connection, options: ExternalDataOptions)
    throws(ExternalDataError) -> [UInt8]
  {
    guard ExternalDataFetcher.isRemote(address) else { return try ExternalDataFetcher.fetch(address, options: options) }
    if options.cacheTTLSeconds > 0, let cached = cachedBlob(address, on: connection) {
      guard cached.count <= options.maxBytes else { throw .tooLarge(address, limit: options.maxBytes) }
      return cached
    }
    let bytes = try ExternalDataFetcher.fetch(address, options: options)
    if options.cacheTTLSeconds > 0 { store(bytes, for: address, ttlSeconds: options.cacheTTLSeconds, on: connection) }
    return bytes
  }

  /// The cached bytes of `address` when they have not expired.
  ///
  /// A cache that cannot be read (a database without
  /// migration 0140, a role without access) is a miss: the cache only saves fetches.
  private static func cachedBlob(_ address: String, on connection: Connection) -> [UInt8]? {
    guard
      let result = try? connection.execute(
        "SELECT encode(content, 'base64') AS content FROM spoor.externaldata_cache "
          + "WHERE address = $1 AND expires_at > clock_timestamp()", [.text(address)]),
      let base64 = result.rows.first?["content"] ?? nil
    else { return nil }
    // PostgreSQL breaks base64 into lines of 76 characters.
    return Data(base64Encoded: base64, options: .ignoreUnknownCharacters).map { [UInt8]($0) }
  }

  /// Stores a fetch; failing to (a read-only role, no migration 0140) only loses the cache entry.
  private static func store(_ bytes: [UInt8], for address: String, ttlSeconds: Int, on connection: Connection) {
    _ = try? connection.execute(
      """
      INSERT INTO spoor.externaldata_cache (address, fetched_at, expires_at, content)
      VALUES ($1, clock_timestamp(), clock_timestamp() + make_interval(secs => $2::double precision), $3)
      ON CONFLICT (address) DO UPDATE
        SET fetched_at = excluded.fetched_at, expires_at = excluded.expires_at, content = excluded.content
      """,
      [.text(address), .int64(Int64(ttlSeconds)), .bytea(bytes)])
  }
}
