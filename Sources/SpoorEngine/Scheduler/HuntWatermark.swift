import SpoorPostgres

/// A hunt's scheduler watermark: where its next window starts.
///
/// Resetting it makes the next scheduled run that hunt's first window again, bounded by its look-back. That is what
/// an operator wants after changing a hunt's query: the new query also sees the events the old one already
/// covered. Hits already recorded stay, and a row found again is not recorded twice (hits are keyed by content).
public enum HuntWatermark {
  /// What a reset found.
  public enum ResetOutcome: Equatable, Sendable {
    /// The watermark was removed.
    case reset
    /// The hunt has no watermark: it never ran, or was reset already.
    case neverRan
  }

  /// Removes the watermark of hunt `huntID`, unless a scheduler is running that hunt right now.
  ///
  /// The hunt's scheduler advisory lock is taken for the transaction, so a reset never races a window that is
  /// committing.
  /// - Throws: ``HuntWatermarkError/huntRunning(huntID:)`` when a scheduler holds the hunt; database errors.
  public static func reset(huntID: String, on connection: Connection) throws -> ResetOutcome {
    try connection.transaction {
      let locked = try $0.execute(
        "SELECT pg_try_advisory_xact_lock($1, hashtext($2))",
        [.int32(HuntWindowRunner.advisoryLockClass), .text(huntID)])
      guard locked.rows.first?[0] == "t" else { throw HuntWatermarkError.huntRunning(huntID: huntID) }
      let deleted = try $0.execute("DELETE FROM spoor.hunt_state WHERE hunt_id = $1", [.text(huntID)])
      return deleted.affectedRows > 0 ? .reset : .neverRan
    }
  }
}

/// Why a hunt's watermark could not be changed.
public enum HuntWatermarkError: Error, Equatable, CustomStringConvertible {
  /// A scheduler is running a window of the hunt at this moment.
  case huntRunning(huntID: String)

  public var description: String {
    switch self {
    case .huntRunning(let huntID):
      return "hunt '\(huntID)' is being run by a scheduler right now; try again when its window has committed"
    }
  }
}
