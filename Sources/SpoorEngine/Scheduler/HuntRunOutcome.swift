/// What happened when the scheduler took up one hunt.
public enum HuntRunOutcome: Sendable, Hashable {
  /// The window ran and committed: its hits, its run row and the new watermark, together.
  case succeeded(HuntRunSummary)
  /// The window failed; the failure is recorded and the hunt is retried after a back-off.
  case failed(HuntRunSummary, error: String)
  /// Another scheduler holds the hunt right now.
  case busy(huntID: String)
  /// The hunt is not due yet (its schedule or its back-off).
  case notDue(huntID: String)

  /// The hunt this outcome is about.
  public var huntID: String {
    switch self {
    case .succeeded(let summary), .failed(let summary, _): summary.huntID
    case .busy(let huntID), .notDue(let huntID): huntID
    }
  }
}

/// One run of one hunt over one window.
public struct HuntRunSummary: Sendable, Hashable {
  /// The hunt.
  public var huntID: String
  /// `spoor.hunt_runs.id`.
  public var runID: Int64
  /// The 1-based attempt at this window (1 + failures in a row before it).
  public var attempt: Int
  /// Rows the hunt returned for the window (0 when it failed).
  public var rows: Int64
  /// How many of those rows were new hits.
  public var newHits: Int64

  /// Creates a summary.
  public init(huntID: String, runID: Int64, attempt: Int, rows: Int64, newHits: Int64) {
    self.huntID = huntID
    self.runID = runID
    self.attempt = attempt
    self.rows = rows
    self.newHits = newHits
  }
}
