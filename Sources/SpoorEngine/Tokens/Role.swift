/// What a bearer token may do.
///
/// `reader`, `hunter` and `admin` each include the ones before them; `ingest` is a loader's role and may only
/// ingest (an admin may ingest too).
public enum Role: String, Sendable, CaseIterable, Codable {
  /// Schema, hunts, hits, runs and metrics.
  case reader
  /// Also query, validate, explain and run a hunt now.
  case hunter
  /// Only ingest.
  case ingest
  /// Everything: also reset hunts and ingest.
  case admin

  /// True when a token of this role may make a call that needs `required`.
  public func allows(_ required: Role) -> Bool {
    switch (self, required) {
    case (.admin, _): true
    case (.ingest, .ingest): true
    case (.ingest, _), (_, .ingest): false
    case (.hunter, .reader), (.hunter, .hunter), (.reader, .reader): true
    case (.reader, _), (.hunter, _): false
    }
  }
}
