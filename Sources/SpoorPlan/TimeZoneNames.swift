import Foundation
import SpoorDiagnostics

/// The IANA time zone names a query may use (`Europe/Paris`, `America/New_York`, `UTC`), from the system's tz
/// database, which Debian's PostgreSQL reads too.
public enum TimeZoneNames {
  /// The name as the tz database spells it, matched case-insensitively as PostgreSQL does; nil when unknown.
  public static func canonical(_ name: String) -> String? {
    if TimeZone(identifier: name) != nil { return name }
    let folded = name.lowercased()
    return TimeZone.knownTimeZoneIdentifiers.first { $0.lowercased() == folded }
  }

  /// A "did you mean" for an unknown name, or nil.
  public static func help(for name: String) -> String? {
    NameSuggester.help(for: name, among: TimeZone.knownTimeZoneIdentifiers)
  }
}
