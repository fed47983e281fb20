import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Date and time functions.
  ///
  /// Calendar parts are always read in UTC, whatever the session's time zone.
  mutating func timeFunction(
    _ function: ScalarFunction, _ arguments: [ScalarExpression], _ expression: ScalarExpression,
    _ scope: ExpressionScope
  ) -> SQLFragment {
    func utc(_ fragment: SQLFragment) -> String { fragment.operand(.atom) + " AT TIME ZONE 'UTC'" }
    func startOfDay(_ fragment: SQLFragment) -> SQLFragment {
      .atom("date_trunc('day', " + fragment.text + ", 'UTC')")
    }
    func startOfWeek(_ fragment: SQLFragment) -> SQLFragment {
      .binary(
        startOfDay(fragment), "-",
        .atom("extract(dow FROM " + utc(fragment) + ") * interval '24 hours'"), .additive)
    }
    switch function {
    case .now:
      return now()
    case .bin:
      return bin(arguments, expression, scope)
    case .binNumber:
      let value = argument(arguments, 0, scope)
      let start = argument(arguments, 1, scope)
      let size = argument(arguments, 2, scope)
      return binNumber(value, from: start, by: size, type: arguments[0].type, rounding: "floor")
    case .startOfDay, .startOfWeek, .startOfMonth, .startOfYear, .endOfDay:
      guard arguments.count == 1 else {
        return refuse(expression) { SQLDiagnostics.offsetArgument(Self.name(of: function), at: $0) }
      }
      let value = argument(arguments, 0, scope)
      switch function {
      case .startOfDay: return startOfDay(value)
      case .startOfWeek: return startOfWeek(value)
      case .startOfMonth: return .atom("date_trunc('month', " + value.text + ", 'UTC')")
      case .startOfYear: return .atom("date_trunc('year', " + value.text + ", 'UTC')")
      default:
        return SQLFragment(
          startOfDay(value).text + " + interval '24 hours' - interval '1 microsecond'", .additive)
      }
    case .datetimeDiff:
      guard arguments.count == 3, let part = Self.stringLiteral(arguments[0])?.lowercased() else {
        return nonConstant("datetime_diff", "part", expression)
      }
      let later = argument(arguments, 1, scope)
      let earlier = argument(arguments, 2, scope)
      func field(_ name: String, _ value: SQLFragment) -> String {
        "extract(" + name + " FROM " + utc(value) + ")"
      }
      func truncatedDifference(_ unit: String, _ seconds: String) -> SQLFragment {
        .atom(
          "(extract(epoch FROM date_trunc('" + unit + "', " + later.text + ", 'UTC') - date_trunc('"
            + unit + "', "
            + earlier.text + ", 'UTC')) / " + seconds + ")::bigint")
      }
      switch part {
      case "year":
        return .atom("(" + field("year", later) + " - " + field("year", earlier) + ")::bigint")
      case "quarter":
        return .atom(
          "((" + field("year", later) + " - " + field("year", earlier) + ") * 4 + "
            + field("quarter", later) + " - "
            + field("quarter", earlier) + ")::bigint")
      case "month":
        return .atom(
          "((" + field("year", later) + " - " + field("year", earlier) + ") * 12 + "
            + field("month", later) + " - "
            + field("month", earlier) + ")::bigint")
      case "week":
        return .atom(
          "(extract(epoch FROM " + startOfWeek(later).operand(.atom) + " - "
            + startOfWeek(earlier).operand(.atom)
            + ") / 604800)::bigint")
      case "day": return truncatedDifference("day", "86400")
      case "hour": return truncatedDifference("hour", "3600")
      case "minute": return truncatedDifference("minute", "60")
      case "second": return truncatedDifference("second", "1")
      case "millisecond": return truncatedDifference("milliseconds", "0.001")
      case "microsecond": return truncatedDifference("microseconds", "0.000001")
      case "nanosecond":
        return SQLFragment(
          truncatedDifference("microseconds", "0.000001").text + " * 1000", .multiplicative)
      default:
        return refuse(expression) { SQLDiagnostics.unknownDatePart("datetime_diff", part: part, at: $0) }
      }
    case .datetimeAdd:
      guard arguments.count == 3, let part = Self.stringLiteral(arguments[0])?.lowercased() else {
        return nonConstant("datetime_add", "part", expression)
      }
      let amount = argument(arguments, 1, scope)
      let value = argument(arguments, 2, scope)
      let calendar = [
        "year": "1 year", "quarter": "3 months", "month": "1 month", "week": "7 days",
        "day": "1 day",
      ]
      let clock = [
        "hour": "1 hour", "minute": "1 minute", "second": "1 second",
        "millisecond": "1 millisecond",
        "microsecond": "1 microsecond",
      ]
      if let unit = calendar[part] {
        let shifted = SQLFragment.binary(
          .atom(utc(value)), "+",
          .binary(amount, "*", .atom("interval '" + unit + "'"), .multiplicative), .additive)
        // Parenthesised: AT TIME ZONE may not stand bare where PostgreSQL wants a b_expr (BETWEEN's bounds).
        return .atom("((" + shifted.text + ") AT TIME ZONE 'UTC')")
      }
      if let unit = clock[part] {
        return .binary(
          value, "+", .binary(amount, "*", .atom("interval '" + unit + "'"), .multiplicative),
          .additive)
      }
      return refuse(expression) { SQLDiagnostics.unknownDatePart("datetime_add", part: part, at: $0) }
    case .formatDatetime:
      guard arguments.count == 2, let format = Self.stringLiteral(arguments[1]) else {
        return nonConstant("format_datetime", "format", expression)
      }
      guard let pattern = Self.toCharPattern(fromKusto: format) else {
        return refuse(expression) { SQLDiagnostics.formatNotReproducible(format, at: $0) }
      }
      return .atom(
        "to_char(" + utc(argument(arguments, 0, scope)) + ", " + bind(.string(pattern)).text + ")")
    case .formatTimespan:
      guard arguments.count == 2, let format = Self.stringLiteral(arguments[1]) else {
        return nonConstant("format_timespan", "format", expression)
      }
      switch Self.timespanFormat(format) {
      case .success(let elements): return formatTimespan(argument(arguments, 0, scope), elements)
      case .failure(let error):
        return refuse(expression) { SQLDiagnostics.timespanFormatElement(format, element: error.element, at: $0) }
      }
    case .utcToLocal, .localToUTC:
      let name = function == .utcToLocal ? "datetime_utc_to_local" : "datetime_local_to_utc"
      guard arguments.count == 2, let zone = Self.stringLiteral(arguments[1]) else {
        return nonConstant(name, "time zone", expression)
      }
      let value = argument(arguments, 0, scope)
      if function == .utcToLocal {
        // The zone's wall clock, kept as an instant in UTC so that every other function reads it as Kusto does.
        return .atom(
          "((" + value.operand(.atom) + " AT TIME ZONE " + bind(.string(zone)).text + ") AT TIME ZONE 'UTC')")
      }
      return .atom("((" + utc(value) + ") AT TIME ZONE " + bind(.string(zone)).text + ")")
    case .dayOfWeek:
      return .atom(
        "extract(dow FROM " + utc(argument(arguments, 0, scope)) + ") * interval '24 hours'")
    case .datetimePart:
      guard arguments.count == 2, let part = Self.stringLiteral(arguments[0]) else {
        return nonConstant("datetime_part", "part", expression)
      }
      let fields = [
        "year": "year", "quarter": "quarter", "month": "month", "week_of_year": "week", "day": "day",
        "dayofyear": "doy", "hour": "hour", "minute": "minute",
      ]
      let value = utc(argument(arguments, 1, scope))
      if let field = fields[part] { return .atom("extract(" + field + " FROM " + value + ")").cast("integer") }
      // extract(microseconds) is the seconds field with its fraction, in microseconds.
      let microseconds = "extract(microseconds FROM " + value + ")::bigint"
      switch part {
      case "second": return .atom("(" + microseconds + " / 1000000)::integer")
      case "millisecond": return .atom("(" + microseconds + " % 1000000 / 1000)::integer")
      case "microsecond": return .atom("(" + microseconds + " % 1000000)::integer")
      case "nanosecond": return .atom("(" + microseconds + " % 1000000 * 1000)::integer")
      default: return refuse(expression) { SQLDiagnostics.unknownDatePart("datetime_part", part: part, at: $0) }
      }
    case .endOfWeek:
      return SQLFragment(
        startOfWeek(argument(arguments, 0, scope)).text + " + interval '168 hours' - interval '1 microsecond'",
        .additive)
    case .endOfMonth, .endOfYear:
      // Calendar arithmetic on the UTC wall clock (timestamp without time zone), whatever the session's zone.
      let unit = function == .endOfMonth ? "month" : "year"
      return .atom(
        "((date_trunc('" + unit + "', " + utc(argument(arguments, 0, scope)) + ") + interval '1 " + unit
          + "' - interval '1 microsecond') AT TIME ZONE 'UTC')")
    case .hourOfDay, .dayOfMonth, .getYear, .getMonth, .dayOfYear, .weekOfYear:
      let field: String
      switch function {
      case .hourOfDay: field = "hour"
      case .dayOfMonth: field = "day"
      case .dayOfYear: field = "doy"
      case .weekOfYear: field = "week"
      case .getYear: field = "year"
      default: field = "month"
      }
      return .atom("extract(" + field + " FROM " + utc(argument(arguments, 0, scope)) + ")")
        .cast(Self.shortTypeName(expression.type))
    case .unixTimeMilliseconds:
      return .atom(
        "floor(extract(epoch FROM " + argument(arguments, 0, scope).text + ") * 1000)::bigint")
    case .unixTime(let perSecond):
      let seconds = "extract(epoch FROM " + argument(arguments, 0, scope).text + ")"
      return .atom("floor(" + seconds + (perSecond == 1 ? "" : " * " + String(perSecond)) + ")::bigint")
    case .parseDatetimeFormat:
      return parseDatetimeFormat(arguments, expression, scope)
    case .fromUnixTimeMilliseconds:
      return .binary(
        .atom("TIMESTAMPTZ 'epoch'"), "+",
        .binary(
          argument(arguments, 0, scope), "*", .atom("interval '1 millisecond'"), .multiplicative),
        .additive)
    default:
      return refuse(expression) { SQLDiagnostics.notInFamily(Self.name(of: function), .time, at: $0) }
    }
  }

  /// The number of bins of `size` from `start` to `value` (`rounding` is `floor` for the bin holding `value`,
  /// `ceil` for the count of bins below it), exactly: epoch seconds are `numeric`.
  func binNumber(
    _ value: SQLFragment, from start: SQLFragment, by size: SQLFragment, type: DataType, rounding: String
  ) -> SQLFragment {
    let difference = SQLFragment.binary(value, "-", start, .additive)
    let quotient: String
    switch type {
    case .datetime, .timespan:
      quotient =
        "extract(epoch FROM " + difference.text + ") / extract(epoch FROM " + size.text + ")"
    default:
      quotient = SQLFragment.binary(difference.cast("numeric"), "/", size, .multiplicative).text
    }
    return .atom(rounding + "(" + quotient + ")::bigint")
  }

  /// `bin(value, size)`: rounds down to a multiple of a positive size (datetimes from 0001-01-01, as Kusto);
  /// null for a null or non-positive size.
  private mutating func bin(
    _ arguments: [ScalarExpression], _ expression: ScalarExpression, _ scope: ExpressionScope
  ) -> SQLFragment {
    guard arguments.count == 2 else {
      return refuse(expression) { SQLDiagnostics.binArguments(at: $0) }
    }
    let value = argument(arguments, 0, scope)
    let size = argument(arguments, 1, scope)
    switch arguments[0].type {
    case .datetime:
      return .atom(
        "CASE WHEN " + size.operand(.additive) + " > interval '0' THEN date_bin(" + size.text + ", "
          + value.text
          + ", TIMESTAMPTZ '0001-01-01 00:00:00+00') END")
    case .timespan:
      return .atom(
        "CASE WHEN " + size.operand(.additive) + " > interval '0' THEN floor(extract(epoch FROM "
          + value.text
          + ") / extract(epoch FROM " + size.text + ")) * " + size.operand(.multiplicative) + " END"
      )
    case .long, .int, .real:
      let quotient = SQLFragment.binary(value.cast("numeric"), "/", size, .multiplicative)
      let rounded = SQLFragment.binary(
        .atom("floor(" + quotient.text + ")"), "*", size, .multiplicative)
      return .atom(
        "CASE WHEN " + size.operand(.additive) + " > 0 THEN "
          + rounded.cast(Self.shortTypeName(expression.type)).text
          + " END")
    default:
      return refuse(expression) { SQLDiagnostics.binType(arguments[0].type.rawValue, at: $0) }
    }
  }

  /// The delimiters Kusto documents for the formats of `format_datetime` and `format_timespan`.
  static let formatDelimiters: Set<Character> = [" ", "/", "-", ":", ",", ".", "_", "[", "]"]

  /// A Kusto `format_datetime` / `format_timespan` format as runs of one repeated character (`yyyy-MM` is `y`×4,
  /// `-`×1, `M`×2): each run is a format element or delimiters.
  static func formatRuns(_ format: String) -> [(character: Character, count: Int)] {
    var runs: [(character: Character, count: Int)] = []
    for character in format {
      if let last = runs.last, last.character == character {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((character, 1))
      }
    }
    return runs
  }

  /// A PostgreSQL `to_char` pattern for a Kusto `format_datetime` format, or nil when a specifier has no exact
  /// equivalent.
  static func toCharPattern(fromKusto format: String) -> String? {
    var pattern = ""
    for (character, run) in formatRuns(format) {
      switch (character, run) {
      case ("y", 4): pattern += "YYYY"
      case ("y", 2): pattern += "YY"
      case ("y", 1): pattern += "FMYY"
      case ("M", 2): pattern += "MM"
      case ("M", 1): pattern += "FMMM"
      case ("d", 2): pattern += "DD"
      case ("d", 1): pattern += "FMDD"
      case ("H", 2): pattern += "HH24"
      case ("H", 1): pattern += "FMHH24"
      case ("h", 2): pattern += "HH12"
      case ("h", 1): pattern += "FMHH12"
      case ("m", 2): pattern += "MI"
      case ("m", 1): pattern += "FMMI"
      case ("s", 2): pattern += "SS"
      case ("s", 1): pattern += "FMSS"
      case ("f", 1...6): pattern += "FF\(run)"
      case ("f", 7): pattern += "FF6\"0\""
      case ("t", 2): pattern += "AM"
      case _ where formatDelimiters.contains(character) || character == "T":
        pattern += "\"" + String(repeating: character, count: run) + "\""
      default:
        return nil
      }
    }
    return pattern
  }

  /// One element of a Kusto `format_timespan` format.
  enum TimespanFormatElement: Equatable {
    /// Whole days, zero-padded to at least `width` digits (`d`…`dddddddd`).
    case days(width: Int)
    /// Hours (0–23, `H`/`h`), minutes or seconds (0–59), zero-padded to `width` (1 or 2) digits.
    case hours(width: Int)
    case minutes(width: Int)
    case seconds(width: Int)
    /// The first `digits` digits of the seven-digit fraction of a second (`f`…`fffffff`); `trimmed` (`F`…`FFFFFFF`)
    /// drops their trailing zeros.
    case fraction(digits: Int, trimmed: Bool)
    /// Delimiters, written as they are.
    case text(String)
  }

  /// The elements of a `format_timespan` format, or the first run that is neither an element nor delimiters Kusto
  /// documents (quoted or escaped literal text included: its documentation lists none).
  static func timespanFormat(_ format: String) -> Result<[TimespanFormatElement], TimespanFormatError> {
    var elements: [TimespanFormatElement] = []
    for (character, run) in formatRuns(format) {
      switch (character, run) {
      case ("d", 1...8): elements.append(.days(width: run))
      case ("H", 1...2), ("h", 1...2): elements.append(.hours(width: run))
      case ("m", 1...2): elements.append(.minutes(width: run))
      case ("s", 1...2): elements.append(.seconds(width: run))
      case ("f", 1...7): elements.append(.fraction(digits: run, trimmed: false))
      case ("F", 1...7): elements.append(.fraction(digits: run, trimmed: true))
      case _ where formatDelimiters.contains(character):
        elements.append(.text(String(repeating: character, count: run)))
      default:
        return .failure(TimespanFormatError(element: String(repeating: character, count: run)))
      }
    }
    return .success(elements)
  }

  /// `format_timespan(value, format)`: the elements of the format over the timespan's whole microseconds (Kusto's
  /// seventh fraction digit is always 0 here: PostgreSQL keeps microseconds); null for a null or negative timespan,
  /// whose formatting Kusto does not document.
  mutating func formatTimespan(
    _ value: SQLFragment, _ elements: [TimespanFormatElement]
  ) -> SQLFragment {
    let alias = nextAlias()
    let total = alias + ".\"u\""
    func part(_ divisor: String?, _ modulus: String?) -> String {
      let quotient = divisor.map { "(" + total + " / " + $0 + ")" } ?? total
      return modulus.map { "(" + quotient + " % " + $0 + ")" } ?? quotient
    }
    // Hours, minutes and seconds have at most two digits; days may have more digits than the element's width.
    func padded(_ number: String, _ width: Int, unbounded: Bool = false) -> String {
      guard width > 1 else { return number + "::text" }
      let size = unbounded ? "greatest(" + String(width) + ", length(" + number + "::text))" : String(width)
      return "lpad(" + number + "::text, " + size + ", '0')"
    }
    var pieces: [String] = []
    for element in elements {
      switch element {
      case .days(let width): pieces.append(padded(part("86400000000", nil), width, unbounded: true))
      case .hours(let width): pieces.append(padded(part("3600000000", "24"), width))
      case .minutes(let width): pieces.append(padded(part("60000000", "60"), width))
      case .seconds(let width): pieces.append(padded(part("1000000", "60"), width))
      case .fraction(let digits, let trimmed):
        let ticks = "substr(lpad((" + part(nil, "1000000") + " * 10)::text, 7, '0'), 1, " + String(digits) + ")"
        pieces.append(trimmed ? "rtrim(" + ticks + ", '0')" : ticks)
      case .text(let text): pieces.append(bind(.string(text)).text)
      }
    }
    let formatted = pieces.isEmpty ? "''" : pieces.joined(separator: " || ")
    return .atom(
      "(SELECT CASE WHEN " + total + " >= 0 THEN " + formatted + " END FROM (SELECT (extract(epoch FROM "
        + value.text + ") * 1000000)::bigint AS \"u\") AS " + alias + ")")
  }
}
