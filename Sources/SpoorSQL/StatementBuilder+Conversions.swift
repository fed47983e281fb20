import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan

extension StatementBuilder {
  /// Matches text PostgreSQL's `bigint` input accepts and Kusto reads as a long (at most 18 digits, so no overflow).
  static let longTextPattern = "'^\\s*[-+]?[0-9]{1,18}\\s*$'"
  /// Matches text `integer` input accepts without overflow.
  static let intTextPattern = "'^\\s*[-+]?[0-9]{1,9}\\s*$'"
  /// Matches decimal text `double precision` input accepts without overflow.
  static let realTextPattern = "'^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,2})?\\s*$'"
  /// A calendar date that exists, `YYYY-MM-DD` from year 1: days past a month's end, February 29 outside leap
  /// years and year 0 do not match (PostgreSQL's input would raise an error for them; Kusto gives null).
  static let calendarDatePattern =
    "(?!0000)([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|[0-9]{4}-(0[13-9]|1[0-2])-(29|30)"
    + "|[0-9]{4}-(0[13578]|1[02])-31|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29)"
  /// A date with an optional time and no offset (read as UTC).
  static let localDatetimePattern =
    "'^\\s*" + calendarDatePattern
    + "([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?)?\\s*$'"
  /// A date and time with `Z` or a numeric offset.
  static let zonedDatetimePattern =
    "'^\\s*" + calendarDatePattern
    + "[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?\\s*(Z|z|[-+]([01][0-9]|2[0-3])(:?[0-5][0-9])?)\\s*$'"

  /// `fragment` (of type `source`) converted to `target` with Kusto's rules: null when the value does not convert,
  /// never a PostgreSQL error.
  mutating func convert(
    _ fragment: SQLFragment, from source: DataType, to target: DataType, span: Span?,
    literal: ScalarExpression.Kind? = nil
  ) -> SQLFragment {
    if source == target || (source == .guid && target == .string)
      || (source == .string && target == .guid)
    {
      return fragment
    }
    let value = fragment.operand(.additive)
    switch (target, source) {
    case (.string, .long), (.string, .int), (.string, .real), (.string, .bool):
      return fragment.cast("text")
    case (.string, .datetime):
      return .atom(
        "replace(to_char(" + fragment.operand(.atom)
          + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US0\"Z\"'), '.0000000Z', 'Z')")
    case (.string, .dynamic):
      return SQLFragment(value + " #>> '{}'", .concat)
    case (.string, .timespan):
      // Kusto's `[-][d.]hh:mm:ss[.fffffff]`, from the exact number of seconds.
      let alias = nextAlias()
      let seconds = alias + ".s"
      return .atom(
        "(SELECT CASE WHEN " + alias + ".e < 0 THEN '-' ELSE '' END || CASE WHEN " + seconds
          + " >= 86400 THEN floor("
          + seconds + " / 86400)::text || '.' ELSE '' END || lpad((floor(" + seconds
          + " / 3600)::bigint % 24)::text, 2, '0')"
          + " || ':' || lpad((floor(" + seconds
          + " / 60)::bigint % 60)::text, 2, '0') || ':' || lpad((floor(" + seconds
          + ")::bigint % 60)::text, 2, '0') || CASE WHEN " + seconds
          + " % 1 = 0 THEN '' ELSE '.' || lpad(((" + seconds
          + " % 1) * 10000000)::bigint::text, 7, '0') END FROM (SELECT extract(epoch FROM "
          + fragment.text
          + ") AS e, abs(extract(epoch FROM " + fragment.text + ")) AS s) AS " + alias + ")")
    case (.timespan, .string):
      // `[-][d.]hh:mm[:ss[.fffffff]]`; anything else is null.
      let alias = nextAlias()
      let part = { (index: Int) in alias + ".m[\(index)]" }
      return .atom(
        "(SELECT CASE WHEN " + part(1) + " = '-' THEN -1 ELSE 1 END * (coalesce(" + part(3)
          + ", '0')::bigint * interval '1 day' + "
          + part(4) + "::bigint * interval '1 hour' + " + part(5)
          + "::bigint * interval '1 minute' + coalesce(" + part(7)
          + ", '0')::bigint * interval '1 second' + coalesce(rpad(" + part(9)
          + ", 7, '0'), '0')::bigint / 10 * interval '1 microsecond')"
          + " FROM (SELECT regexp_match(" + fragment.text + ", "
          + "'^\\s*(-)?(([0-9]{1,9})\\.)?([0-9]{1,2}):([0-9]{2})(:([0-9]{2})(\\.([0-9]{1,7}))?)?\\s*$') AS m) AS "
          + alias
          + " WHERE " + alias + ".m IS NOT NULL)")
    case (.long, .string), (.int, .string):
      let pattern = target == .long ? Self.longTextPattern : Self.intTextPattern
      return .atom(
        "CASE WHEN " + value + " ~ " + pattern + " THEN "
          + fragment.cast(Self.shortTypeName(target)).text + " END")
    case (.long, .int):
      return fragment.cast("bigint")
    case (.int, .long):
      return .atom(
        "CASE WHEN " + value + " BETWEEN -2147483648 AND 2147483647 THEN "
          + fragment.cast("integer").text + " END")
    case (.long, .real), (.int, .real):
      let bound = target == .long ? "9.2e18" : "2147483647"
      return .atom(
        "CASE WHEN " + value + " BETWEEN -" + bound + " AND " + bound + " THEN trunc("
          + fragment.text + ")::"
          + Self.shortTypeName(target) + " END")
    case (.long, .bool), (.int, .bool):
      return target == .long ? fragment.cast("integer").cast("bigint") : fragment.cast("integer")
    case (.long, .datetime):
      return .atom(
        "(floor(extract(epoch FROM " + fragment.text + ") * 10000000) + 621355968000000000)::bigint"
      )
    case (.long, .timespan):
      return .atom("floor(extract(epoch FROM " + fragment.text + ") * 10000000)::bigint")
    case (.real, .string):
      return .atom(
        "CASE WHEN " + value + " ~ " + Self.realTextPattern + " AND length(" + fragment.text
          + ") <= 40 THEN "
          + fragment.cast("double precision").text + " END")
    case (.real, .long), (.real, .int):
      return fragment.cast("double precision")
    case (.real, .bool):
      return fragment.cast("integer").cast("double precision")
    case (.bool, .string):
      return .atom(
        "CASE lower(btrim(" + fragment.text + ")) WHEN 'true' THEN true WHEN 'false' THEN false END"
      )
    case (.bool, .long), (.bool, .int), (.bool, .real):
      return .binary(fragment, "<>", .atom("0"), .comparison)
    case (.datetime, .string):
      return .atom(
        "CASE WHEN " + value + " ~ " + Self.zonedDatetimePattern + " THEN "
          + fragment.cast("timestamptz").text
          + " WHEN " + value + " ~ " + Self.localDatetimePattern + " THEN "
          + fragment.cast("timestamp").text
          + " AT TIME ZONE 'UTC' END")
    case (.timespan, .long):
      return .binary(
        SQLFragment.binary(fragment, "/", .atom("10"), .multiplicative), "*",
        .atom("interval '1 microsecond'"),
        .multiplicative)
    case (.dynamic, .string):
      // migrations/0030_spoor_parse_json.sql: JSON text parsed, "" null, anything else a JSON string, no error.
      return Self.function("spoor.parse_json", [fragment])
    case (.dynamic, .long), (.dynamic, .int), (.dynamic, .real), (.dynamic, .bool):
      return Self.function("to_jsonb", [fragment])
    case (.dynamic, .datetime):
      return Self.function(
        "to_jsonb", [convert(fragment, from: .datetime, to: .string, span: span)])
    case (_, .dynamic):
      return convertDynamic(fragment, to: target, span: span)
    default:
      return unsupportedConversion(from: source, to: target, span: span)
    }
  }

  /// A `jsonb` value converted by its JSON type: numbers and booleans directly, strings as text is.
  private mutating func convertDynamic(_ fragment: SQLFragment, to target: DataType, span: Span?)
    -> SQLFragment
  {
    let json = fragment.operand(.atom)
    let asText = SQLFragment(json + " #>> '{}'", .concat)
    var arms: [String] = []
    switch target {
    case .long, .int, .real:
      let number = SQLFragment.atom("(" + json + ")::numeric")
      let fromNumber: SQLFragment
      if target == .real {
        fromNumber = number.cast("double precision")
      } else {
        let bound = target == .long ? "9.2e18" : "2147483647"
        fromNumber = .atom(
          "CASE WHEN " + number.text + " BETWEEN -" + bound + " AND " + bound + " THEN trunc("
            + number.text + ")::"
            + Self.shortTypeName(target) + " END")
      }
      arms.append("WHEN 'number' THEN " + fromNumber.text)
      arms.append(
        "WHEN 'string' THEN " + convert(asText, from: .string, to: target, span: span).text)
      arms.append(
        "WHEN 'boolean' THEN "
          + convert(.atom("(" + json + ")::boolean"), from: .bool, to: target, span: span).text)
    case .bool:
      arms.append("WHEN 'boolean' THEN (" + json + ")::boolean")
      arms.append("WHEN 'number' THEN (" + json + ")::numeric <> 0")
      arms.append(
        "WHEN 'string' THEN " + convert(asText, from: .string, to: .bool, span: span).text)
    case .datetime:
      arms.append(
        "WHEN 'string' THEN " + convert(asText, from: .string, to: .datetime, span: span).text)
    default:
      return unsupportedConversion(from: .dynamic, to: target, span: span)
    }
    return .atom("CASE jsonb_typeof(" + fragment.text + ") " + arms.joined(separator: " ") + " END")
  }

  private mutating func unsupportedConversion(
    from source: DataType, to target: DataType, span: Span?
  ) -> SQLFragment {
    report(
      SQLDiagnostics.noExactConversion(
        from: source.rawValue, to: target.rawValue, at: span ?? currentSpan ?? Span.at(0)))
    return .null
  }
}
