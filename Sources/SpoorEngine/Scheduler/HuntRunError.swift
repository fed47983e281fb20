import SpoorDiagnostics

/// Why a hunt's window could not run (recorded in `spoor.hunt_runs.error`).
public enum HuntRunError: Error, Sendable, CustomStringConvertible {
  /// The query does not translate; the text is the rendered diagnostics, located in the hunt file.
  case translation(huntID: String, rendered: String)
  /// The hunt's watermark changed under the scheduler's lock; the window was not recorded.
  case watermarkMoved(huntID: String)

  /// A readable explanation.
  public var description: String {
    switch self {
    case .translation(_, let rendered): rendered
    case .watermarkMoved(let huntID):
      "the watermark of hunt '\(huntID)' moved while its window ran; nothing was recorded"
    }
  }
}
