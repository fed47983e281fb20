import Foundation

/// The system clock, read once per query (DESIGN §4: `now()` and `ago()` see one instant).
public enum WallClock {
  /// Microseconds since 1970-01-01T00:00:00Z.
  public static func nowMicroseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
  }
}
