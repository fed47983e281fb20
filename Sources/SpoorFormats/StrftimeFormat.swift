/// A date and time format written with BigQuery's format elements (`%Y-%m-%d %H:%M:%S`, strftime style).
///
/// XQL's `format_timestamp`, `parse_timestamp` and `parse_epoch` take it; this is the one reader of those elements.
/// Composite elements (`%F`, `%T`, `%D`, `%R`) are expanded into their parts; `%%` is literal text.
public struct StrftimeFormat: Sendable, Equatable {
  /// One part of a format, in order.
  public enum Element: Sendable, Equatable {
    /// Text written and read as it is.
    case literal(String)
    /// A run of whitespace in the format (BigQuery reads it as zero or more whitespace characters).
    case whitespace(String)
    /// `%Y`: the year with century, four digits.
    case year
    /// `%y`: the year without century; 00–68 read as 20xx, 69–99 as 19xx.
    case twoDigitYear
    /// `%m`: the month number, 01–12.
    case month
    /// `%b`, `%h` (abbreviated: true) and `%B`: an English month name.
    case monthName(abbreviated: Bool)
    /// `%d`: the day of the month, 01–31.
    case day
    /// `%e`: the day of the month, 1–31, single digits preceded by a space.
    case spacePaddedDay
    /// `%H`: the hour on a 24-hour clock, 00–23.
    case hour24
    /// `%I`: the hour on a 12-hour clock, 01–12.
    case hour12
    /// `%p`: AM or PM.
    case amPM
    /// `%M`: the minute, 00–59.
    case minute
    /// `%S`: the second, 00–59.
    case second
    /// `%E*S` (digits nil: any number of fraction digits) and `%E<n>S` (exactly n digits): seconds with a fraction.
    case secondWithFraction(digits: Int?)
    /// `%a` (abbreviated: true) and `%A`: an English weekday name.
    case weekdayName(abbreviated: Bool)
    /// `%z` (`+HHMM`) and `%Ez` (`+HH:MM`, colon: true): an offset from UTC.
    case utcOffset(colon: Bool)
    /// `%s`: seconds since 1970-01-01 00:00:00 UTC.
    case epochSeconds
  }

  /// A format element Spoor does not know, as written (`%j`, `%Z`, a lone `%`).
  public struct UnknownElement: Error, Equatable, Sendable {
    /// The element as written in the format.
    public let element: String
  }

  /// The elements, composites expanded, adjacent literal text joined.
  public let elements: [Element]

  /// Reads `text`.
  /// - Throws: `UnknownElement` naming the first element Spoor does not know.
  public init(parsing text: String) throws(UnknownElement) {
    var elements: [Element] = []
    func append(_ element: Element) {
      switch (elements.last, element) {
      case (.literal(let before)?, .literal(let after)):
        elements[elements.count - 1] = .literal(before + after)
      case (.whitespace(let before)?, .whitespace(let after)):
        elements[elements.count - 1] = .whitespace(before + after)
      default:
        elements.append(element)
      }
    }
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
      guard character == "%" else {
        append(character.isWhitespace ? .whitespace(String(character)) : .literal(String(character)))
        continue
      }
      guard let specifier = characters.popFirst() else { throw UnknownElement(element: "%") }
      if specifier == "E" {
        // %Ez, %E*S and %E<digit>S.
        if characters.first == "z" {
          characters.removeFirst()
          append(.utcOffset(colon: true))
          continue
        }
        let precision = characters.prefix(2)
        if precision.count == 2, precision.last == "S", let first = precision.first,
          first == "*" || ("1"..."9").contains(first)
        {
          characters.removeFirst(2)
          append(.secondWithFraction(digits: first == "*" ? nil : first.wholeNumberValue))
          continue
        }
        throw UnknownElement(element: "%E" + String(characters.prefix(2)))
      }
      guard let expansion = Self.elements[specifier] else { throw UnknownElement(element: "%" + String(specifier)) }
      expansion.forEach(append)
    }
    self.elements = elements
  }

  /// The elements each single-letter specifier stands for.
  static let elements: [Character: [Element]] = [
    "Y": [.year], "y": [.twoDigitYear], "m": [.month], "b": [.monthName(abbreviated: true)],
    "h": [.monthName(abbreviated: true)], "B": [.monthName(abbreviated: false)], "d": [.day], "e": [.spacePaddedDay],
    "H": [.hour24], "I": [.hour12], "p": [.amPM], "M": [.minute], "S": [.second],
    "a": [.weekdayName(abbreviated: true)], "A": [.weekdayName(abbreviated: false)], "z": [.utcOffset(colon: false)],
    "s": [.epochSeconds], "%": [.literal("%")],
    "F": [.year, .literal("-"), .month, .literal("-"), .day],
    "D": [.month, .literal("/"), .day, .literal("/"), .twoDigitYear],
    "T": [.hour24, .literal(":"), .minute, .literal(":"), .second],
    "R": [.hour24, .literal(":"), .minute],
  ]

  /// Each element as written and what reading it (`parse_timestamp`, `parse_epoch`) accepts, for the documentation.
  public static let readingRules: [(element: String, reads: String)] = [
    ("%Y", "a four-digit year, 0001–9999"),
    ("%y", "two digits; 00–68 are 2000–2068, 69–99 are 1969–1999"),
    ("%m", "the month, 1–12, with or without a leading zero"),
    ("%b, %h, %B", "an English month name, whole or its first three letters, in any case"),
    ("%d, %e", "the day of the month, 1–31, with or without a leading zero (%e: or a leading space)"),
    ("%H", "the hour, 0–23, with or without a leading zero"),
    ("%I, %p", "the hour, 1–12, and AM or PM in any case (12 AM is midnight; %I without %p reads AM)"),
    ("%M, %S", "the minute and second, 0–59, with or without a leading zero"),
    ("%E*S", "seconds with an optional fraction of 1–9 digits (digits past the sixth are dropped)"),
    ("%E1S … %E9S", "seconds with a fraction of exactly that many digits"),
    (
      "%a, %A",
      "an English weekday name, whole or its first three letters, in any case (not checked against the date)"
    ),
    (
      "%z, %Ez",
      "an offset from UTC, +HHMM or -HHMM (%Ez: +HH:MM), at most 14 hours; it wins over the time zone argument"
    ),
    ("%s", "seconds since 1970-01-01 UTC, possibly negative; the other elements are then ignored"),
    ("%F, %T, %D, %R", "%Y-%m-%d, %H:%M:%S, %m/%d/%y and %H:%M"),
    ("%%", "a percent sign"),
  ]

  /// The English month names, January first.
  public static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// The English weekday names, Sunday first.
  public static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}
