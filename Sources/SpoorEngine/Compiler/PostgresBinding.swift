import Foundation
import SpoorPlan
import SpoorPostgres

/// Turns the plan's bind values into libpq parameters.
public enum PostgresBinding {
  /// The libpq parameters for a statement's values, in order.
  public static func postgresValues(_ values: [Value]) -> [PostgresValue] {
    values.map(postgresValue)
  }

  /// The libpq parameter for one value.
  public static func postgresValue(_ value: Value) -> PostgresValue {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .long(let number): return .int64(number)
    case .real(let number): return .double(number)
    case .string(let text): return .text(text)
    case .datetime(let microseconds): return .timestamptz(microsecondsSinceEpoch: microseconds)
    case .timespan(let microseconds): return .interval(microseconds: microseconds)
    case .dynamic(let json): return .jsonb(json)
    case .stringList(let list): return .textArray(list)
    // An external input not yet resolved (``ExternalDataResolver``): no rows. Only `EXPLAIN` without ANALYZE binds
    // it unresolved, since it plans without reading the data.
    case .external: return .jsonb("[]")
    }
  }

  /// A readable rendering of a bind for `--sql` output and golden files: `$1 text = 'C:\Windows\'`.
  public static func describe(_ value: Value) -> String {
    switch value {
    case .null(let type): return "\(type.postgresType) = NULL"
    case .bool(let flag): return "boolean = \(flag)"
    case .long(let number): return "bigint = \(number)"
    case .real(let number): return "double precision = \(number)"
    case .string(let text): return "text = \(quoted(text))"
    case .datetime(let microseconds): return "timestamptz = '\(iso8601(microseconds: microseconds))'"
    case .timespan(let microseconds): return "interval = '\(Double(microseconds) / 1_000_000) seconds'"
    case .dynamic(let json): return "jsonb = \(quoted(json))"
    case .stringList(let list): return "text[] = {" + list.map(quoted).joined(separator: ", ") + "}"
    case .external(let source): return "jsonb = " + externalDescription(source)
    }
  }

  /// An external input as `--sql` shows it: what the engine fetches and how it reads it.
  public static func externalDescription(_ source: ExternalSource) -> String {
    "external input (" + source.format.rawValue + (source.ignoreFirstRecord ? ", ignoreFirstRecord" : "") + ") from "
      + source.addresses.map(quoted).joined(separator: ", ")
  }

  private static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  /// ISO 8601 UTC text of an instant in microseconds, for example `2024-01-02T03:04:05.000006Z`.
  public static func iso8601(microseconds: Int64) -> String {
    let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
    let fraction = microseconds - seconds * 1_000_000
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = Date(timeIntervalSince1970: TimeInterval(seconds))
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let base = String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
      parts.second!)
    return fraction == 0 ? base + "Z" : base + String(format: ".%06d", fraction) + "Z"
  }
}
