import SpoorDiagnostics
import SpoorFormats
import SpoorPlan

extension StatementBuilder {
  /// `parseDatetimeFormat(text, format, zone)`: one anchored regular expression built from the format's elements
  /// (leading and trailing whitespace allowed, a run of whitespace in the format reads zero or more), then each
  /// field taken from its capture group and the instant computed with interval arithmetic only, so that text that
  /// does not match, or a day past its month's end, gives null and never a PostgreSQL error.
  mutating func parseDatetimeFormat(
    _ arguments: [ScalarExpression], _ expression: ScalarExpression, _ scope: ExpressionScope
  ) -> SQLFragment {
    guard arguments.count == 3, let format = Self.stringLiteral(arguments[1]) else {
      return nonConstant("parse_timestamp", "format", expression)
    }
    let elements: [StrftimeFormat.Element]
    do {
      elements = try StrftimeFormat(parsing: format).elements
    } catch {
      return refuse(expression) { SQLDiagnostics.timeFormatElement(error.element, at: $0) }
    }
    let text = scalar(arguments[0], scope)
    let matched = nextAlias()
    let fields = nextAlias()
    var pattern = "^\\s*"
    var group = 0
    func capture(_ regex: String) -> String {
      group += 1
      pattern += "(" + regex + ")"
      return matched + ".m[" + String(group) + "]"
    }
    var year = "1970"
    var month = "1"
    var day: String?
    var hour24: String?
    var hour12: String?
    var amPM: String?
    var minute = "0"
    var second = "0"
    var microsecond = "0"
    var offset: String?
    var epoch: String?
    for element in elements {
      switch element {
      case .literal(let literal):
        pattern += Self.regexLiteral(literal)
      case .whitespace:
        pattern += "\\s*"
      case .year:
        year = capture("(?!0000)[0-9]{4}") + "::integer"
      case .twoDigitYear:
        let digits = capture("[0-9]{2}") + "::integer"
        year = "(" + digits + " + CASE WHEN " + digits + " < 69 THEN 2000 ELSE 1900 END)"
      case .month:
        month = capture("0[1-9]|1[0-2]|[1-9](?![0-9])") + "::integer"
      case .monthName:
        let name = capture(Self.namePattern(StrftimeFormat.monthNames))
        month = "((strpos('janfebmaraprmayjunjulaugsepoctnovdec', lower(left(" + name + ", 3))) + 2) / 3)"
      case .day, .spacePaddedDay:
        if element == .spacePaddedDay { pattern += " ?" }
        day = capture("0[1-9]|[12][0-9]|3[01]|[1-9](?![0-9])") + "::integer"
      case .hour24:
        hour24 = capture("[01][0-9]|2[0-3]|[0-9](?![0-9])") + "::integer"
      case .hour12:
        hour12 = capture("0[1-9]|1[0-2]|[1-9](?![0-9])") + "::integer"
      case .amPM:
        amPM = capture("[AaPp][Mm]")
      case .minute:
        minute = capture(Self.sixtyPattern) + "::integer"
      case .second:
        second = capture(Self.sixtyPattern) + "::integer"
      case .secondWithFraction(let digits):
        second = capture(Self.sixtyPattern) + "::integer"
        // Digits past the sixth are dropped: PostgreSQL keeps microseconds.
        if let digits {
          pattern += "\\."
          microsecond = "rpad(" + capture("[0-9]{" + String(digits) + "}") + ", 6, '0')::integer"
        } else {
          pattern += "(?:\\."
          microsecond = "coalesce(rpad(" + capture("[0-9]{1,9}(?![0-9])") + ", 6, '0'), '0')::integer"
          pattern += ")?"
        }
      case .weekdayName:
        pattern += "(?:" + Self.namePattern(StrftimeFormat.weekdayNames) + ")"
      case .utcOffset(let colon):
        let sign = capture("[+-]")
        let hours = capture("0[0-9]|1[0-4]")
        if colon { pattern += ":" }
        let minutes = capture("[0-5][0-9]")
        offset =
          "CASE WHEN " + sign + " = '-' THEN -1 ELSE 1 END * (" + hours + "::integer * 60 + " + minutes + "::integer)"
      case .epochSeconds:
        epoch = capture("-?[0-9]{1,11}(?![0-9])") + "::bigint"
      }
    }
    pattern += "\\s*$"
    let field = { (name: String) in fields + "." + name }
    var columns: [(String, String)]
    let instant: String
    if let epoch {
      columns = [(epoch, "e")]
      instant = "TIMESTAMPTZ 'epoch' + " + field("e") + " * interval '1 second'"
    } else {
      var hour = hour24 ?? "0"
      if let hour12 {
        hour =
          "(" + hour12 + " % 12"
          + (amPM.map { " + CASE WHEN upper(" + $0 + ") = 'PM' THEN 12 ELSE 0 END" } ?? "") + ")"
      }
      columns = [
        (year, "y"), (month, "mo"), (day ?? "1", "d"), (hour, "h"), (minute, "mi"), (second, "s"),
        (microsecond, "us"),
      ]
      let local =
        "(TIMESTAMP '1970-01-01' + make_interval(years => " + field("y") + " - 1970, months => " + field("mo")
        + " - 1, days => " + field("d") + " - 1, hours => " + field("h") + ", mins => " + field("mi") + ", secs => "
        + field("s") + ") + " + field("us") + " * interval '1 microsecond')"
      var zoned: String
      if let offset {
        columns.append((offset, "z"))
        zoned = "(" + local + " AT TIME ZONE 'UTC') - " + field("z") + " * interval '1 minute'"
      } else if case .literal(.string(let zone)) = arguments[2].kind {
        zoned = local + " AT TIME ZONE " + bind(.string(zone)).text
      } else if case .literal(.long(let minutes)) = arguments[2].kind, minutes != 0 {
        zoned = "(" + local + " AT TIME ZONE 'UTC') - " + bind(.long(minutes)).text + " * interval '1 minute'"
      } else {
        zoned = local + " AT TIME ZONE 'UTC'"
      }
      if day != nil {
        // The day must exist: February 29 only in leap years, no 31st in 30-day months.
        zoned =
          "CASE WHEN " + field("d") + " <= CASE WHEN " + field("mo") + " = 2 THEN CASE WHEN " + field("y")
          + " % 4 = 0 AND (" + field("y") + " % 100 <> 0 OR " + field("y") + " % 400 = 0) THEN 29 ELSE 28 END WHEN "
          + field("mo") + " IN (4, 6, 9, 11) THEN 30 ELSE 31 END THEN " + zoned + " END"
      }
      instant = zoned
    }
    let regexMatch = "regexp_match(" + text.text + ", " + bind(.string(pattern)).text + ")"
    return .atom(
      "(SELECT " + instant + " FROM (SELECT " + columns.map { $0.0 + " AS " + $0.1 }.joined(separator: ", ")
        + " FROM (SELECT " + regexMatch + " AS m) AS " + matched + " WHERE " + matched + ".m IS NOT NULL) AS "
        + fields + ")")
  }

  /// A minute or second: two digits, or one digit not followed by another.
  ///
  /// Like every number of one or two digits here, it takes two digits when two follow (strptime reads that way, and never backtracks), so a format without
  /// separators (`%H%M%S`) reads the same text the same way whatever the regular expression engine prefers.
  static let sixtyPattern = "[0-5][0-9]|[0-9](?![0-9])"

  /// `text` as a regular expression that matches exactly it (ASCII punctuation escaped).
  static func regexLiteral(_ text: String) -> String {
    text.map { character in
      character.isASCII && !character.isLetter && !character.isNumber ? "\\" + String(character) : String(character)
    }.joined()
  }

  /// English names, each whole or by its first three letters, in any case (`[Jj][Aa][Nn](?:[Uu][Aa][Rr][Yy])?`).
  static func namePattern(_ names: [String]) -> String {
    func anyCase(_ text: Substring) -> String {
      text.map { "[" + $0.uppercased() + $0.lowercased() + "]" }.joined()
    }
    return names.map { name in
      let rest = name.dropFirst(3)
      return anyCase(name.prefix(3)) + (rest.isEmpty ? "" : "(?:" + anyCase(rest) + ")?")
    }.joined(separator: "|")
  }
}
