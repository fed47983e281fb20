import SpoorPostgres

/// What ingests of one source have committed (`spoor.ingest_sources`, `spoor.ingest_batches`, migration 0081), so
/// that an ingest run again loads nothing twice.
///
/// A source is a file's content (SHA-256, size) loaded into one destination. While one ingest reads a source, it
/// holds the source's session advisory lock, so a second ingest of the same source (another `spoor ingest`, two
/// `spoor demo`s) waits and then finds the work done. Each batch records its byte range in its own transaction;
/// a re-run skips the committed ranges, and `--force` forgets them.
struct IngestLedger {
  /// A committed batch: its bytes, the line after it, and how many records it read.
  struct Range: Sendable, Hashable {
    var start: Int
    var end: Int
    var nextLine: Int
    var records: Int
  }

  /// The source's row id.
  let sourceID: Int64
  /// True when an earlier ingest read the source to its end.
  let isComplete: Bool
  /// The committed ranges, in file order.
  let committed: [Range]
  private let lockKey: String

  /// Records taken by earlier ingests.
  var committedRecords: Int { committed.reduce(0) { $0 + $1.records } }

  /// Takes the source's lock (waiting while another ingest holds it), records the source and reads what was
  /// committed; with `force`, forgets it first.
  /// - Throws: ``IngestError/database(_:)`` when the database refuses.
  static func open(
    destination: String, digest: String, size: Int, path: String, force: Bool, on connection: Connection
  ) throws -> IngestLedger {
    let lockKey = destination + "\n" + digest
    do {
      try connection.lock(.ingestSource(lockKey))
      do {
        let source = try connection.execute(
          """
          INSERT INTO spoor.ingest_sources (destination, sha256, size, path) VALUES ($1, $2, $3, $4)
          ON CONFLICT (destination, sha256) DO UPDATE SET path = EXCLUDED.path, size = EXCLUDED.size
          RETURNING id, completed_at IS NOT NULL
          """,
          [.text(destination), .text(digest), .int64(Int64(size)), .text(path)])
        guard let id = source.rows.first?[0].flatMap({ Int64($0) }) else {
          throw IngestError.database("could not record ingest source \(path)")
        }
        if force {
          _ = try connection.execute("DELETE FROM spoor.ingest_batches WHERE source_id = $1", [.int64(id)])
          _ = try connection.execute(
            "UPDATE spoor.ingest_sources SET completed_at = NULL, started_at = now() WHERE id = $1", [.int64(id)])
        }
        let ranges = try connection.execute(
          """
          SELECT start_offset, end_offset, next_line, records FROM spoor.ingest_batches
          WHERE source_id = $1 ORDER BY start_offset
          """,
          [.int64(id)]
        ).rows.map { row in
          Range(
            start: Int(row[0] ?? "") ?? 0, end: Int(row[1] ?? "") ?? 0, nextLine: Int(row[2] ?? "") ?? 1,
            records: Int(row[3] ?? "") ?? 0)
        }
        return IngestLedger(
          sourceID: id, isComplete: !force && source.rows[0][1] == "t", committed: ranges, lockKey: lockKey)
      } catch {
        unlock(lockKey, on: connection)
        throw error
      }
    } catch let error as PostgresError {
      throw IngestError.database(error.description)
    }
  }

  /// Marks the source read to its end and releases its lock.
  /// - Throws: ``IngestError/database(_:)`` when the database refuses (the lock is released anyway).
  func complete(on connection: Connection) throws {
    defer { Self.unlock(lockKey, on: connection) }
    do {
      _ = try connection.execute(
        "UPDATE spoor.ingest_sources SET completed_at = now() WHERE id = $1", [.int64(sourceID)])
    } catch let error as PostgresError {
      throw IngestError.database(error.description)
    }
  }

  /// Releases the source's lock without marking it complete (the ingest stopped).
  func abandon(on connection: Connection) {
    Self.unlock(lockKey, on: connection)
  }

  private static func unlock(_ key: String, on connection: Connection) {
    try? connection.unlock(.ingestSource(key))
  }

  /// Records `range` of source `sourceID` as committed, inside the open transaction that loads it.
  static func record(_ range: Range, of sourceID: Int64, on connection: Connection) throws {
    _ = try connection.execute(
      """
      INSERT INTO spoor.ingest_batches (source_id, start_offset, end_offset, next_line, records)
      VALUES ($1, $2, $3, $4, $5)
      """,
      [
        .int64(sourceID), .int64(Int64(range.start)), .int64(Int64(range.end)), .int64(Int64(range.nextLine)),
        .int32(Int32(clamping: range.records)),
      ])
  }
}
