import Testing

@testable import SpoorPostgres

@Suite("PostgresValue encoding and PostgresCell decoding")
struct PostgresValueTests {
  @Test("binary encodings follow PostgreSQL's send functions")
  func binaryEncodings() throws {
    #expect(try PostgresValue.null.binaryEncoding() == nil)
    #expect(try PostgresValue.bool(true).binaryEncoding() == [1])
    #expect(try PostgresValue.int32(-2).binaryEncoding() == [0xFF, 0xFF, 0xFF, 0xFE])
    #expect(try PostgresValue.int64(258).binaryEncoding() == [0, 0, 0, 0, 0, 0, 1, 2])
    #expect(try PostgresValue.double(1.0).binaryEncoding() == [0x3F, 0xF0, 0, 0, 0, 0, 0, 0])
    #expect(try PostgresValue.text("é").binaryEncoding() == [0xC3, 0xA9])
    // 2000-01-01 00:00:00.000001 UTC is 1 µs after PostgreSQL's epoch.
    #expect(
      try PostgresValue.timestamptz(microsecondsSinceEpoch: 946_684_800_000_001).binaryEncoding()
        == [0, 0, 0, 0, 0, 0, 0, 1])
    #expect(
      try PostgresValue.interval(microseconds: 1).binaryEncoding() == [0, 0, 0, 0, 0, 0, 0, 1]
        + [UInt8](repeating: 0, count: 8))
    #expect(try PostgresValue.jsonb("{}").binaryEncoding() == [1, 0x7B, 0x7D])
    #expect(try PostgresValue.bytea([0, 255]).binaryEncoding() == [0, 255])
    #expect(try PostgresValue.textArray([]).binaryEncoding() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25])
    #expect(
      try PostgresValue.textArray(["a"]).binaryEncoding()
        == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x61])
  }

  @Test("each case carries its type OID")
  func typeOIDs() {
    let values: [PostgresValue] = [
      .null, .bool(true), .int32(1), .int64(1), .double(1), .text(""), .timestamptz(microsecondsSinceEpoch: 0),
      .interval(microseconds: 0), .jsonb("1"), .textArray([]), .bytea([]),
    ]
    #expect(values.map(\.typeOID) == [0, 16, 23, 20, 701, 25, 1184, 1186, 3802, 1009, 17])
  }

  @Test("values PostgreSQL cannot hold are refused before sending")
  func refusals() {
    #expect(throws: PostgresError.self) { try PostgresValue.text("a\u{0}b").binaryEncoding() }
    #expect(throws: PostgresError.self) { try PostgresValue.textArray(["ok", "\u{0}"]).binaryEncoding() }
    #expect(throws: PostgresError.self) {
      try PostgresValue.timestamptz(microsecondsSinceEpoch: .min).binaryEncoding()
    }
  }

  @Test(
    "cells decode by type OID",
    arguments: [
      ("t", PostgresTypeOID.bool, PostgresCell.bool(true)),
      ("f", PostgresTypeOID.bool, .bool(false)),
      ("-9223372036854775808", PostgresTypeOID.int8, .integer(.min)),
      ("42", PostgresTypeOID.int4, .integer(42)),
      ("7", PostgresTypeOID.int2, .integer(7)),
      ("0.1", PostgresTypeOID.float8, .double(0.1)),
      ("-Infinity", PostgresTypeOID.float8, .double(-.infinity)),
      ("héllo", PostgresTypeOID.text, .text("héllo")),
      ("abc", PostgresTypeOID.varchar, .text("abc")),
      ("2024-01-02 03:04:05.123456+00", PostgresTypeOID.timestamptz, .timestamp("2024-01-02T03:04:05.123456Z")),
      ("2024-01-02 03:04:05.12+00", PostgresTypeOID.timestamptz, .timestamp("2024-01-02T03:04:05.120000Z")),
      ("2024-01-02 03:04:05+00", PostgresTypeOID.timestamptz, .timestamp("2024-01-02T03:04:05.000000Z")),
      ("infinity", PostgresTypeOID.timestamptz, .other("infinity")),
      ("0044-03-15 12:00:00+00 BC", PostgresTypeOID.timestamptz, .other("0044-03-15 12:00:00+00 BC")),
      ("2024-01-02 03:04:05+02", PostgresTypeOID.timestamptz, .other("2024-01-02 03:04:05+02")),
      ("{\"a\": 1}", PostgresTypeOID.jsonb, .json("{\"a\": 1}")),
      ("[1]", PostgresTypeOID.json, .json("[1]")),
      ("PT1H", PostgresTypeOID.interval, .other("PT1H")),
      ("12.50", PostgresTypeOID.numeric, .other("12.50")),
      ("x", PostgresTypeOID.int8, .other("x")),
    ])
  func decodesCells(text: String, typeOID: UInt32, expected: PostgresCell) {
    #expect(PostgresCell(text: text, typeOID: typeOID) == expected)
  }

  @Test("NULL decodes to .null whatever the type; NaN decodes to a NaN double")
  func nullAndNaN() {
    #expect(PostgresCell(text: nil, typeOID: PostgresTypeOID.int8) == .null)
    guard case .double(let value) = PostgresCell(text: "NaN", typeOID: PostgresTypeOID.float8) else {
      Issue.record("NaN did not decode as a double")
      return
    }
    #expect(value.isNaN)
  }

  @Test("a row finds cells by index and by name")
  func rowSubscripts() {
    let row = Row(
      columns: [ColumnDescription(name: "a", typeOID: 23), ColumnDescription(name: "b", typeOID: 25)],
      values: ["1", nil])
    #expect(row[0] == "1")
    #expect(row["a"] == "1")
    #expect(row["b"] == nil)
    #expect(row["missing"] == nil)
    #expect(row.decoded(0) == .integer(1))
    #expect(row.decoded(1) == .null)
  }
}
