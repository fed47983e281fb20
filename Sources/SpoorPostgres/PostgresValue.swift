/// A value bound to a `$n` parameter, each case with an explicit PostgreSQL type.
///
/// Values are sent in PostgreSQL's binary format, so numbers and timestamps arrive exactly, text is sent as its
/// UTF-8 bytes with a byte count, and no value is ever spliced into SQL text.
public enum PostgresValue: Sendable, Hashable {
  /// SQL NULL, sent with OID 0 so the server infers the type from the statement.
  case null
  /// A `boolean` (OID 16).
  case bool(Bool)
  /// An `integer` (OID 23).
  case int32(Int32)
  /// A `bigint` (OID 20).
  case int64(Int64)
  /// A `double precision` (OID 701).
  case double(Double)
  /// A `text` (OID 25).
  case text(String)
  /// A `timestamptz` (OID 1184) given as microseconds since 1970-01-01 00:00:00 UTC.
  case timestamptz(microsecondsSinceEpoch: Int64)
  /// An `interval` (OID 1186) of an exact number of microseconds (no day or month part).
  case interval(microseconds: Int64)
  /// A `jsonb` document (OID 3802) given as JSON text.
  case jsonb(String)
  /// A one-dimensional `text[]` (OID 1009) with no NULL elements.
  case textArray([String])
  /// A `bytea` (OID 17).
  case bytea([UInt8])

  /// The type OID sent with the value (0 for NULL: let the server infer it).
  public var typeOID: UInt32 {
    switch self {
    case .null: 0
    case .bool: PostgresTypeOID.bool
    case .int32: PostgresTypeOID.int4
    case .int64: PostgresTypeOID.int8
    case .double: PostgresTypeOID.float8
    case .text: PostgresTypeOID.text
    case .timestamptz: PostgresTypeOID.timestamptz
    case .interval: PostgresTypeOID.interval
    case .jsonb: PostgresTypeOID.jsonb
    case .textArray: PostgresTypeOID.textArray
    case .bytea: PostgresTypeOID.bytea
    }
  }
}
