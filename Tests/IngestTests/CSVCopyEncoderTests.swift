import SpoorCatalog
import SpoorEngine
import Testing

@testable import SpoorIngest

@Suite("CSV fields straight to COPY text")
struct CSVCopyEncoderTests {
  static let table = IngestTable(
    name: "t",
    columns: [
      IngestColumn(name: "s", type: .string, postgresType: "text", isNullable: false, hasDefault: true),
      IngestColumn(name: "sn", type: .string, postgresType: "text", isNullable: true),
      IngestColumn(name: "l", type: .long, postgresType: "bigint", isNullable: true),
      IngestColumn(name: "i", type: .int, postgresType: "integer", isNullable: true),
      IngestColumn(name: "sm", type: .int, postgresType: "smallint", isNullable: true),
      IngestColumn(name: "t", type: .datetime, postgresType: "timestamp with time zone", isNullable: true),
      IngestColumn(name: "b", type: .bool, postgresType: "boolean", isNullable: true),
      IngestColumn(name: "r", type: .real, postgresType: "double precision", isNullable: true),
      IngestColumn(name: "ts", type: .timespan, postgresType: "interval", isNullable: true),
      IngestColumn(name: "d", type: .dynamic, postgresType: "jsonb", isNullable: true),
      IngestColumn(name: "req", type: .long, postgresType: "bigint", isNullable: false),
    ])

  /// Tricky spellings per column; every one is tried with the other columns at their first value.
  static let values: [String: [String]] = [
    "s": ["plain", "", "tab\there", "back\\slash", "new\nline", "cr\rx", "é ü 😀", "  spaced  ", "\"q\"", "a,b"],
    "sn": ["", "x"],
    "l": [
      "1", "", " ", "0", "-0", "+7", "007", "00", "-007", "+0", "-5", "12", " 0 ", "10", " 42 ", "\t-13\t",
      "9223372036854775807", "-9223372036854775808",
      "9223372036854775808", "-9223372036854775809", "99999999999999999999", "0x1F", "-0x10", "3.0", "1e3", "1.5",
      "abc", "12abc", "-", "+", "1 2", "١٢", " \u{301}12", "12\u{301}",
    ],
    "i": ["2147483647", "2147483648", "-2147483648", "-2147483649", "", "0x7fffffff"],
    "sm": ["32767", "32768", "-32769", "-32768", "+0"],
    "t": [
      "2024-01-01T10:00:00Z", "", " ", "2024-01-01", "2024-01-01 10:00:00.1234567+02:00", " 2024-02-29T00:00:00 ",
      "\t2024-01-01T00:00:00Z\t", "2023-02-29", "not a time", "2024-01-01T10:00:00 +0530",
      "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59.9999995Z", "2024-01-01T10:00:00Zé",
      "2026-01-01 00:00:00.000000+00",
      "2026-01-01 00:00:00.000000+01", "2026-01-01 00:00:00.0000001+00", "2026-01-01 00:00:00.000000+0000",
      "2026-13-01 00:00:00.000000+00", "0099-01-01 00:00:00.000000+00", "0000-01-01 00:00:00.000000+00",
      "2024-02-29 00:00:00.000000+00", "2023-02-29 00:00:00.000000+00", "2024-04-31 00:00:00.000000+00",
      "2024-01-01 24:00:00.000000+00", "2024-01-01 23:60:00.000000+00", "2024-01-01 23:59:60.000000+00",
      "2024-01-01 23:59:59.99999x+00", "2024-01-01 23:59:59.999999-00", "9999-12-31 23:59:59.999999+00",
      "2024-01-00 00:00:00.000000+00", " 2024-01-01 00:00:00.000000+00\t",
    ],
    "b": ["true", "TRUE", "0", "x", ""],
    "r": ["1.5", "NaN", "1e400", "0x10", ""],
    "ts": ["1.02:03:04.5", "bad", ""],
    "d": ["{\"a\": 1}", "[1", "hello", "12", ""],
    "req": ["5", "", "x"],
  ]

  static let header = ["s", "sn", "l", "i", "sm", "t", "b", "r", "ts", "d", "req"]

  /// `values` as one CSV line, every field quoted.
  static func csvLine(_ values: [String]) -> [UInt8] {
    Array(values.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",").utf8)
  }

  /// The COPY row (or reason) of the general path: named fields, ``RowEncoder``, ``CopyTextEncoder``.
  static func generalRow(_ values: [String], header: [String], encoder: RowEncoder) -> Result<
    [UInt8], IngestReject.Reason
  > {
    let fields = zip(header, values).map { InputField(name: $0, value: .text($1)) }
    do {
      let cells = try encoder.cells(of: fields)
      var data: [UInt8] = []
      CopyTextEncoder.appendRow(cells.map(\.value), to: &data)
      return .success(data)
    } catch {
      return .failure(error)
    }
  }

  /// The COPY row (or reason) of ``CSVCopyEncoder``, after parsing `line` into `fields`, written after the rows
  /// already in `data` (which must survive); both buffers are reused from record to record, as ingest does.
  static func directRow(
    _ line: [UInt8], copier: CSVCopyEncoder, fields: inout CSVFields, data: inout [UInt8], used: inout Int
  ) throws -> Result<[UInt8], IngestReject.Reason> {
    let complete = try line.withUnsafeBufferPointer { try CSVRecordParser.parse($0, into: &fields) }
    #expect(complete)
    let before = Array(data[..<used])
    let start = used
    do {
      try copier.appendRow(fields, to: &data, used: &used)
      #expect(Array(data[..<start]) == before)
      return .success(Array(data[start..<used]))
    } catch {
      #expect(used == start)
      #expect(Array(data[..<start]) == before)
      return .failure(error)
    }
  }

  /// ``directRow(_:copier:fields:data:used:)`` with fresh buffers holding one previous row.
  static func directRow(_ line: [UInt8], copier: CSVCopyEncoder) throws -> Result<[UInt8], IngestReject.Reason> {
    var fields = CSVFields()
    var data = Array("previous row\n".utf8)
    var used = data.count
    return try directRow(line, copier: copier, fields: &fields, data: &data, used: &used)
  }

  @Test func everySpellingGivesTheGeneralPathsRowOrReason() throws {
    let encoder = RowEncoder(table: Self.table, ignoreUnknown: false)
    let copier = try #require(CSVCopyEncoder(header: Self.header, encoder: encoder))
    #expect(copier.columns == Self.header.map { Self.table.positions[$0]! })
    var compared = 0
    var fields = CSVFields()
    var data: [UInt8] = []
    var used = 0
    for (position, name) in Self.header.enumerated() {
      for value in Self.values[name]! {
        var record = Self.header.map { Self.values[$0]![0] }
        record[position] = value
        let expected = Self.generalRow(record, header: Self.header, encoder: encoder)
        let actual = try Self.directRow(Self.csvLine(record), copier: copier, fields: &fields, data: &data, used: &used)
        #expect(actual == expected, "\(name) = \(value.debugDescription)")
        compared += 1
      }
    }
    #expect(compared == Self.values.values.map(\.count).reduce(0, +))
  }

  @Test func droppedFieldsAreLeftOutOfTheCopy() throws {
    let header = ["junk", "l", "s", "req"]
    let encoder = RowEncoder(table: Self.table, ignoreUnknown: true)
    let copier = try #require(CSVCopyEncoder(header: header, encoder: encoder))
    #expect(copier.columns == [2, 0, 10])
    let record = ["ignored", " 12 ", "a\tb", "-3"]
    #expect(try Self.directRow(Self.csvLine(record), copier: copier) == .success(Array("12\ta\\tb\t-3\n".utf8)))
    #expect(
      try Self.directRow(Self.csvLine(record), copier: copier)
        == Self.generalRow(record, header: header, encoder: encoder))
  }

  @Test(arguments: [
    (["s", "nope", "req"], false),  // unknown name, not dropped: the general path words the reject
    (["s", "req", "s"], false),  // a name twice
    (["s", "l"], false),  // a NOT NULL column without default missing
    (["nope"], true),  // nothing left to load
  ])
  func headersThatAreNotPlainKeepTheGeneralPath(header: [String], ignoreUnknown: Bool) {
    #expect(CSVCopyEncoder(header: header, encoder: RowEncoder(table: Self.table, ignoreUnknown: ignoreUnknown)) == nil)
  }
}
