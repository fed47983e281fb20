import SpoorCatalog

/// A constant from the query text.
///
/// The emitter turns every value into a `$n` bind parameter, never SQL text.
public enum Value: Hashable, Sendable {
  /// A typed null.
  case null(DataType)
  case bool(Bool)
  case long(Int64)
  case real(Double)
  case string(String)
  /// An instant, microseconds since 1970-01-01T00:00:00Z (PostgreSQL's resolution).
  case datetime(microseconds: Int64)
  /// A duration in microseconds.
  case timespan(microseconds: Int64)
  /// A JSON document (KQL `dynamic(...)`, XQL json), as JSON text.
  case dynamic(json: String)
  /// A list of strings, bound as one `text[]` parameter (long `in` lists, `has_any` terms).
  case stringList([String])
  /// The rows of an `externaldata` source, resolved by the engine before the statement runs into a `jsonb` array
  /// of objects (``ExternalSource``); translation never fetches them.
  case external(ExternalSource)

  /// The type of the value.
  public var type: DataType {
    switch self {
    case .null(let type): return type
    case .bool: return .bool
    case .long: return .long
    case .real: return .real
    case .string: return .string
    case .datetime: return .datetime
    case .timespan: return .timespan
    case .dynamic, .stringList, .external: return .dynamic
    }
  }
}
