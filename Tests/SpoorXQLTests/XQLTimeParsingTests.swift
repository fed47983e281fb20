import SpoorPostgres
import SpoorTestSupport
import Testing

/// XQL's `parse_timestamp` and `parse_epoch` run on PostgreSQL: exact instants (as epoch microseconds), null for text
/// that does not match its format or names a day that does not exist, never a database error.
@Suite("XQL time parsing", .serialized)
struct XQLTimeParsingTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_time_parsing"))
    try connection.executeScript(XQLExecutionTests.fixture)
  }

  /// One value per case, computed on row e1 (nil for null).
  @Test(
    "parse_epoch and parse_timestamp give exact values",
    arguments: [
      // dates and times, composites, literal text
      (#"parse_epoch("%m/%d/%Y %H:%M:%S", "12/31/2022 23:59:00", "MICROS")"#, "1672531140000000"),
      (#"parse_epoch("%d/%m/%y %H:%M:%S", "25/12/08 12:12:12")"#, "1230207132"),
      (#"parse_epoch("%a %b %e %H:%M:%S %Y", "Wed Jan 20 21:47:00 2021", "MICROS")"#, "1611179220000000"),
      (#"parse_epoch("[%d/%b/%Y:%H:%M:%S %z]", "[10/Oct/2000:13:55:36 -0700]")"#, "971211336"),
      (#"parse_epoch("%Y%%%m", "2024%02", "MICROS")"#, "1706745600000000"),
      (#"parse_epoch("%Y", "0001", "MICROS")"#, "-62135596800000000"),
      // unset fields come from 1970-01-01; whitespace: around the text, and zero or more for a run in the format
      (#"parse_epoch("%H:%M", "  14:30  ", "MICROS")"#, "52200000000"),
      (#"parse_epoch("%Y %m %d", "2024   0229", "MICROS")"#, "1709164800000000"),
      // 12-hour clock, month names in any case
      (#"parse_epoch("%d %B %Y %I:%M %p", "20 january 2021 12:05 PM", "MICROS")"#, "1611144300000000"),
      (#"parse_epoch("%d %B %Y %I:%M %p", "20 JANUARY 2021 12:05 am", "MICROS")"#, "1611101100000000"),
      (
        #"format_timestamp("%Y-%m-%d %H:%M:%S", parse_timestamp("%m/%d/%Y %I:%M:%S %p", "7/4/2025 1:02:03 pm"))"#,
        "2025-07-04 13:02:03"
      ),
      // fractions: %E*S reads any number of digits (past the sixth dropped), %E3S exactly three
      (#"parse_epoch("%F %H:%M:%E*S", "2000-02-29 01:02:03.123456789", "MICROS")"#, "951786123123456"),
      (#"parse_epoch("%F %H:%M:%E*S", "2000-02-29 01:02:03", "MICROS")"#, "951786123000000"),
      (#"parse_epoch("%F %H:%M:%E3S", "2000-02-29 01:02:03.12", "MICROS")"#, nil),
      (#"parse_epoch("%s", "-1", "MILLIS")"#, "-1000"),
      (#"parse_epoch("%T %s", "00:00:00 -1", "MICROS")"#, "-1000000"),
      // offsets in the text, the time zone argument (fixed or IANA, daylight saving included); the text wins
      (#"parse_epoch("%Y-%m-%d %H:%M:%S%Ez", "2023-03-05 00:30:15+02:00", "MICROS")"#, "1677969015000000"),
      (#"parse_epoch("%Y-%m-%dT%H:%M:%S%z", "2023-03-05T00:30:15-0530", "MICROS")"#, "1677996015000000"),
      (#"parse_epoch("%F %T", "2023-03-05 00:30:15", "+02:00", "MICROS")"#, "1677969015000000"),
      (#"parse_epoch("%F %T%Ez", "2023-03-05 00:30:15+02:00", "America/New_York", "MICROS")"#, "1677969015000000"),
      (#"parse_epoch("%F %T", "2023-03-05 00:30:15", "+02:00")"#, "1677969015"),
      (#"parse_epoch("%b %d %Y %H:%M", "Jan 15 2024 08:00", "America/Chicago")"#, "1705327200"),
      (
        #"to_epoch(parse_timestamp("%b %d %Y %H:%M", "Jan 15 2024 08:00", "America/Chicago"), "MILLIS")"#,
        "1705327200000"
      ),
      (#"parse_epoch("%F %T", "2026-07-01 12:00:00", "Europe/Paris", "MICROS")"#, "1782900000000000"),
      (#"parse_epoch("%F %T", "2026-01-01 12:00:00", "Europe/Paris", "MICROS")"#, "1767265200000000"),
      // a number takes two digits when two follow, as strptime reads (no backtracking)
      (#"format_timestamp("%F %T", parse_timestamp("%Y%m%d%H%M%S", "20241112030500"))"#, "2024-11-12 03:05:00"),
      (#"format_timestamp("%F %T", parse_timestamp("%Y%m%d", "2024111"))"#, "2024-11-01 00:00:00"),
      (#"format_timestamp("%F %T", parse_timestamp("%H%M", "123"))"#, "1970-01-01 12:03:00"),
      (#"parse_epoch("%Y%m%d%H%M%S", "2024111235")"#, nil),
      (#"parse_epoch("%m/%d/%Y", "13/1/2024")"#, nil),
      // calendar dates: leap years only, no day past its month's end
      (#"parse_epoch("%F", "2024-02-29", "MICROS")"#, "1709164800000000"),
      (#"parse_epoch("%F", "2023-02-29")"#, nil),
      (#"parse_epoch("%F", "1900-02-29")"#, nil),
      (#"parse_epoch("%F", "2023-04-31")"#, nil),
      (#"parse_epoch("%F", "0000-01-01")"#, nil),
      // text that does not match
      (#"parse_epoch("%F", "2024-13-01")"#, nil),
      (#"parse_epoch("%F", "2024-02-29x")"#, nil),
      (#"parse_epoch("%F %T", "2024-02-29 24:00:00")"#, nil),
      (#"parse_epoch("%Y-%m-%d %H:%M:%S%Ez", "2023-03-05 00:30:15+0200")"#, nil),
      (#"format_timestamp("%F", parse_timestamp("%F", agent_id))"#, nil),
      // format_timestamp with literal text beside the specifiers; null stays null
      (
        #"format_timestamp("%Y-%m-%dT%H:%M:%SZ", parse_timestamp("%F %T", "2024-11-12 03:05:00"))"#,
        "2024-11-12T03:05:00Z"
      ),
      (#"format_timestamp("at %H:%M (100%%)", parse_timestamp("%F %T", "2024-11-12 03:05:00"))"#, "at 03:05 (100%)"),
      (#"format_timestamp("%FT%TZ", parse_timestamp("%F", agent_id))"#, nil),
    ] as [(String, String?)])
  func values(expression: String, expected: String?) throws {
    let (_, rows) = try TranslationHarness.run(
      #"dataset = xdr_data | filter event_id = "e1" | alter v = "# + expression + " | fields v", language: .xql,
      now: XQLExecutionTests.now, on: connection)
    #expect(rows == [[expected]])
  }
}
