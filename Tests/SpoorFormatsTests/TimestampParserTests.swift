import SpoorFormats
import Testing

/// The one ISO 8601 reader, in its two dialects.
@Suite struct TimestampParserTests {
  static let newYear2024: Int64 = 1_704_067_200_000_000

  @Test func readsTheCommonForms() {
    #expect(TimestampParser.microseconds("2024-01-01") == Self.newYear2024)
    #expect(TimestampParser.microseconds("2024-01-01T00:00:00Z") == Self.newYear2024)
    #expect(TimestampParser.microseconds("2024-01-01 01:30:00+01:30") == Self.newYear2024)
    #expect(TimestampParser.microseconds("2024-01-01 00:00:00.5") == Self.newYear2024 + 500_000)
  }

  @Test func checksTheCalendar() {
    #expect(TimestampParser.microseconds("2024-02-29") != nil)
    #expect(TimestampParser.microseconds("2023-02-29") == nil)
    #expect(TimestampParser.microseconds("2024-02-30", dialect: .kusto) == nil)
    #expect(TimestampParser.microseconds("2024-01-01 24:00:00") == nil)
  }

  @Test func kustoAcceptsSlashesAndDropsDigitsBeyondMicroseconds() {
    #expect(TimestampParser.microseconds("2024/01/01", dialect: .kusto) == Self.newYear2024)
    #expect(TimestampParser.microseconds("2024/01/01") == nil)
    #expect(TimestampParser.microseconds("2024-01-01 00:00:00.0000009", dialect: .kusto) == Self.newYear2024)
    #expect(TimestampParser.microseconds("2024-01-01 00:00:00.0000009") == Self.newYear2024 + 1)
  }

  @Test func civilDaysRoundTrip() {
    for days in [-719_468, -1, 0, 1, 19_723, 2_932_896] {
      let date = TimestampParser.civilFromDays(days)
      #expect(TimestampParser.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
    }
  }
}
