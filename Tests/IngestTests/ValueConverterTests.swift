import SpoorCatalog
import SpoorEngine
import SpoorFormats
import Testing

@testable import SpoorIngest

@Suite("Value conversion")
struct ValueConverterTests {
  static func column(_ type: DataType, nullable: Bool = true, postgresType: String? = nil) -> IngestColumn {
    IngestColumn(name: "c", type: type, postgresType: postgresType, isNullable: nullable)
  }

  static func convert(_ value: FieldValue, _ type: DataType, nullable: Bool = true, postgresType: String? = nil)
    throws(IngestReject.Reason)
    -> String?
  {
    try ValueConverter.convert(value, to: column(type, nullable: nullable, postgresType: postgresType))
  }

  static func reason(_ value: FieldValue, _ type: DataType, nullable: Bool = true, postgresType: String? = nil)
    -> String?
  {
    do {
      _ = try convert(value, type, nullable: nullable, postgresType: postgresType)
      return nil
    } catch {
      return error.description
    }
  }

  @Test(arguments: [
    (FieldValue.text("abc"), "abc"), (.number("12.5"), "12.5"), (.bool(true), "true"),
    (.json("{\"a\": 1}"), "{\"a\":1}"), (.text(""), ""), (.text("Grüße ✓ 日本"), "Grüße ✓ 日本"),
  ])
  func stringsTakeAnyScalar(value: FieldValue, expected: String) throws {
    #expect(try Self.convert(value, .string) == expected)
    #expect(try Self.convert(value, .guid) == expected)
  }

  @Test func missingStringIsEmptyInNotNullColumnsAndNullElsewhere() throws {
    #expect(try Self.convert(.null, .string, nullable: false) == "")
    #expect(try Self.convert(.null, .string, nullable: true) == nil)
  }

  @Test(arguments: [
    ("42", "42"), ("-7", "-7"), ("+5", "5"), ("0x3e7", "999"), ("3.0", "3"), ("1e3", "1000"), (" 12 ", "12"),
  ])
  func integers(text: String, expected: String) throws {
    #expect(try Self.convert(.text(text), .long) == expected)
    #expect(try Self.convert(.number(text.trimmingSpaces), .long) == expected)
  }

  @Test func integerRangesFollowThePostgresType() {
    #expect(
      Self.reason(.number("2147483648"), .int, postgresType: "integer")?.contains("out of range for integer") == true)
    #expect(
      Self.reason(.number("40000"), .int, postgresType: "smallint")?.contains("out of range for smallint") == true)
    #expect(Self.reason(.number("2147483647"), .int, postgresType: "integer") == nil)
    #expect(Self.reason(.number("9223372036854775808"), .long) == "c: not an integer: \"9223372036854775808\"")
  }

  @Test(arguments: ["1.5", "abc", "12abc", "NaN", ""])
  func nonIntegersAreRefused(text: String) {
    if text.isEmpty {
      #expect(Self.reason(.text(text), .long) == nil)
    } else {
      #expect(Self.reason(.text(text), .long) == "c: not an integer: \"\(text)\"")
    }
  }

  @Test func reals() throws {
    #expect(try Self.convert(.number("-1.5e3"), .real) == "-1.5e3")
    #expect(try Self.convert(.text("0.25"), .real) == "0.25")
    #expect(Self.reason(.text("one"), .real) == "c: not a number: \"one\"")
    #expect(Self.reason(.text("inf"), .real) == "c: not a finite number: \"inf\"")
    #expect(Self.reason(.text("0x10"), .real) == "c: not a number: \"0x10\"")
  }

  @Test func booleans() throws {
    #expect(try Self.convert(.bool(false), .bool) == "false")
    for text in ["true", "TRUE", "1"] { #expect(try Self.convert(.text(text), .bool) == "true") }
    for text in ["false", "False", "0"] { #expect(try Self.convert(.text(text), .bool) == "false") }
    #expect(Self.reason(.text("yes"), .bool) == "c: not a boolean (true, false, 1 or 0): \"yes\"")
  }

  @Test(arguments: [
    ("2024-03-01T12:34:56Z", "2024-03-01 12:34:56.000000+00"),
    ("2024-03-01T12:34:56", "2024-03-01 12:34:56.000000+00"),
    ("2024-03-01 12:34:56.868", "2024-03-01 12:34:56.868000+00"),
    ("2024-03-01T12:34:56.1234567Z", "2024-03-01 12:34:56.123457+00"),
    ("2024-03-01T01:00:00+02:00", "2024-02-29 23:00:00.000000+00"),
    ("2024-03-01T01:00:00-0530", "2024-03-01 06:30:00.000000+00"),
    ("2024-03-01T01:00:00 +02", "2024-02-29 23:00:00.000000+00"),
    ("2024-03-01", "2024-03-01 00:00:00.000000+00"),
    ("1969-12-31T23:59:59.5Z", "1969-12-31 23:59:59.500000+00"),
    ("2000-02-29T10:00Z", "2000-02-29 10:00:00.000000+00"),
  ])
  func timestamps(text: String, expected: String) throws {
    #expect(try Self.convert(.text(text), .datetime) == expected)
  }

  @Test(arguments: [
    "2023-02-29T00:00:00Z", "2024-13-01", "2024-01-01T24:00:00", "2024-01-01T10:61", "yesterday", "1700000000",
    "2024-01-01T10:00:00+16:00", "2024-01-01T10:00:00Zjunk", "9999-12-31T23:00:00-05:00",
  ])
  func invalidTimestampsAreRefused(text: String) {
    #expect(Self.reason(.text(text), .datetime) == "c: not an ISO 8601 timestamp: \"\(text)\"")
  }

  @Test func timestampsRoundTripThroughTheCalendar() {
    for days in stride(from: -800_000, through: 2_900_000, by: 997) {
      let date = TimestampParser.civilFromDays(days)
      #expect(TimestampParser.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
    }
  }

  @Test func timespans() throws {
    #expect(try Self.convert(.text("01:02:03"), .timespan) == "0 days 1:02:03")
    #expect(try Self.convert(.text("2.10:00:00.5"), .timespan) == "2 days 10:00:00.5")
    #expect(try Self.convert(.text("-00:00:30"), .timespan) == "-0 days -0:00:30")
    #expect(Self.reason(.text("90 minutes"), .timespan)?.hasPrefix("c: not a timespan") == true)
  }

  @Test func dynamicValues() throws {
    #expect(try Self.convert(.json("{\"a\":[1,2]}"), .dynamic) == "{\"a\":[1,2]}")
    #expect(try Self.convert(.text("[1, 2]"), .dynamic) == "[1, 2]")
    #expect(try Self.convert(.text("plain \"text\""), .dynamic) == "\"plain \\\"text\\\"\"")
    #expect(try Self.convert(.number("5"), .dynamic) == "5")
    #expect(try Self.convert(.bool(true), .dynamic) == "true")
    #expect(try Self.convert(.null, .dynamic) == nil)
    #expect(Self.reason(.text("{broken"), .dynamic) == "c: invalid JSON: \"{broken\"")
  }

  @Test func wrongKindsAreRefused() {
    #expect(Self.reason(.bool(true), .long) == "c: expected an integer, got a boolean")
    #expect(Self.reason(.json("{}"), .datetime) == "c: expected an ISO 8601 timestamp, got a JSON object or array")
    #expect(Self.reason(.null, .long, nullable: false) == "c: missing value for a NOT NULL long column")
  }

  @Test func emptyTextIsNullForNonStrings() throws {
    for type in [DataType.long, .int, .real, .bool, .datetime, .timespan] {
      #expect(try Self.convert(.text(""), type) == nil)
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String { filter { $0 != " " } }
}
