/// The scalar types Spoor reasons about: Kusto's scalar types, which XQL's types map onto.
public enum DataType: String, Hashable, Sendable, CaseIterable, Codable {
  case bool
  case int
  case long
  case real
  case string
  case datetime
  case timespan
  case dynamic
  case guid

  /// The PostgreSQL type a column of this type has (DESIGN §3).
  public var postgresType: String {
    switch self {
    case .bool: return "boolean"
    case .int: return "integer"
    case .long: return "bigint"
    case .real: return "double precision"
    case .string, .guid: return "text"
    case .datetime: return "timestamp with time zone"
    case .timespan: return "interval"
    case .dynamic: return "jsonb"
    }
  }

  /// True for int, long and real.
  public var isNumeric: Bool { self == .int || self == .long || self == .real }

  /// The Spoor type of a Defender schema type name (`string`, `long`, `datetime`, …).
  public init?(kqlName: String) {
    switch kqlName.lowercased() {
    case "bool", "boolean": self = .bool
    case "int": self = .int
    case "long": self = .long
    case "real", "double": self = .real
    case "string": self = .string
    case "datetime", "date": self = .datetime
    case "timespan", "time": self = .timespan
    case "dynamic": self = .dynamic
    case "guid", "uniqueid": self = .guid
    default: return nil
    }
  }

  /// The Spoor type of an `xdr_data` schema type name (`string`, `integer`, `timestamp`, `enum`, `json`, `array<…>`).
  public init?(xqlName: String) {
    let name = xqlName.lowercased()
    if name.hasPrefix("array<") { self = .dynamic; return }
    switch name {
    case "string", "enum": self = .string
    case "integer": self = .long
    case "boolean": self = .bool
    case "timestamp": self = .datetime
    case "json": self = .dynamic
    case "float", "number": self = .real
    default: return nil
    }
  }

  /// The Spoor type of a PostgreSQL type as `information_schema.columns.data_type` spells it, or nil when
  /// Spoor cannot query columns of that type.
  public init?(postgresDataType: String) {
    switch postgresDataType.lowercased() {
    case "boolean": self = .bool
    case "smallint", "integer": self = .int
    case "bigint": self = .long
    case "double precision", "real", "numeric": self = .real
    case "text", "character varying", "character", "name", "xid8": self = .string
    case "timestamp with time zone", "timestamp without time zone", "date": self = .datetime
    case "interval": self = .timespan
    case "jsonb", "json", "array": self = .dynamic
    case "uuid": self = .guid
    default: return nil
    }
  }
}
