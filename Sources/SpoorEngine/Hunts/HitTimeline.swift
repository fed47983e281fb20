import SpoorPostgres

/// Hits per hunt per hour, read from the view `spoor.hits_per_hour` (migration 0110), which the Grafana board
/// reads too: the console's "hits over time" chart.
public enum HitTimeline {
  /// The hits one hunt recorded in one UTC hour.
  public struct Bucket: Sendable, Hashable {
    /// The hour's start in UTC, RFC 3339 (`2026-01-01T13:00:00Z`).
    public var hour: String
    /// The hunt.
    public var huntID: String
    /// Hits recorded in the hour.
    public var hits: Int64

    /// Creates a bucket.
    public init(hour: String, huntID: String, hits: Int64) {
      self.hour = hour
      self.huntID = huntID
      self.hits = hits
    }
  }

  /// The buckets of the hours from the one holding `since` to the last one starting before `until`, oldest
  /// first, optionally of one hunt.
  /// - Parameters:
  ///   - since: microseconds since the epoch; nil for no lower bound.
  ///   - until: microseconds since the epoch; nil for no upper bound.
  ///   - huntID: only this hunt's hits.
  /// - Throws: `PostgresError` when the query fails.
  public static func hourly(since: Int64?, until: Int64?, huntID: String?, on connection: Connection) throws
    -> [Bucket]
  {
    let result = try connection.execute(
      """
      SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), hunt_id, hits
      FROM spoor.hits_per_hour
      WHERE ($1::bigint IS NULL OR hour >= date_trunc('hour', to_timestamp($1::bigint / 1e6), 'UTC'))
        AND ($2::bigint IS NULL OR hour < to_timestamp($2::bigint / 1e6))
        AND ($3::text IS NULL OR hunt_id = $3::text)
      ORDER BY hour, hunt_id
      """,
      [since.map { .int64($0) } ?? .null, until.map { .int64($0) } ?? .null, huntID.map { .text($0) } ?? .null])
    return result.rows.map { row in
      Bucket(hour: row[0] ?? "", huntID: row[1] ?? "", hits: Int64(row[2] ?? "") ?? 0)
    }
  }
}
