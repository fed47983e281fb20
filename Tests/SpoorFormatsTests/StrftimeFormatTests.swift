import SpoorFormats
import Testing

/// The one reader of BigQuery's date and time format elements.
@Suite struct StrftimeFormatTests {
  @Test func expandsCompositesAndJoinsText() throws {
    let format = try StrftimeFormat(parsing: "[%F  %T%%]")
    #expect(
      format.elements == [
        .literal("["), .year, .literal("-"), .month, .literal("-"), .day, .whitespace("  "), .hour24, .literal(":"),
        .minute, .literal(":"), .second, .literal("%]"),
      ])
    #expect(try StrftimeFormat(parsing: "%D %R").elements.count == 9)
  }

  @Test func readsTheExtendedElements() throws {
    #expect(
      try StrftimeFormat(parsing: "%E*S%E3S%Ez%z").elements == [
        .secondWithFraction(digits: nil), .secondWithFraction(digits: 3), .utcOffset(colon: true),
        .utcOffset(colon: false),
      ])
    #expect(
      try StrftimeFormat(parsing: "%b%h%B%a%A%e%I%p%y%s").elements == [
        .monthName(abbreviated: true), .monthName(abbreviated: true), .monthName(abbreviated: false),
        .weekdayName(abbreviated: true), .weekdayName(abbreviated: false), .spacePaddedDay, .hour12, .amPM,
        .twoDigitYear, .epochSeconds,
      ])
  }

  @Test(arguments: [("%j", "%j"), ("%Y %Z", "%Z"), ("%E0S", "%E0S"), ("%E", "%E"), ("abc%", "%"), ("%E#z", "%E#z")])
  func namesTheUnknownElement(format: String, element: String) {
    #expect {
      try StrftimeFormat(parsing: format)
    } throws: { error in
      (error as? StrftimeFormat.UnknownElement)?.element == element
    }
  }
}
