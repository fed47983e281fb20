/// The OIDs of the built-in PostgreSQL types this client binds or decodes (from `pg_type.dat`; they never change).
public enum PostgresTypeOID {
  /// `boolean`.
  public static let bool: UInt32 = 16
  /// `bytea`.
  public static let bytea: UInt32 = 17
  /// `name`.
  public static let name: UInt32 = 19
  /// `bigint`.
  public static let int8: UInt32 = 20
  /// `smallint`.
  public static let int2: UInt32 = 21
  /// `integer`.
  public static let int4: UInt32 = 23
  /// `text`.
  public static let text: UInt32 = 25
  /// `oid`.
  public static let oid: UInt32 = 26
  /// `json`.
  public static let json: UInt32 = 114
  /// `real`.
  public static let float4: UInt32 = 700
  /// `double precision`.
  public static let float8: UInt32 = 701
  /// `text[]`.
  public static let textArray: UInt32 = 1009
  /// `character(n)`.
  public static let bpchar: UInt32 = 1042
  /// `character varying(n)`.
  public static let varchar: UInt32 = 1043
  /// `timestamp without time zone`.
  public static let timestamp: UInt32 = 1114
  /// `timestamp with time zone`.
  public static let timestamptz: UInt32 = 1184
  /// `interval`.
  public static let interval: UInt32 = 1186
  /// `numeric`.
  public static let numeric: UInt32 = 1700
  /// `jsonb`.
  public static let jsonb: UInt32 = 3802
}
