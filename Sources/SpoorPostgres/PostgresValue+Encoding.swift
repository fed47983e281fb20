extension PostgresValue {
  /// Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
  static let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

  /// The value in PostgreSQL's binary wire format, `nil` for NULL.
  ///
  /// - Throws: ``PostgresError/Kind-swift.struct/invalidParameter`` for a timestamp outside what PostgreSQL can
  ///   store, or text with a NUL character (which PostgreSQL text cannot hold).
  func binaryEncoding() throws -> [UInt8]? {
    switch self {
    case .null:
      return nil
    case .bool(let value):
      return [value ? 1 : 0]
    case .int32(let value):
      return Self.bigEndianBytes(UInt32(bitPattern: value))
    case .int64(let value):
      return Self.bigEndianBytes(UInt64(bitPattern: value))
    case .double(let value):
      return Self.bigEndianBytes(value.bitPattern)
    case .text(let value):
      return try Self.checkedUTF8(value, what: "text")
    case .timestamptz(let microseconds):
      let (shifted, overflow) = microseconds.subtractingReportingOverflow(Self.postgresEpochOffsetMicroseconds)
      guard !overflow else {
        throw PostgresError(
          kind: .invalidParameter, message: "timestamp \(microseconds)µs since 1970 is outside PostgreSQL's range")
      }
      return Self.bigEndianBytes(UInt64(bitPattern: shifted))
    case .interval(let microseconds):
      // Binary interval: int64 microseconds, int32 days, int32 months.
      return Self.bigEndianBytes(UInt64(bitPattern: microseconds)) + [0, 0, 0, 0, 0, 0, 0, 0]
    case .jsonb(let json):
      // Binary jsonb: a version byte (1) followed by the JSON text.
      return [1] + (try Self.checkedUTF8(json, what: "jsonb"))
    case .textArray(let elements):
      return try Self.textArrayEncoding(elements)
    case .bytea(let bytes):
      return bytes
    }
  }

  /// Binary `text[]`: dimensions, a has-null flag, the element OID, then per dimension its length and lower bound,
  /// then each element as a 4-byte length and its bytes.
  private static func textArrayEncoding(_ elements: [String]) throws -> [UInt8] {
    guard !elements.isEmpty else {
      return bigEndianBytes(UInt32(0)) + bigEndianBytes(UInt32(0)) + bigEndianBytes(PostgresTypeOID.text)
    }
    guard let count = Int32(exactly: elements.count) else {
      throw PostgresError(kind: .invalidParameter, message: "text[] with \(elements.count) elements is too long")
    }
    var bytes = bigEndianBytes(UInt32(1)) + bigEndianBytes(UInt32(0)) + bigEndianBytes(PostgresTypeOID.text)
    bytes += bigEndianBytes(UInt32(bitPattern: count)) + bigEndianBytes(UInt32(1))
    for element in elements {
      let utf8 = try checkedUTF8(element, what: "text[] element")
      bytes += bigEndianBytes(UInt32(utf8.count))
      bytes += utf8
    }
    return bytes
  }

  /// The UTF-8 bytes of `text`, refusing the NUL character that PostgreSQL strings cannot contain.
  private static func checkedUTF8(_ text: String, what: String) throws -> [UInt8] {
    let bytes = Array(text.utf8)
    guard !bytes.contains(0) else {
      throw PostgresError(kind: .invalidParameter, message: "\(what) value contains a NUL character")
    }
    return bytes
  }

  /// The bytes of an integer, most significant first.
  private static func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
  }
}
