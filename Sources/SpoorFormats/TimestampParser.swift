/// The one ISO 8601 reader: timestamps into microseconds since the Unix epoch (UTC), and back.
///
/// Ingest, KQL's `datetime(…)` literals and XQL's absolute time frames all read instants here. Accepted:
/// `YYYY-MM-DD`, then optionally `T` or a space and `hh:mm[:ss[.f…]]`, then optionally a zone: `Z`, `±hh`,
/// `±hhmm` or `±hh:mm` (a space before the zone is allowed). No zone means UTC. Dates are checked against the
/// calendar (no 30 February). Fractions beyond microseconds are rounded to the nearest microsecond, as PostgreSQL
/// does, unless ``Dialect/truncatesFraction`` is set.
public enum TimestampParser {
  /// Where a timestamp is read differs in a few spellings.
  public struct Dialect: Sendable, Hashable {
    /// Accept `/` between the date's parts too (`2024/01/31`), as Kusto's `datetime()` does.
    public var allowsSlashDates: Bool
    /// Drop the digits beyond microseconds instead of rounding them.
    public var truncatesFraction: Bool

    /// PostgreSQL's reading: `-` only, fractions rounded (ingest, XQL).
    public static let postgres = Dialect(allowsSlashDates: false, truncatesFraction: false)
    /// Kusto's `datetime(…)` literal: `-` or `/`, digits beyond microseconds dropped.
    public static let kusto = Dialect(allowsSlashDates: true, truncatesFraction: true)
  }

  /// Microseconds since 1970-01-01T00:00:00Z, or nil when `text` is not such a timestamp.
  public static func microseconds(_ text: String, dialect: Dialect = .postgres) -> Int64? {
    var text = text
    return text.withUTF8 { microseconds(utf8: $0, dialect: dialect) }
  }

  /// ``microseconds(_:dialect:)`` of UTF-8 bytes (spaces around the timestamp are ignored).
  public static func microseconds(utf8 buffer: UnsafeBufferPointer<UInt8>, dialect: Dialect = .postgres) -> Int64? {
    var end = buffer.count
    while end > 0, buffer[end - 1] == 0x20 { end -= 1 }
    var start = 0
    while start < end, buffer[start] == 0x20 { start += 1 }
    var cursor = Cursor(bytes: UnsafeBufferPointer(rebasing: buffer[0..<end]), index: start)
    return microseconds(&cursor, dialect: dialect)
  }

  /// A position in the bytes being parsed (a struct, not captured closures, so the parser allocates nothing).
  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    var atEnd: Bool { index >= bytes.count }

    func byte(at offset: Int = 0) -> UInt8? {
      index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Exactly `count` decimal digits as a number, consumed; nil (nothing consumed) otherwise.
    mutating func digits(_ count: Int) -> Int? {
      guard index + count <= bytes.count else { return nil }
      var value = 0
      for offset in 0..<count {
        let byte = bytes[index + offset]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      index += count
      return value
    }

    /// Consumes `byte` when it is next.
    mutating func take(_ expected: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == expected else { return false }
      index += 1
      return true
    }
  }

  private static func microseconds(_ cursor: inout Cursor, dialect: Dialect) -> Int64? {
    func dateSeparator(_ cursor: inout Cursor) -> Bool {
      cursor.take(UInt8(ascii: "-")) || (dialect.allowsSlashDates && cursor.take(UInt8(ascii: "/")))
    }
    guard let year = cursor.digits(4), dateSeparator(&cursor), let month = cursor.digits(2),
      dateSeparator(&cursor), let day = cursor.digits(2)
    else { return nil }
    guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
    var hour = 0
    var minute = 0
    var second = 0
    var micros: Int64 = 0
    if let separator = cursor.byte(),
      separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
        || (separator == 0x20 && cursor.byte(at: 1).map { $0 >= 0x30 && $0 <= 0x39 } == true)
    {
      cursor.index += 1
      guard let h = cursor.digits(2), cursor.take(UInt8(ascii: ":")), let m = cursor.digits(2) else { return nil }
      hour = h
      minute = m
      if cursor.take(UInt8(ascii: ":")) {
        guard let s = cursor.digits(2) else { return nil }
        second = s
        if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
          var scale: Int64 = 100_000
          var count = 0
          var roundUp = false
          while let byte = cursor.byte(), byte >= 0x30, byte <= 0x39 {
            let digit = Int64(byte - 0x30)
            if count < 6 {
              micros += digit * scale
              scale /= 10
            } else if count == 6 {
              roundUp = digit >= 5
            }
            count += 1
            cursor.index += 1
          }
          guard count > 0 else { return nil }
          if roundUp && !dialect.truncatesFraction { micros += 1 }
        }
      }
      guard hour <= 23, minute <= 59, second <= 59 else { return nil }
    }
    var offsetSeconds = 0
    if cursor.byte() == 0x20 { cursor.index += 1 }
    if !cursor.atEnd {
      if cursor.take(UInt8(ascii: "Z")) || cursor.take(UInt8(ascii: "z")) {
      } else if let signByte = cursor.byte(), signByte == UInt8(ascii: "+") || signByte == UInt8(ascii: "-") {
        let sign = signByte == UInt8(ascii: "-") ? -1 : 1
        cursor.index += 1
        guard let zoneHours = cursor.digits(2), zoneHours <= 15 else { return nil }
        var zoneMinutes = 0
        if cursor.take(UInt8(ascii: ":")) {
          guard let m = cursor.digits(2) else { return nil }
          zoneMinutes = m
        } else if !cursor.atEnd {
          guard let m = cursor.digits(2) else { return nil }
          zoneMinutes = m
        }
        guard zoneMinutes <= 59 else { return nil }
        offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60)
      } else {
        return nil
      }
    }
    guard cursor.atEnd else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
    // A zone offset may move the instant out of years 1…9999, which the 4-digit output form cannot hold.
    guard seconds >= -62_135_596_800, seconds < 253_402_300_800 else { return nil }
    return seconds * 1_000_000 + micros
  }

  /// `YYYY-MM-DD hh:mm:ss.ffffff+00`, the PostgreSQL input form of a UTC instant in years 1…9999.
  public static func format(microseconds: Int64) -> String {
    String(unsafeUninitializedCapacity: formattedLength) { buffer in
      write(microseconds: microseconds, to: buffer.baseAddress!)
      return formattedLength
    }
  }

  /// Whether `text` is a valid instant already spelled as ``format(microseconds:)`` spells it
  /// (`YYYY-MM-DD hh:mm:ss.ffffff+00`): exactly the texts that ``microseconds(utf8:)`` accepts and
  /// ``format(microseconds:)`` gives back unchanged, checked on fixed positions without the general parse.
  public static func isValidFormatted(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard text.count == formattedLength, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == 0x20,
      text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "."),
      text[26] == UInt8(ascii: "+"), text[27] == UInt8(ascii: "0"), text[28] == UInt8(ascii: "0")
    else { return false }
    func number(_ offset: Int, _ width: Int) -> Int? {
      var value = 0
      for position in offset..<offset + width {
        let digit = text[position] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
      let minute = number(14, 2), let second = number(17, 2), number(20, 6) != nil
    else { return false }
    return year >= 1 && (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year) && hour <= 23
      && minute <= 59 && second <= 59
  }

  /// The length of ``format(microseconds:)``'s text.
  public static let formattedLength = 29

  /// Writes ``format(microseconds:)``'s text (``formattedLength`` bytes) at `out`, without making a `String`.
  public static func write(microseconds: Int64, to out: UnsafeMutablePointer<UInt8>) {
    var seconds = microseconds / 1_000_000
    var micros = microseconds % 1_000_000
    if micros < 0 {
      micros += 1_000_000
      seconds -= 1
    }
    var days = seconds / 86_400
    var secondOfDay = seconds % 86_400
    if secondOfDay < 0 {
      secondOfDay += 86_400
      days -= 1
    }
    let (year, month, day) = civilFromDays(Int(days))
    func put(_ value: Int, at offset: Int, width: Int) {
      var rest = value
      for position in stride(from: offset + width - 1, through: offset, by: -1) {
        out[position] = UInt8(48 + rest % 10)
        rest /= 10
      }
    }
    put(year, at: 0, width: 4)
    out[4] = UInt8(ascii: "-")
    put(month, at: 5, width: 2)
    out[7] = UInt8(ascii: "-")
    put(day, at: 8, width: 2)
    out[10] = 0x20
    put(Int(secondOfDay / 3600), at: 11, width: 2)
    out[13] = UInt8(ascii: ":")
    put(Int(secondOfDay % 3600 / 60), at: 14, width: 2)
    out[16] = UInt8(ascii: ":")
    put(Int(secondOfDay % 60), at: 17, width: 2)
    out[19] = UInt8(ascii: ".")
    put(Int(micros), at: 20, width: 6)
    out[26] = UInt8(ascii: "+")
    out[27] = UInt8(ascii: "0")
    out[28] = UInt8(ascii: "0")
  }

  public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The proleptic Gregorian date of a day count since 1970-01-01.
  public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
